// The board's filter bar and swimlanes in a real VS Code (code-server) driven
// by Chromium, the way a user works them: Tab from the search box to each
// control (each has a label), choose with the arrow keys or by typing, type
// words in the search box, Space on the swimlane checkbox. What is checked is
// what the user sees: which cards sit in which column and lane, the column
// counts and the summary, the whole board back once a filter is cleared, and
// the same view after the board was hidden (its page disposed) and shown.
import * as assert from 'node:assert/strict';
import type { Frame, Locator } from 'playwright-core';
import { useWorkbench } from '../host';
import { openBoard, seeBoard, until, type SeenBoard } from './boardSupport';

const BE = 'backend-engineer/';
const FE = 'frontend-engineer/';

/** Every card of the demo workspace, as `<column> <id>`: TODO.md's tasks and the two agents' checklist items. */
const ALL = [
  `todo ${BE}add-pagination-to-get-api-users`,
  `todo ${BE}document-error-codes-in-the-openapi-spec`,
  `todo ${FE}sign-up-form-wired-to-post-api-users`,
  `todo ${FE}show-api-validation-errors-inline`,
  'todo TASK_004',
  'todo TASK_005',
  'todo TASK_006',
  'todo TASK_007',
  'claimed TASK_003',
  `in_progress ${BE}implement-post-api-users-endpoint`,
  'in_progress TASK_002',
  `done ${BE}design-the-users-and-sessions-schema`,
  `done ${BE}set-up-the-migrations-folder`,
  'done TASK_001',
].sort();
const TOTAL = ALL.length;

/** The board's cards as sorted `<column> <id>` strings. */
const placed = (view: SeenBoard): string[] => view.cards.map((c) => `${c.status} ${c.id}`).sort();
/** The board's cards as sorted `<lane header> | <column> <id>` strings. */
const laned = (view: SeenBoard): string[] => view.cards.map((c) => `${c.lane} | ${c.status} ${c.id}`).sort();
const countsOf = (cards: readonly string[]) => {
  const counts: Record<string, number> = { todo: 0, claimed: 0, in_progress: 0, done: 0 };
  for (const c of cards) counts[c.split(' ')[0]]++;
  return counts;
};

describe('Board filters and swimlanes in the browser', function () {
  this.timeout(180_000);
  const session = useWorkbench();
  let board: Frame;
  const summary = async () => ((await board.locator('.summary').textContent()) ?? '').trim();
  const shownSummary = (n: number) =>
    n === TOTAL ? `${TOTAL} tasks` : n === 0 ? `0 of ${TOTAL} tasks · no task matches the filters` : `${n} of ${TOTAL} tasks`;
  const control = (role: 'searchbox' | 'combobox' | 'checkbox', name: string): Locator => board.getByRole(role, { name, exact: true });
  const textBox = () => control('searchbox', 'Filter by text');
  const agentSelect = () => control('combobox', 'Filter by agent');
  const prioritySelect = () => control('combobox', 'Filter by priority');
  const fileSelect = () => control('combobox', 'Filter by file');
  const statusSelect = () => control('combobox', 'Filter by status');
  const laneToggle = () => control('checkbox', 'Swimlanes by agent');
  const press = (key: string) => session.workbench.page.keyboard.press(key);
  const hasFocus = (target: Locator) => target.evaluate((e) => e.ownerDocument.hasFocus() && e.ownerDocument.activeElement === e);

  /** Waits until the summary reads `n` cards shown, then reads the whole board. */
  async function boardShowing(n: number): Promise<SeenBoard> {
    await until(`summary "${shownSummary(n)}"`, async () => (await summary()) === shownSummary(n));
    return seeBoard(board);
  }

  /** Asserts the board shows exactly `cards` (`<column> <id>`), with matching column counts and summary. */
  async function expectCards(cards: readonly string[]): Promise<SeenBoard> {
    const view = await boardShowing(cards.length);
    assert.deepEqual(placed(view), [...cards].sort());
    assert.deepEqual(view.counts, countsOf(cards), 'column counts');
    return view;
  }

  /** The keyboard to a toolbar control as a user gets there: a click in the search box, then Tab (at most 8 times). */
  async function tabTo(target: Locator): Promise<void> {
    await textBox().click();
    for (let i = 0; i < 8 && !(await hasFocus(target)); i++) await press('Tab');
    assert.ok(await hasFocus(target), `Tab from the search box reaches ${await target.getAttribute('aria-label')}`);
  }

  /**
   * Selects the search box's text with a triple click. (Not Ctrl+A: in a webview VS Code also runs its
   * own Select All command, which reaches the page later and selects what was typed after Ctrl+A.)
   */
  async function selectAllText(): Promise<void> {
    await textBox().click({ clickCount: 3 });
    await until('the search text selected', () => textBox().evaluate((e) => e.value.length > 0 && e.selectionStart === 0 && e.selectionEnd === e.value.length));
  }

  const selectedLabel = (select: Locator) => select.evaluate((e) => e.options[e.selectedIndex]?.text ?? '');
  const optionLabels = (select: Locator) => select.locator('option').allTextContents();

  /** Chooses an option of a (closed) select with the arrow keys, after reaching it with Tab. */
  async function chooseWithArrows(select: Locator, label: string): Promise<void> {
    await tabTo(select);
    const labels = await optionLabels(select);
    const target = labels.indexOf(label);
    assert.ok(target >= 0, `"${label}" offered: ${labels.join(', ')}`);
    const current = labels.indexOf(await selectedLabel(select));
    const key = target > current ? 'ArrowDown' : 'ArrowUp';
    for (let i = 0; i < Math.abs(target - current); i++) await press(key);
    await until(`"${label}" chosen`, async () => (await selectedLabel(select)) === label);
  }

  before(async function () {
    this.timeout(120_000);
    board = await openBoard(session.workbench);
    await board.locator('.card[data-key$="#TASK_001"]').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('labels every filter control and reaches each with Tab, in order', async () => {
    // getByRole with the name finds a control only through its accessible name (aria-label or <label>).
    for (const c of [textBox(), agentSelect(), prioritySelect(), statusSelect(), fileSelect(), laneToggle()]) await c.waitFor({ state: 'visible', timeout: 10_000 });
    await textBox().click();
    assert.ok(await hasFocus(textBox()), 'a click puts the keyboard in the search box');
    for (const next of [agentSelect(), prioritySelect(), statusSelect(), fileSelect(), laneToggle()]) {
      await press('Tab');
      await until(`Tab reaches ${await next.getAttribute('class')}`, () => hasFocus(next), 5_000);
    }
    assert.deepEqual(await optionLabels(prioritySelect()), ['All priorities', 'High', 'Medium', 'Low', 'No priority']);
    // The lifecycle's statuses, side ones too (none under the default lifecycle).
    assert.deepEqual(await optionLabels(statusSelect()), ['All statuses', 'To do', 'Claimed', 'In progress', 'Done']);
    assert.deepEqual(await optionLabels(agentSelect()), ['All agents', 'backend-engineer', 'eng-backend', 'frontend-engineer', 'No agent']);
    assert.deepEqual(await optionLabels(fileSelect()), ['All files', '.claude/tasks/backend-engineer-tasks.md', '.claude/tasks/frontend-engineer-tasks.md', 'TODO.md']);
    // Nothing filtered yet: every card of the workspace, one lane, no lane header.
    const all = await expectCards(ALL);
    assert.deepEqual(all.lanes, []);
  });

  it('filters by priority chosen with the arrow keys and by typing; All priorities brings every card back', async () => {
    await chooseWithArrows(prioritySelect(), 'High');
    const high = await expectCards(['claimed TASK_003', 'in_progress TASK_002', 'done TASK_001']);
    assert.ok(high.cards.every((c) => c.priority === 'high'), 'every card shown has the high badge');
    await press('ArrowDown');
    await until('Medium chosen', async () => (await selectedLabel(prioritySelect())) === 'Medium');
    await expectCards(['todo TASK_004', 'todo TASK_005']);
    // Typing the start of an option's label chooses it, as in any select.
    await press('n');
    await until('No priority chosen', async () => (await selectedLabel(prioritySelect())) === 'No priority');
    const none = await expectCards(ALL.filter((c) => !c.includes('TASK_')));
    assert.ok(none.cards.every((c) => c.priority === ''), 'no card shown has a priority badge');
    await chooseWithArrows(prioritySelect(), 'All priorities');
    assert.deepEqual(placed(await boardShowing(TOTAL)), ALL);
  });

  it('filters by agent, alone and combined with priority; clearing both brings every card back', async () => {
    await chooseWithArrows(agentSelect(), 'eng-backend');
    const eng = await expectCards(['claimed TASK_003']);
    assert.equal(eng.cards[0].agent, 'eng-backend');
    await chooseWithArrows(agentSelect(), 'No agent');
    const nobody = await expectCards(['todo TASK_004', 'todo TASK_005', 'todo TASK_006', 'todo TASK_007']);
    assert.ok(nobody.cards.every((c) => c.agent === 'unassigned'), 'every card shown says unassigned');
    // Checklist items count as their agent's (the checklist file names the agent).
    await chooseWithArrows(agentSelect(), 'frontend-engineer');
    await expectCards([`todo ${FE}sign-up-form-wired-to-post-api-users`, `todo ${FE}show-api-validation-errors-inline`]);
    // Filters combine: backend-engineer's high-priority work is the two TODO.md tasks, not its checklist items.
    await chooseWithArrows(agentSelect(), 'backend-engineer');
    await boardShowing(7);
    await chooseWithArrows(prioritySelect(), 'High');
    await expectCards(['in_progress TASK_002', 'done TASK_001']);
    await chooseWithArrows(agentSelect(), 'All agents');
    await expectCards(['claimed TASK_003', 'in_progress TASK_002', 'done TASK_001']);
    await chooseWithArrows(prioritySelect(), 'All priorities');
    assert.deepEqual(placed(await boardShowing(TOTAL)), ALL);
  });

  it('filters by file: each card shown comes from the chosen file; All files brings every card back', async () => {
    await chooseWithArrows(fileSelect(), '.claude/tasks/frontend-engineer-tasks.md');
    const fe = await expectCards([`todo ${FE}sign-up-form-wired-to-post-api-users`, `todo ${FE}show-api-validation-errors-inline`]);
    assert.ok(fe.cards.every((c) => c.where.startsWith('.claude/tasks/frontend-engineer-tasks.md:')), fe.cards.map((c) => c.where).join(', '));
    await chooseWithArrows(fileSelect(), 'TODO.md');
    const todo = await expectCards(ALL.filter((c) => c.includes('TASK_')));
    assert.ok(todo.cards.every((c) => c.where.startsWith('TODO.md:')), todo.cards.map((c) => c.where).join(', '));
    await chooseWithArrows(fileSelect(), '.claude/tasks/backend-engineer-tasks.md');
    await expectCards(ALL.filter((c) => c.includes(BE)));
    await chooseWithArrows(fileSelect(), 'All files');
    assert.deepEqual(placed(await boardShowing(TOTAL)), ALL);
  });

  it('filters by the words typed in the search box (any case, every word must match); emptying it brings every card back', async () => {
    await textBox().click();
    await session.workbench.page.keyboard.type('STRIPE');
    await expectCards(['todo TASK_006']);
    await selectAllText();
    await session.workbench.page.keyboard.type('openapi');
    await expectCards(['todo TASK_005', `todo ${BE}document-error-codes-in-the-openapi-spec`]);
    await session.workbench.page.keyboard.type(' users');
    await expectCards(['todo TASK_005']);
    // An agent's name finds its cards too.
    await selectAllText();
    await session.workbench.page.keyboard.type('eng-backend');
    await expectCards(['claimed TASK_003']);
    await selectAllText();
    await session.workbench.page.keyboard.type('no such task anywhere');
    const none = await expectCards([]);
    assert.deepEqual(none.cards, []);
    await selectAllText();
    await press('Backspace');
    assert.equal(await textBox().inputValue(), '');
    assert.deepEqual(placed(await boardShowing(TOTAL)), ALL);
  });

  it('splits the board into one lane per agent with Space on the swimlane checkbox, filters apply inside lanes, and a click turns lanes off', async () => {
    await tabTo(laneToggle());
    await press(' ');
    await until('swimlanes on', () => laneToggle().isChecked());
    await until('four lanes', async () => (await seeBoard(board)).lanes.length === 4);
    const lanes = await boardShowing(TOTAL);
    // Named agents alphabetically, then the unassigned lane; each header counts its cards.
    assert.deepEqual(lanes.lanes, ['backend-engineer (7)', 'eng-backend (1)', 'frontend-engineer (2)', 'No agent (4)']);
    for (const c of lanes.cards) {
      assert.equal(c.lane.replace(/ \(\d+\)$/, ''), c.agent === 'unassigned' ? 'No agent' : c.agent, `${c.id} in its agent's lane`);
    }
    assert.deepEqual(placed(lanes), ALL, 'the same cards, in the same columns');
    assert.deepEqual(lanes.counts, countsOf(ALL), 'column counts over all lanes');
    // Screen readers hear the lane with the column.
    assert.equal(
      await board.locator('.lane', { has: board.locator('.lane-header', { hasText: 'eng-backend (1)' }) }).locator('.cell.column-claimed').getAttribute('aria-label'),
      'Claimed, lane eng-backend, 1 cards',
    );

    // A filter with lanes on: only the lanes that keep cards.
    await chooseWithArrows(prioritySelect(), 'High');
    const high = await boardShowing(3);
    assert.deepEqual(high.lanes, ['backend-engineer (2)', 'eng-backend (1)']);
    assert.deepEqual(laned(high), ['backend-engineer (2) | done TASK_001', 'backend-engineer (2) | in_progress TASK_002', 'eng-backend (1) | claimed TASK_003']);
    await chooseWithArrows(prioritySelect(), 'All priorities');
    assert.deepEqual((await boardShowing(TOTAL)).lanes.length, 4);

    // Off again with the mouse, on the label's text.
    await board.locator('label.lanes-toggle').click();
    await until('swimlanes off', async () => !(await laneToggle().isChecked()));
    await until('no lane headers', async () => (await seeBoard(board)).lanes.length === 0);
    const single = await boardShowing(TOTAL);
    assert.deepEqual(placed(single), ALL);
    assert.ok(single.cards.every((c) => c.lane === ''), 'one lane without a header');
  });

  it('keeps the priority, file and swimlane choices after the board is hidden and shown again', async () => {
    const { page } = session.workbench;
    await chooseWithArrows(prioritySelect(), 'Low');
    await chooseWithArrows(fileSelect(), 'TODO.md');
    await tabTo(laneToggle());
    await press(' ');
    await until('swimlanes on', () => laneToggle().isChecked());
    const before = await boardShowing(2);
    assert.deepEqual(laned(before), ['No agent (2) | todo TASK_006', 'No agent (2) | todo TASK_007']);
    // The page saves its state 150 ms after a change; a timer set now in the page with a longer
    // delay fires after that save (the page runs its timers in the order they fall due).
    await board.evaluate(() => new Promise((r) => setTimeout(r, 300)));

    // Hide the board: open another file in the board's editor group (a click in the Explorer opens it in the active group).
    const boardTab = page.locator('.editor-group-container .tab', { hasText: 'Agent Task Board' }).first();
    await boardTab.click();
    await session.workbench.treeItem('BACKEND_WORK_LOG.md').first().click();
    const boardGroup = page.locator('.editor-group-container').filter({ has: page.locator('.tab', { hasText: 'Agent Task Board' }) });
    await boardGroup.locator('.tab.active', { hasText: 'BACKEND_WORK_LOG.md' }).waitFor({ state: 'visible', timeout: 15_000 });
    await until('board page disposed', () => board.isDetached());

    await boardTab.click();
    board = await session.workbench.webviewFrame('.card', 30_000);
    const after = await boardShowing(2);
    assert.equal(await selectedLabel(prioritySelect()), 'Low');
    assert.equal(await selectedLabel(fileSelect()), 'TODO.md');
    assert.equal(await laneToggle().isChecked(), true);
    assert.deepEqual(after, before);

    // And the restored choices still work: clearing them brings every card back, in one lane.
    await chooseWithArrows(prioritySelect(), 'All priorities');
    await chooseWithArrows(fileSelect(), 'All files');
    await board.locator('label.lanes-toggle').click();
    await until('swimlanes off', async () => !(await laneToggle().isChecked()));
    await until('no lane headers', async () => (await seeBoard(board)).lanes.length === 0);
    assert.deepEqual(placed(await boardShowing(TOTAL)), ALL);
  });
});
