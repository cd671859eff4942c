// The first-run walkthrough as VS Code loaded it: it is contributed, every step
// has its page in the extension, and every command a step links to or waits
// for exists in this host, so no step is a dead button or can never complete.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents: string[];
}

interface Walkthrough {
  id: string;
  title: string;
  steps: Step[];
}

describe('first-run walkthrough', () => {
  let extension: vscode.Extension<unknown>;
  let walkthrough: Walkthrough;
  let nls: Record<string, string>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded`);
    extension = found;
    await extension.activate();
    const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs?: Walkthrough[] } }).contributes.walkthroughs ?? [];
    const ours = walkthroughs.find((w) => w.id === 'agentTaskBoard.gettingStarted');
    assert.ok(ours, `no walkthrough agentTaskBoard.gettingStarted among ${walkthroughs.map((w) => w.id).join(', ')}`);
    walkthrough = ours;
    nls = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
  });

  /** VS Code usually hands packageJSON over with `%key%` already replaced; resolve it when it did not. */
  const localized = (text: string): string => {
    const key = /^%(.+)%$/.exec(text)?.[1];
    return key === undefined ? text : (nls[key] ?? text);
  };

  it('has the five steps of the first run, in order', () => {
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['openView', 'openBoard', 'claim', 'quickFix', 'agents'],
    );
  });

  it('has a page for every step inside the extension, and a title and description', () => {
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media, `step ${step.id} has no media`);
      const file = path.join(extension.extensionPath, media);
      assert.ok(fs.statSync(file).size > 0, `${media} is empty`);
      for (const text of [step.title, step.description]) {
        const shown = localized(text);
        assert.ok(shown.length > 0 && !/^%.*%$/.test(shown), `step ${step.id}: "${text}" does not resolve through package.nls.json`);
      }
    }
  });

  it('tells that the steps follow the repository\'s own lifecycle', () => {
    const page = (id: string): string => {
      const step = walkthrough.steps.find((s) => s.id === id)!;
      return fs.readFileSync(path.join(extension.extensionPath, step.media.markdown!), 'utf8');
    };
    // The board's columns and the moves are the lifecycle's, not a fixed four.
    assert.match(page('openBoard'), /a column per status[\s\S]*\.agent-task-board\.yml/);
    assert.match(page('claim'), /\.agent-task-board\.yml[\s\S]*Move Task to…/);
    assert.match(localized(walkthrough.steps.find((s) => s.id === 'openBoard')!.description), /a column per status/);
  });

  it('links to and waits for commands that exist', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const used = new Set<string>();
    for (const step of walkthrough.steps) {
      const description = localized(step.description);
      for (const match of description.matchAll(/\(command:([\w.]+)/g)) used.add(match[1]!);
      for (const event of step.completionEvents) {
        if (event.startsWith('onCommand:')) used.add(event.slice('onCommand:'.length));
      }
      assert.ok(step.completionEvents.length > 0, `step ${step.id} can never complete`);
    }
    assert.ok(used.has('agentTaskBoard.openBoard') && used.has('agentTaskBoard.claim'), [...used].join(', '));
    const missing = [...used].filter((id) => !commands.has(id));
    assert.deepEqual(missing, []);
  });

  it('completes the Agent Tasks step on a view that exists', () => {
    const views = (extension.packageJSON as { contributes: { views: Record<string, { id: string }[]> } }).contributes.views;
    const viewIds = new Set(Object.values(views).flat().map((v) => v.id));
    const onView = walkthrough.steps.flatMap((s) => s.completionEvents).filter((e) => e.startsWith('onView:')).map((e) => e.slice('onView:'.length));
    assert.deepEqual(onView, ['agentTaskBoard.tasks']);
    for (const id of onView) assert.ok(viewIds.has(id), `onView:${id} names no contributed view`);
  });
});
