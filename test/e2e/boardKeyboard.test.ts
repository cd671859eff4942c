// The board with the keyboard only, in a real VS Code (code-server) driven by
// Chromium: Tab reaches the cards and the arrows move between them; Space
// picks a card up, the arrows choose a column (with swimlanes, up and down a
// lane, whose agent a claim is for), Space drops it; C claims; the
// agent is picked in the quick pick with the keyboard; the file on disk shows
// the move; a move the lifecycle forbids is refused with a message; and the
// focused card has a visible focus ring in the dark and light themes; Ctrl+C
// copies without claiming, Ctrl+Z puts the board's last move back, and a card
// moved out of view is brought into view with the focus.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { screenshotsDir, useWorkbench } from '../host';
import { openBoard, paletteCommand, pickQuickInput, taskBlock } from './boardSupport';

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The task's status line on disk; undefined while the file is being written (it may be read half-written). */
function statusOnDisk(file: string, id: string): string | undefined {
  const text = fs.readFileSync(file, 'utf8');
  return text.includes(`- ${id}:`) ? /status: (\w+)/.exec(taskBlock(text, id))?.[1] : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const idOf = (key: string | undefined) => key?.slice(key.lastIndexOf('#') + 1);

describe('Board with the keyboard', function () {
  this.timeout(180_000);
  const session = useWorkbench();
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
