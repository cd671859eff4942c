// The Tasks view's filter through its quick picks, in a real VS Code
// (code-server) driven by Chromium: Filter Tasks… from the command palette,
// then what to filter by and the agent or priority, picked with the mouse or
// typed and Enter. What is checked is what the user sees in the Tasks view:
// its rows, its description and its "no task matches" message.
import * as assert from 'node:assert/strict';
import { useWorkbench } from '../host';
import { pickQuickInput, until } from './boardSupport';

describe('Tasks tree filter quick picks in the browser', function () {
  this.timeout(180_000);
  const session = useWorkbench();
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
    await workbench.clickActivityBar('Agent Tasks');
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
