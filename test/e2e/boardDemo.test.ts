// The board on the demo workspace in one VS Code session (starting one costs
// some 25 CPU-seconds on a 2-core machine), worked the way a user works it.
//
// First the filter bar and swimlanes, the way a user works them: Tab from the search box to each
// control (each has a label), choose with the arrow keys or by typing, type
// words in the search box, Space on the swimlane checkbox. What is checked is
// what the user sees: which cards sit in which column and lane, the column
// counts and the summary, the whole board back once a filter is cleared, and
// the same view after the board was hidden (its page disposed) and shown.
//
// Then the board with the keyboard only: Tab reaches the cards and the arrows move between them; Space
// picks a card up, the arrows choose a column (with swimlanes, up and down a
// lane, whose agent a claim is for), Space drops it; C claims; the
// agent is picked in the quick pick with the keyboard; the file on disk shows
// the move; a move the lifecycle forbids is refused with a message; and the
// focused card has a visible focus ring in the dark and light themes; Ctrl+C
// copies without claiming, Ctrl+Z puts the board's last move back, and a card
// moved out of view is brought into view with the focus.
//
// The filters come first: they change no file and end with every choice
// cleared and one lane, which is the board the keyboard part starts from; its
// moves, theme changes and undo come last.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { screenshotsDir, useWorkbench } from '../host';
import { openBoard, paletteCommand, pickQuickInput, seeBoard, taskBlock, until, type SeenBoard } from './boardSupport';

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

/** The task's status line on disk; undefined while the file is being written (it may be read half-written). */
function statusOnDisk(file: string, id: string): string | undefined {
  const text = fs.readFileSync(file, 'utf8');
  return text.includes(`- ${id}:`) ? /status: (\w+)/.exec(taskBlock(text, id))?.[1] : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const idOf = (key: string | undefined) => key?.slice(key.lastIndexOf('#') + 1);

describe('The board on the demo workspace, in one session', function () {
  this.timeout(180_000);
  const session = useWorkbench();

  describe('Board filters and swimlanes in the browser', function () {
    this.timeout(180_000);
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

  describe('Board with the keyboard', function () {
    this.timeout(180_000);
    let board: Frame;
    const todoPath = () => path.join(session.host.workspace, 'TODO.md');
    const card = (id: string): Locator => board.locator(`.card[data-key$="#${id}"]`);
    const columnOf = (id: string) => card(id).evaluate((e) => e.closest('.cell')?.getAttribute('data-status'));
    const statusText = async () => (await board.locator('.status').textContent()) ?? '';

    /** The id of the card that has the keyboard focus (undefined when the page or no card is focused). */
    const focused = () =>
      board
        .locator('body')
        .evaluate((b) => {
          const doc = b.ownerDocument;
          const active = doc.activeElement;
          return doc.hasFocus() && active?.classList.contains('card') ? active.getAttribute('data-key') ?? undefined : undefined;
        })
        .then(idOf);

    const press = async (key: string) => {
      await session.workbench.page.keyboard.press(key);
      await sleep(120);
    };

    /** Keyboard focus into the board: a click on the (not focusable) summary, then Tab to the cards' one tab stop. */
    async function tabIntoBoard(): Promise<string> {
      await board.locator('.summary').click();
      await press('Tab');
      let id: string | undefined;
      await until('a card has the focus after Tab', async () => (id = await focused()) !== undefined);
      return id!;
    }

    /** Moves the focus with the arrow keys only to a card of the To do column. */
    async function arrowTo(id: string): Promise<void> {
      if ((await focused()) === undefined) await tabIntoBoard();
      for (let i = 0; i < 3; i++) await press('ArrowLeft'); // the To do column is the leftmost
      await press('Home');
      for (let i = 0; i < 20 && (await focused()) !== id; i++) await press('ArrowDown');
      assert.equal(await focused(), id, `arrows reach ${id}`);
    }

    const command = (title: string): Promise<void> => paletteCommand(session.workbench.page, title);
    const pick = (label: string): Promise<void> => pickQuickInput(session.workbench.page, label);

    /** Waits for the agent quick pick to have the keyboard focus. */
    async function agentPickShown(): Promise<void> {
      const { page } = session.workbench;
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Claim for which agent?' }).waitFor({ state: 'visible', timeout: 15_000 });
      await until('the quick pick has the keyboard', () =>
        page.evaluate(() => (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document.activeElement?.closest('.quick-input-widget') != null),
      );
    }

    /** The label of the quick pick's highlighted row. */
    const activeRow = () =>
      session.workbench.page
        .locator('.quick-input-widget .monaco-list-row.focused .label-name')
        .first()
        .textContent({ timeout: 5_000 })
        .catch(() => undefined);

    /** In the agent quick pick: ArrowDown until `name` is highlighted, then Enter. */
    async function pickAgentWithArrows(name: string): Promise<void> {
      await agentPickShown();
      for (let i = 0; i < 15 && (await activeRow()) !== name; i++) await press('ArrowDown');
      await sleep(300);
      assert.equal(await activeRow(), name, `${name} highlighted in the agent quick pick`);
      await press('Enter');
      await session.workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    }

    /** In the agent quick pick: type a new name (offered as its own first row), then Enter. */
    async function typeAgentName(name: string): Promise<void> {
      await agentPickShown();
      await session.workbench.page.keyboard.type(name);
      await until(`${name} offered and highlighted`, async () => (await activeRow()) === name);
      await sleep(300);
      assert.equal(await activeRow(), name);
      await press('Enter');
      await session.workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    }

    before(async function () {
      this.timeout(120_000);
      const { workbench } = session;
      board = await openBoard(workbench);
      await card('TASK_004').waitFor({ state: 'visible', timeout: 30_000 });
    });

    it('Tab reaches the cards (one tab stop) and the arrows move the focus between cards and columns', async () => {
      const first = await tabIntoBoard();
      assert.equal(await columnOf(first), 'todo', 'Tab lands on the first To do card');
      assert.equal(await board.locator('.card[tabindex="0"]').count(), 1, 'one tab stop for all cards');
      await press('ArrowDown');
      const second = await focused();
      assert.ok(second && second !== first, `ArrowDown moved on from ${first}`);
      assert.equal(await columnOf(second), 'todo');
      await press('ArrowUp');
      assert.equal(await focused(), first);
      await press('ArrowRight');
      const right = await focused();
      assert.ok(right && (await columnOf(right)) !== 'todo', `ArrowRight went to another column (${right})`);
      await press('ArrowLeft');
      assert.equal(await columnOf((await focused())!), 'todo');
      // The roving tab stop follows the focus.
      assert.equal(await board.locator('.card[tabindex="0"]').getAttribute('data-key').then((k) => idOf(k ?? undefined)), await focused());
      // So does the details pane: the focused card's fields are read without opening its file.
      const now = (await focused())!;
      await until('the details pane shows the focused card', async () => ((await board.locator('.details-title').textContent()) ?? '').startsWith(`${now}:`));
      assert.equal(await session.workbench.page.locator('.editor-group-container .tab', { hasText: 'TODO.md' }).count(), 0, 'no file was opened');
    });

    it('Space, ArrowRight, Space claims a To do card: the agent is picked with the keyboard and the file shows the claim', async () => {
      await arrowTo('TASK_004');
      await press(' ');
      assert.match(await statusText(), /Picked up TASK_004/);
      assert.equal(await card('TASK_004').evaluate((e) => e.classList.contains('lifted')), true);
      await press('ArrowRight');
      assert.equal(await statusText(), 'Claimed');
      assert.equal(await board.locator('.column-head.column-claimed').evaluate((e) => e.classList.contains('drop-over')), true);
      await press(' ');
      await pickAgentWithArrows('backend-engineer');
      await until('TASK_004 claimed on disk', () => statusOnDisk(todoPath(), 'TASK_004') === 'claimed');
      const block = taskBlock(fs.readFileSync(todoPath(), 'utf8'), 'TASK_004');
      assert.match(block, /assigned_agent: backend-engineer/);
      assert.match(block, /# needs Redis first/, 'the comment on the title line is kept');
      await until('TASK_004 shown in Claimed', async () => (await columnOf('TASK_004')) === 'claimed');
      assert.equal(await card('TASK_004').locator('.agent-name').textContent(), 'backend-engineer');
      // The keyboard goes on where it was: the moved card keeps the focus.
      await until('TASK_004 keeps the focus', async () => (await focused()) === 'TASK_004');
    });

    it('C claims the focused To do card, with a new agent name typed in the quick pick', async () => {
      await arrowTo('TASK_005');
      await press('c');
      await typeAgentName('keyboard-agent');
      await until('TASK_005 claimed on disk', () => statusOnDisk(todoPath(), 'TASK_005') === 'claimed');
      assert.match(taskBlock(fs.readFileSync(todoPath(), 'utf8'), 'TASK_005'), /assigned_agent: keyboard-agent/);
      await until('TASK_005 shown in Claimed', async () => (await columnOf('TASK_005')) === 'claimed');
    });

    it('Ctrl+C on a card copies and claims nothing; Ctrl+Home still moves the focus', async () => {
      const before = fs.readFileSync(todoPath(), 'utf8');
      await arrowTo('TASK_007');
      await press('Control+c');
      await sleep(800);
      assert.equal(await session.workbench.page.locator('.quick-input-widget').isVisible(), false, 'no agent is asked for');
      assert.equal(fs.readFileSync(todoPath(), 'utf8'), before);
      // The navigation keys keep their meaning with a modifier: Ctrl+Home goes to the column's first card, as Home does.
      await press('Control+Home');
      const first = await focused();
      await press('End');
      assert.notEqual(await focused(), first);
      await press('Control+Home');
      assert.equal(await focused(), first);
    });

    it('Ctrl+Z puts the board\'s last move back: the file as it was, the card in its column', async () => {
      const before = fs.readFileSync(todoPath(), 'utf8');
      await arrowTo('TASK_007');
      await press('c');
      await pickAgentWithArrows('backend-engineer');
      await until('TASK_007 claimed on disk', () => statusOnDisk(todoPath(), 'TASK_007') === 'claimed');
      await until('the status line offers the undo', async () => (await statusText()) === 'TASK_007 moved. Ctrl+Z puts it back.');
      await until('TASK_007 keeps the focus', async () => (await focused()) === 'TASK_007');

      await press('Control+z');
      await until('TODO.md as it was before the claim', () => fs.readFileSync(todoPath(), 'utf8') === before);
      await until('the status line says what was undone', async () => (await statusText()) === 'Undone: Claim TASK_007.');
      await until('TASK_007 back in To do', async () => (await columnOf('TASK_007')) === 'todo');
      await until('TASK_007 keeps the focus after the undo', async () => (await focused()) === 'TASK_007');
      await sleep(1000);
      assert.equal(fs.readFileSync(todoPath(), 'utf8'), before, 'enforcement left the undo alone');
    });

    it('refuses a keyboard move from To do to Done with a message and leaves the file alone', async () => {
      const before = fs.readFileSync(todoPath(), 'utf8');
      await arrowTo('TASK_006');
      await press(' ');
      await press('ArrowRight');
      await press('ArrowRight');
      await press('ArrowRight');
      assert.equal(await statusText(), 'Done (not allowed)');
      assert.equal(await board.locator('.column-head.column-done').evaluate((e) => e.classList.contains('drop-illegal')), true);
      // Space or Enter with a modifier is another shortcut (Ctrl+Space asks for suggestions): the card stays picked up.
      await press('Control+Space');
      await press('Control+Enter');
      await sleep(300);
      assert.equal(await statusText(), 'Done (not allowed)');
      assert.equal(await card('TASK_006').evaluate((e) => e.classList.contains('lifted')), true, 'a modified key dropped the card');
      await press(' ');
      assert.match(await statusText(), /^TASK_006: A task cannot move from To do to Done.*it can go to Claimed/);
      assert.equal(await board.locator('.status').evaluate((e) => e.classList.contains('status-error')), true);
      await sleep(1000);
      assert.equal(fs.readFileSync(todoPath(), 'utf8'), before);
      assert.equal(await columnOf('TASK_006'), 'todo');
      assert.equal(await card('TASK_006').evaluate((e) => e.classList.contains('pending') || e.classList.contains('lifted')), false);
      assert.equal(await focused(), 'TASK_006', 'the refused card keeps the focus');
    });

    it('brings a card moved with the keyboard into view where it lands, with the focus on it', async () => {
      // A short window: the board shows about three rows, and TASK_003 (claimed, the first row) lands in To do after
      // the checklists' items, below them.
      await session.workbench.resize({ width: 1600, height: 560 });
      try {
        await board.locator('.summary').click();
        await card('TASK_003').click();
        await until('TASK_003 focused', async () => (await focused()) === 'TASK_003');
        await press(' ');
        await press('ArrowLeft');
        await press(' ');
        await until('TASK_003 released on disk', () => statusOnDisk(todoPath(), 'TASK_003') === 'todo');
        await until('TASK_003 in To do', async () => (await columnOf('TASK_003')) === 'todo');
        await until('TASK_003 in view and focused', async () => {
          if ((await focused()) !== 'TASK_003') return false;
          const [c, s] = await Promise.all([card('TASK_003').boundingBox(), board.locator('.scroller').boundingBox()]);
          return !!c && !!s && c.y >= s.y && c.y + c.height <= s.y + s.height;
        });
      } finally {
        await session.workbench.resize({ width: 1600, height: 1000 });
      }
    });

    it("with swimlanes, the up and down arrows choose a lane: a claim there is for its agent, a held task stays in its own", async () => {
      const original = fs.readFileSync(todoPath(), 'utf8');
      const cell = (lane: string, status: string): Locator => board.locator(`.lane[data-lane="${lane}"] .cell.column-${status}`);
      const over = (target: Locator): Promise<boolean> => target.evaluate((e) => e.classList.contains('drop-over'));
      /** Up to the first lane, then down until the status line names `lane` in the column chosen. */
      async function laneTo(column: string, lane: string): Promise<void> {
        for (let i = 0; i < 8; i++) await press('ArrowUp');
        for (let i = 0; i < 8 && !(await statusText()).startsWith(`${column}, lane ${lane}`); i++) await press('ArrowDown');
        assert.match(await statusText(), new RegExp(`^${column}, lane ${lane}`));
      }
      await board.locator('.filter-lanes').click();
      await until('the backend-engineer lane', async () => (await board.locator('.lane[data-lane="backend-engineer"]').count()) === 1);
      try {
        await card('TASK_007').click();
        await until('TASK_007 focused', async () => (await focused()) === 'TASK_007');
        await press(' ');
        assert.equal(await statusText(), 'Picked up TASK_007. Left and right arrows choose a column, up and down a lane, Space drops, Escape cancels.');
        await press('ArrowRight');
        assert.equal(await statusText(), 'Claimed, lane No agent', 'the card starts over its own lane');
        await laneTo('Claimed', 'backend-engineer');
        assert.equal(await over(cell('backend-engineer', 'claimed')), true, "backend-engineer's Claimed cell is the target");
        assert.equal(await board.locator('.cell.drop-over').count(), 1, 'only the chosen lane is the target');
        await press(' ');
        await until('TASK_007 claimed on disk', () => statusOnDisk(todoPath(), 'TASK_007') === 'claimed');
        assert.match(taskBlock(fs.readFileSync(todoPath(), 'utf8'), 'TASK_007'), /assigned_agent: backend-engineer/);
        assert.equal(await session.workbench.page.locator('.quick-input-widget').isVisible(), false, 'no agent is asked for');
        await until('TASK_007 in the backend-engineer lane', async () => (await card('TASK_007').evaluate((c) => c.closest('.lane')?.getAttribute('data-lane'))) === 'backend-engineer');
        await until('TASK_007 keeps the focus', async () => (await focused()) === 'TASK_007');
        // The claim's answer comes once its save ends, after the new state: waited for, so it cannot overwrite what follows.
        await until('the claim answered', async () => (await statusText()) === 'TASK_007 moved. Ctrl+Z puts it back.');

        // Held by backend-engineer, it may start only in that lane: In progress in frontend-engineer's lane is refused.
        const before = fs.readFileSync(todoPath(), 'utf8');
        await press(' ');
        await press('ArrowRight');
        assert.equal(await statusText(), 'In progress, lane backend-engineer');
        await laneTo('In progress', 'frontend-engineer');
        assert.equal(await statusText(), 'In progress, lane frontend-engineer (not allowed)');
        await press(' ');
        assert.equal(await statusText(), "TASK_007 is backend-engineer's, and a move keeps its agent: drop it in backend-engineer's lane.");
        await sleep(800);
        assert.equal(fs.readFileSync(todoPath(), 'utf8'), before);
      } finally {
        // A card still picked up (a failed step) is put down, so the arrows move the focus again.
        if ((await board.locator('.card.lifted').count()) > 0) await press('Escape');
        await board.locator('.filter-lanes').click();
        await until('one lane again', async () => (await board.locator('.lane-header:visible').count()) === 0);
        // TASK_007 back in To do (a release, which enforcement takes), for what runs next.
        fs.writeFileSync(todoPath(), original);
        await until('TASK_007 in To do', async () => (await columnOf('TASK_007')) === 'todo');
      }
    });

    it('shows a visible focus ring on the focused card in the dark and light themes (screenshots)', async () => {
      const { page } = session.workbench;
      for (const [theme, bodyClass, shot] of [
        ['Dark Modern', 'vscode-dark', 'board-focus-dark'],
        ['Light Modern', 'vscode-light', 'board-focus-light'],
      ]) {
        await command('Preferences: Color Theme');
        await page.locator('.quick-input-widget input').fill(theme);
        await pick(theme);
        await until(`${theme} applied`, async () => ((await board.locator('body').getAttribute('class')) ?? '').split(' ').includes(bodyClass));
        await arrowTo('TASK_007');
        await sleep(500);
        const ring = await card('TASK_007').evaluate((e) => {
          const view = e.ownerDocument.defaultView!;
          const style = view.getComputedStyle(e);
          const probe = e.ownerDocument.createElement('div');
          probe.style.color = 'var(--vscode-focusBorder)';
          e.ownerDocument.body.append(probe);
          const focusBorder = view.getComputedStyle(probe).color;
          probe.remove();
          return { visible: e.matches(':focus-visible'), style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor, focusBorder, background: style.backgroundColor };
        });
        assert.equal(ring.visible, true, `${theme}: the card matches :focus-visible`);
        assert.equal(ring.style, 'solid', `${theme}: outline ${JSON.stringify(ring)}`);
        assert.equal(ring.width, '2px', `${theme}: outline ${JSON.stringify(ring)}`);
        assert.equal(ring.color, ring.focusBorder, `${theme}: the ring has the theme's focus colour`);
        assert.notEqual(ring.color, ring.background, `${theme}: the ring differs from the card`);
        // Whole window, and a close-up of the card and its neighbours to look at.
        assert.ok(fs.statSync(await session.workbench.screenshot(shot)).size > 10_000);
        const box = await card('TASK_007').boundingBox();
        assert.ok(box, 'TASK_007 on screen');
        const clip = { x: Math.max(0, box.x - 40), y: Math.max(0, box.y - 120), width: box.width + 80, height: box.height + 240 };
        await page.screenshot({ path: path.join(screenshotsDir, `${shot}-card.png`), clip });
      }
    });
  });
});
