// Makes the git set-up offer a few seconds after start-up (it runs git, which
// activation must not wait for). Under test, `_agentTaskBoard.gitSetup.offer`
// (a test hook, testHooks.ts) runs it on demand with a notifier that answers for the user.
import * as vscode from 'vscode';
import { GitSetupOffer, OFFERED_KEY, type GitSetupAnswer, type OfferOutcome } from './gitSetupOffer';
import { showGitSetupOffer } from './gitSetupNotifier';
import { logWarning } from '../log';
import { isUnderTest, registerTestHooks } from '../testHooks';

const DELAY_MS = 3000;

export function registerGitSetupOffer(context: vscode.ExtensionContext): vscode.Disposable {
  const offer = new GitSetupOffer(context.workspaceState, context.extensionPath, showGitSetupOffer);
  const timer = setTimeout(() => {
    offer.run().catch((error: unknown) => logWarning(`git set-up offer: ${String(error)}`));
  }, DELAY_MS);
  return vscode.Disposable.from(
    new vscode.Disposable(() => clearTimeout(timer)),
    registerTestHooks(isUnderTest(context), {
      '_agentTaskBoard.gitSetup.offer': async (answer: GitSetupAnswer, forget?: boolean): Promise<OfferOutcome> => {
        if (forget) await context.workspaceState.update(OFFERED_KEY, undefined);
        return new GitSetupOffer(context.workspaceState, context.extensionPath, () => Promise.resolve(answer)).run();
      },
    }),
  );
}
