// The Tasks view on the demo workspace in one VS Code session, as a person
// uses it: the activity-bar item opens it; the filter quick picks narrow it;
// an illegal move an agent writes is reverted from the notification; a task
// is claimed with its inline action and the agent quick pick, and the claim is
// found in TODO.md on disk. One session for all four parts, since starting one
// costs some 25 CPU-seconds on a 2-core machine. The parts run in this order
// so that each finds the demo workspace as the fixture has it: the view opens
// first, the filter is cleared by its own test, the revert puts TODO.md back
// byte for byte, and the claims, which change the file, come last.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { useWorkbench } from '../host';
import { pickQuickInput, taskBlock, until } from './boardSupport';

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

describe('Tasks view on the demo workspace, in one session', function () {
  this.timeout(180_000);
  const session = useWorkbench();

  describe('Agent Tasks view in the browser', function () {
    this.timeout(120_000);

    it('shows the TODO.md board after clicking the activity-bar item', async () => {
      const { workbench } = session;
      await workbench.clickActivityBar('Agent Tasks');
      // A file row (the first, file-list tree) or the row of TODO.md's claimed task TASK_003 (the task tree).
      const row = workbench.treeItem('TODO.md').or(workbench.treeItem('TASK_003'));
      await row.first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok((await row.count()) >= 1);
      const file = await workbench.screenshot('agent-tasks-view');
      assert.ok(fs.statSync(file).size > 0);
    });

    it('lays the workbench out at each size the harness resizes the page to', async () => {
      const { workbench } = session;
      const root = workbench.page.locator('.monaco-workbench');
      for (const size of [{ width: 1600, height: 1000 }, { width: 1280, height: 1200 }, { width: 1280, height: 800 }]) {
        await workbench.resize(size);
        const box = await root.boundingBox();
        assert.deepEqual(box && { width: box.width, height: box.height }, size);
      }
    });
  });

  describe('Tasks tree filter quick picks in the browser', function () {
    this.timeout(180_000);
    const page = () => session.workbench.page;
    // The pane whose tree is the Tasks view (its header's accessible name changes with the description).
    const tasksPane = () => page().locator('.pane', { has: page().locator('.monaco-list[aria-label="Tasks"]') });

    /** The Tasks view's rows as `<level> <accessible name>` (group rows: `Claimed, 1 task`; task rows: label and description). */
    const rows = () =>
      tasksPane()
        .locator('.monaco-list-row[role="treeitem"]')
        .evaluateAll((rs) => rs.map((r) => `${r.getAttribute('aria-level')} ${r.getAttribute('aria-label')}`));
    const groups = async () => (await rows()).filter((r) => r.startsWith('1 ')).map((r) => r.slice(2));
    /** Task rows by their board id (`TASK_003`), or their title for checklist items. */
    const tasks = async () => (await rows()).filter((r) => r.startsWith('2 ')).map((r) => /^TASK_\d+/.exec(r.slice(2))?.[0] ?? r.slice(2));

    async function rowsAre(what: string, expectedGroups: string[], expectedTasks: string[]): Promise<void> {
      await until(`${what}: ${expectedGroups.join(', ')}`, async () => {
        const [g, t] = [await groups(), await tasks()];
        return JSON.stringify(g) === JSON.stringify(expectedGroups) && JSON.stringify(t) === JSON.stringify(expectedTasks);
      }).catch(async (error) => {
        throw new Error(`${String(error)}; rows now: ${(await rows()).join(' / ')}`);
      });
    }

    /** Waits for the quick pick titled `title` to show, with the keyboard in it. */
    async function quickPick(title: string): Promise<void> {
      await page().locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
      await page().locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 5_000 });
      await until('the quick pick has the keyboard', () =>
        page().evaluate(() => (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document.activeElement?.closest('.quick-input-widget') != null),
      );
    }

    /** Types into the open quick pick and presses Enter once `label` is the highlighted row. */
    async function typeAndEnter(text: string, label: string): Promise<void> {
      await page().keyboard.type(text);
      const focused = page().locator('.quick-input-widget .monaco-list-row.focused .label-name').first();
      await until(`"${label}" highlighted`, async () => ((await focused.textContent({ timeout: 2_000 }).catch(() => '')) ?? '').trim() === label);
      await page().keyboard.press('Enter');
    }

    const openFilter = async () => {
      await session.workbench.runCommand('Agent Task Board: Filter Tasks…');
      await quickPick('Filter tasks');
    };
    const description = () => tasksPane().locator('.pane-header .description').textContent();

    it('filters the Tasks view by agent and priority through the quick picks opened from the palette, and clears it', async () => {
      const { workbench } = session;
      await workbench.resize({ width: 1280, height: 1100 });
      await workbench.showActivityBarView('Agent Tasks');
      await workbench.treeItem('TASK_004').first().waitFor({ state: 'visible', timeout: 60_000 });
      const unfilteredGroups = ['To Do, 8 tasks', 'Claimed, 1 task', 'In Progress, 2 tasks', 'Done, 3 tasks'];
      await until('every group shown', async () => JSON.stringify(await groups()) === JSON.stringify(unfilteredGroups));

      // By agent, with the mouse: the agents of the workspace's tasks are offered with their task counts.
      await openFilter();
      await pickQuickInput(page(), 'By agent…');
      await quickPick('Show the tasks of');
      const offered = await page()
        .locator('.quick-input-widget .monaco-list-row')
        .evaluateAll((rs) => rs.map((r) => [r.querySelector('.label-name'), r.querySelector('.label-description')].map((e) => (e?.textContent ?? '').trim()).join(' ').trim()));
      assert.deepEqual(offered, ['Any agent', 'Unassigned 4 tasks', 'backend-engineer 7 tasks', 'eng-backend 1 task', 'frontend-engineer 2 tasks']);
      await pickQuickInput(page(), 'eng-backend');
      // Every status group stays, counting what the filter keeps.
      await rowsAre('only eng-backend', ['To Do, 0 tasks', 'Claimed, 1 task', 'In Progress, 0 tasks', 'Done, 0 tasks'], ['TASK_003']);
      await until('the view says the filter', async () => (await description()) === '@eng-backend');

      // By priority, with the keyboard, on top of the agent: eng-backend has no low-priority task.
      await openFilter();
      await typeAndEnter('priority', 'By priority…');
      await quickPick('Show the tasks with priority');
      await typeAndEnter('low', 'low');
      await until('the no-match message', () => tasksPane().getByText('No task matches the filter.').isVisible());
      await rowsAre('nothing', ['To Do, 0 tasks', 'Claimed, 0 tasks', 'In Progress, 0 tasks', 'Done, 0 tasks'], []);
      await until('the view says both filters', async () => (await description()) === '@eng-backend · !low');

      // Any agent again: the low-priority tasks of everyone.
      await openFilter();
      await typeAndEnter('agent', 'By agent…');
      await quickPick('Show the tasks of');
      await typeAndEnter('any', 'Any agent');
      await rowsAre('only low priority', ['To Do, 2 tasks', 'Claimed, 0 tasks', 'In Progress, 0 tasks', 'Done, 0 tasks'], ['TASK_006', 'TASK_007']);
      await until('the view says the filter', async () => (await description()) === '!low');
      await until('the no-match message gone', async () => !(await tasksPane().getByText('No task matches the filter.').isVisible()));

      // Clear filter: every task back.
      await openFilter();
      await pickQuickInput(page(), 'Clear filter');
      await until('every group back', async () => JSON.stringify(await groups()) === JSON.stringify(unfilteredGroups));
      await workbench.treeItem('TASK_004').first().waitFor({ state: 'visible', timeout: 10_000 });
      await until('no filter description', async () => ((await description()) ?? '') === '');
    });
  });

  describe('Tasks tree after a revert', function () {
    this.timeout(180_000);

    it('shows the reverted task in To Do at once, with no error, and reverts the agent too', async () => {
      const { workbench, host } = session;
      const { page } = workbench;
      // Tall enough for every group of the demo board to be rendered (the list draws only what is in view).
      await workbench.resize({ width: 1280, height: 1200 });
      await workbench.showActivityBarView('Agent Tasks');
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

  describe('Tasks tree in the browser', function () {
    this.timeout(180_000);

    it('claims a task with the inline action and the agent quick pick', async () => {
      const { workbench, host } = session;
      const { page } = workbench;
      await workbench.showActivityBarView('Agent Tasks');

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
});
