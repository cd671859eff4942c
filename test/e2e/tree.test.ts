// Claim from the Tasks tree the way a person does: open the view, hover the
// task's row, click its inline Claim action, pick the agent in the quick pick,
// and find the claim written in TODO.md on disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { useWorkbench } from '../host';

/**
 * Inline actions show while the pointer is on the row; a refresh of the tree (the store's first
 * scans settling) re-renders the row and hides them again, so hover and click are retried together.
 */
async function clickInlineClaim(row: Locator): Promise<void> {
  const claim = row.locator('.actions .action-label[aria-label="Claim Task"], .actions .action-label[title="Claim Task"]').first();
  for (let attempt = 1; ; attempt++) {
    try {
      await row.hover({ timeout: 5_000 });
      await claim.click({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await row.page().mouse.move(0, 0);
    }
  }
}

describe('Tasks tree in the browser', function () {
  this.timeout(180_000);
  const session = useWorkbench();

  it('claims a task with the inline action and the agent quick pick', async () => {
    const { workbench, host } = session;
    const { page } = workbench;
    await workbench.clickActivityBar('Agent Tasks');

    const row = workbench.treeItem('TASK_004: Rate-limit the login endpoint').first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    const todoFile = path.join(host.workspace, 'TODO.md');
    const before = fs.readFileSync(todoFile, 'utf8');
    assert.match(before, /TASK_004[^\n]*\n {2}priority: medium\n {2}assigned_agent:\n {2}status: todo\n/);

    await clickInlineClaim(row);

    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    const choice = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'frontend-engineer' }).first();
    await choice.waitFor({ state: 'visible', timeout: 10_000 });
    await workbench.screenshot('tree-claim-agent-pick');
    await choice.click();

    const deadline = Date.now() + 20_000;
    let after = before;
    while (Date.now() < deadline && !/assigned_agent: frontend-engineer/.test(after)) {
      await page.waitForTimeout(200);
      after = fs.readFileSync(todoFile, 'utf8');
    }
    assert.match(after, /TASK_004[^\n]*\n {2}priority: medium\n {2}assigned_agent: frontend-engineer\n {2}status: claimed\n {2}claimed_at: "[^"]+"\n/);
    assert.match(after, /- \S+ frontend-engineer claimed TASK_004\n/);
    // Everything else is untouched: the rest of the file around the task is as it was.
    assert.equal(after.slice(0, after.indexOf('- TASK_004')), before.slice(0, before.indexOf('- TASK_004')));

    // The tree follows: TASK_004 now shows as claimed by frontend-engineer.
    await workbench.treeItem('TASK_004').filter({ hasText: '@frontend-engineer' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const shot = await workbench.screenshot('tree-after-claim');
    assert.ok(fs.statSync(shot).size > 0);
  });

  it('claims for the agent whose name was typed in full, even when Enter comes at once', async () => {
    const { workbench, host } = session;
    const { page } = workbench;
    // The Agent Tasks view is still open from the test above (clicking its icon again would close it).
    const row = workbench.treeItem('TASK_005: Write OpenAPI spec for the users API').first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    const todoFile = path.join(host.workspace, 'TODO.md');
    // The last agent used (frontend-engineer, from the test above) is first in the list; typing
    // another agent's full name and pressing Enter straight away must claim for the typed name.
    await clickInlineClaim(row);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 10_000 });
    await input.pressSequentially('eng-backend', { delay: 0 });
    await input.press('Enter');
    const deadline = Date.now() + 20_000;
    let after = fs.readFileSync(todoFile, 'utf8');
    while (Date.now() < deadline && !/TASK_005[^\n]*\n {2}priority: medium\n {2}assigned_agent: \S/.test(after)) {
      await page.waitForTimeout(200);
      after = fs.readFileSync(todoFile, 'utf8');
    }
    assert.match(after, /TASK_005[^\n]*\n {2}priority: medium\n {2}assigned_agent: eng-backend\n {2}status: claimed\n/);
  });
});
