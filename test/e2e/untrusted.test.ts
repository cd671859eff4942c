// Restricted mode in the browser: the workspace is opened NOT trusted. The
// Agent Tasks view still lists the tasks, says why it is read-only, and a
// todo row has no inline Claim action (the menus need isWorkspaceTrusted).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, useWorkbench } from '../host';

/** The message as trust.ts defines it (the source is read, since it cannot be imported outside VS Code). */
function untrustedMessage(): string {
  const source = fs.readFileSync(path.join(repoRoot, 'src', 'extension', 'trust.ts'), 'utf8');
  const found = /UNTRUSTED_MESSAGE = vscode\.l10n\.t\(\s*'([^']+)'/.exec(source);
  assert.ok(found, 'UNTRUSTED_MESSAGE is not a single-quoted vscode.l10n.t literal in src/extension/trust.ts any more');
  return found[1]!;
}

describe('Agent Tasks view in an untrusted workspace', function () {
  this.timeout(180_000);
  const session = useWorkbench({ trusted: false });

  it('shows the not-trusted message and no inline Claim on a todo row', async () => {
    const { workbench, host } = session;
    const { page } = workbench;
    const before = fs.readFileSync(path.join(host.workspace, 'TODO.md'));
    await workbench.clickActivityBar('Agent Tasks');

    const row = workbench.treeItem('TASK_004: Rate-limit the login endpoint').first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });

    const message = untrustedMessage();
    assert.match(message, /not trusted/);
    const shown = page.locator('.tree-explorer-viewlet-tree-view > .message').filter({ hasText: message });
    await shown.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await shown.first().textContent())?.trim(), message);

    // Every tree row gets its (possibly empty) inline action bar when rendered; a trusted
    // workspace puts Claim Task in it for a todo task (test/e2e/tree.test.ts clicks it).
    await row.hover();
    await row.locator('.actions .actions-container').first().waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await row.locator('.actions .action-label').count(), 0, 'no inline action on the todo row');
    assert.equal(await row.locator('.actions [aria-label="Claim Task"], .actions [title="Claim Task"]').count(), 0);

    const shot = await workbench.screenshot('untrusted-tasks-view');
    assert.ok(fs.statSync(shot).size > 0);
    assert.ok(fs.readFileSync(path.join(host.workspace, 'TODO.md')).equals(before), 'TODO.md untouched');
  });
});
