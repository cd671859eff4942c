// An agent writes an illegal move to disk and the user clicks Revert on the
// notification: the file goes back whole (status and agent), and the Tasks
// tree follows the task back to its group at once, without an error toast.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useWorkbench } from '../host';
import { taskBlock, until } from './boardSupport';

describe('Tasks tree after a revert', function () {
  this.timeout(180_000);
  const session = useWorkbench();

  it('shows the reverted task in To Do at once, with no error, and reverts the agent too', async () => {
    const { workbench, host } = session;
    const { page } = workbench;
    // Tall enough for every group of the demo board to be rendered (the list draws only what is in view).
    await workbench.resize({ width: 1280, height: 1200 });
    await workbench.clickActivityBar('Agent Tasks');
    const row = workbench.treeItem('TASK_006: Integrate Stripe webhooks');
    await row.first().waitFor({ state: 'visible', timeout: 60_000 });

    // An agent skips the claim: todo → done, with its name, written on disk.
    const todoFile = path.join(host.workspace, 'TODO.md');
    const before = fs.readFileSync(todoFile, 'utf8');
    const block = taskBlock(before, 'TASK_006');
    const illegal = block.replace('assigned_agent:\n', 'assigned_agent: rogue-agent\n').replace('status: todo', 'status: done');
    fs.writeFileSync(todoFile, before.replace(block, illegal));
    await until('the tree shows TASK_006 done by rogue-agent', async () => (await row.filter({ hasText: '@rogue-agent' }).count()) > 0, 30_000);

    const toast = page.locator('.notification-toast', { hasText: 'TASK_006' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await toast.locator('.monaco-button', { hasText: /^Revert$/ }).click();

    await until('TODO.md back as it was', () => fs.readFileSync(todoFile, 'utf8') === before, 20_000);
    // The To Do group shows the task again, without a collapse and expand.
    await until('TASK_006 back in To Do, without an agent', async () => {
      const labels = await row.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      return labels.length === 1 && !labels[0]!.includes('rogue-agent');
    });
    const todoGroup = workbench.treeItem('To Do').first();
    assert.match((await todoGroup.getAttribute('aria-label')) ?? '', /^To Do, \d+ tasks$/);
    assert.equal(await todoGroup.getAttribute('aria-expanded'), 'true');
    await page.waitForTimeout(1000);
    const toasts = await page.locator('.notification-toast').allInnerTexts();
    assert.deepEqual(toasts.filter((t) => /already registered|error/i.test(t)), []);
    await workbench.screenshot('tree-after-revert');
  });
});
