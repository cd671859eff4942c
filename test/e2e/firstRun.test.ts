// What a new user sees, read off the screen of a real VS Code: the tree's
// context menu, Reveal on Board, stale claims and problems on cards, card text that stays
// inside its card, columns that reach the bottom, empty and unmatched columns
// that say so, a status line that does not linger, List Task Files, and an
// empty Work Log view that says what would fill it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { demoWorkspace, useWorkbench } from '../host';
import { until } from './boardSupport';

const LONG_TITLE = 'Migrate every remaining endpoint of the legacy gateway to the new router, with request validation, rate limits, structured logging and tracing on each of them';

/** The demo workspace plus a second board holding one task with a title too long for a card. */
function workspaceWithLongTitle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-firstrun-'));
  fs.cpSync(demoWorkspace, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'gateway'));
  fs.writeFileSync(path.join(dir, 'gateway', 'TODO.md'), `# Gateway\n\n\`\`\`yaml\n- GW_001: "${LONG_TITLE}"\n  priority: low\n  assigned_agent:\n  status: todo\n\`\`\`\n`);
  return dir;
}

describe('First run: what the views and the board say', function () {
  this.timeout(240_000);
  const workspace = workspaceWithLongTitle();
  const session = useWorkbench({ workspace });
  let board: Frame;
  const card = (id: string): Locator => board.locator(`.card[data-key$="#${id}"]`);

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('offers Open, Reveal on Board, the legal moves and Copy Id on a task, and counts one task in the singular', async () => {
    const { workbench } = session;
    const { page } = workbench;
    await workbench.resize({ width: 1600, height: 1000 });
    await workbench.clickActivityBar('Agent Tasks');
    const row = workbench.treeItem('TASK_003').first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await workbench.treeItem('Claimed').first().getAttribute('aria-label'), 'Claimed, 1 task');

    await row.click({ button: 'right' });
    const menu = page.locator('.monaco-menu .action-label');
    await menu.first().waitFor({ state: 'visible', timeout: 10_000 });
    const items = (await menu.allTextContents()).map((t) => t.trim()).filter((t) => t !== '');
    for (const expected of ['Open Task', 'Reveal on Board', 'Start Task', 'Release Task', 'Copy Task Id']) {
      assert.ok(items.includes(expected), `${expected} is not in the context menu: ${items.join(', ')}`);
    }
    assert.ok(!items.includes('Claim Task') && !items.includes('Complete Task'), `an illegal move is offered: ${items.join(', ')}`);
    await workbench.screenshot('tree-context-menu');
    await page.locator('.monaco-menu .action-item', { hasText: 'Reveal on Board' }).first().click();

    board = await workbench.webviewFrame('.card', 60_000);
    await until('TASK_003 selected on the board', async () => (await card('TASK_003').getAttribute('aria-current')) === 'true', 20_000);
    await until('the details show TASK_003', async () => ((await board.locator('.details-title').textContent()) ?? '').startsWith('TASK_003:'));
  });

  it('flags a stale claim on its card, with the reason', async () => {
    const stale = card('TASK_003').locator('.card-stale');
    await stale.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal((await stale.textContent())?.trim(), 'stale');
    assert.match((await stale.getAttribute('title')) ?? '', /TASK_003/);
    assert.match((await card('TASK_003').getAttribute('aria-label')) ?? '', /stale claim/);
    // A task nobody holds is not flagged.
    assert.equal(await card('TASK_004').locator('.card-stale').count(), 0);
  });

  it("marks a card with its task's errors and warnings, worst first, and lists them in the details", async () => {
    const gateway = path.join(session.host.workspace, 'gateway', 'TODO.md');
    const before = fs.readFileSync(gateway, 'utf8');
    fs.writeFileSync(gateway, before.replace('```\n', '\n- GW_002: "Log every refused request"\n  priority: someday\n  assigned_agent:\n  status: in_progress\n```\n'));
    const marked = card('GW_002').locator('.card-problems');
    await marked.waitFor({ state: 'visible', timeout: 30_000 });
    // The priority's warning and the agentless claim's error (lint's, and the lifecycle's for a task that arrived in
    // progress), as the Problems view lists them: errors first, each with its line.
    await until('the error and the warning on the card', async () => /^Error.*\n(.*\n)*Warning \(line 10\): Priority "someday"/.test((await marked.getAttribute('title')) ?? ''));
    const lines = ((await marked.getAttribute('title')) ?? '').split('\n');
    assert.ok(lines.some((l) => /^Error \(line 12\): GW_002 is in_progress but has no assigned_agent/.test(l)), lines.join(' | '));
    assert.equal((await marked.textContent())?.trim(), `${lines.length} problems`);
    assert.match((await marked.getAttribute('class')) ?? '', /card-problems-error/, 'an error colours the mark as an error');
    assert.match((await card('GW_002').getAttribute('aria-label')) ?? '', new RegExp(`${lines.length} problems: `));
    assert.equal(await card('GW_001').locator('.card-problems').count(), 0, 'a task with no problem has no mark');

    await card('GW_002').click();
    const listed = board.locator('.details-problems li');
    await until('the details list the problems', async () => (await listed.count()) === lines.length);
    // The severity in words, read with the message by a screen reader, and not shown beside the icon.
    assert.match((await listed.last().textContent()) ?? '', /^Warning: Priority "someday" of GW_002 is not one of high, medium, low \(line 10\)$/);
    assert.equal(await listed.last().locator('.visually-hidden').evaluate((e) => e.getBoundingClientRect().width <= 1), true, 'the severity word is not shown');
    assert.equal(await listed.last().getAttribute('aria-label'), null);
    await card('GW_002').scrollIntoViewIfNeeded();
    await session.workbench.screenshot('board-card-problems');

    fs.writeFileSync(gateway, before);
    await card('GW_002').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('keeps a long title to two lines above the card footer, and the columns reach the bottom', async () => {
    const long = card('GW_001');
    await long.scrollIntoViewIfNeeded();
    const boxes = await long.evaluate((e) => {
      const title = e.querySelector('.card-title')!.getBoundingClientRect();
      const meta = e.querySelector('.card-meta')!.getBoundingClientRect();
      const lineHeight = parseFloat(e.ownerDocument.defaultView!.getComputedStyle(e.querySelector('.card-title')!).lineHeight);
      return { titleBottom: title.bottom, titleHeight: title.height, metaTop: meta.top, lineHeight };
    });
    assert.ok(boxes.titleBottom <= boxes.metaTop, `the title (bottom ${boxes.titleBottom}) runs under the footer (top ${boxes.metaTop})`);
    assert.ok(boxes.titleHeight <= 2 * boxes.lineHeight + 1, `the title shows more than two lines: ${boxes.titleHeight}px at ${boxes.lineHeight}px a line`);

    const gap = await board.locator('.scroller').evaluate((scroller) => {
      const cell = scroller.querySelector('.cell.column-claimed')!.getBoundingClientRect();
      return scroller.getBoundingClientRect().bottom - cell.bottom;
    });
    assert.ok(gap <= 10, `the columns stop ${gap}px above the bottom of the board`);
  });

  it('says so in a column nothing matches, and in the summary when nothing at all does', async () => {
    const filter = board.locator('.filter-text');
    await filter.fill('TASK_001');
    const note = board.locator('.cell.column-todo .cell-empty');
    await note.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await note.textContent(), 'No task here matches the filters');
    // Read whole: not under the column heads, and a board that fits does not scroll.
    const fit = await board.locator('.scroller').evaluate((scroller) => ({
      overflow: scroller.scrollHeight - scroller.clientHeight,
      headsBottom: scroller.querySelector('.column-heads')!.getBoundingClientRect().bottom,
      noteTop: scroller.querySelector('.cell.column-todo .cell-empty')!.getBoundingClientRect().top,
    }));
    assert.ok(fit.overflow <= 0, `a board of one card scrolls by ${fit.overflow}px`);
    assert.ok(fit.noteTop >= fit.headsBottom, `the note starts under the column heads (${fit.noteTop} < ${fit.headsBottom})`);
    assert.equal(await board.locator('.cell.column-done .cell-empty').isVisible(), false);
    await filter.fill('no-such-task-anywhere');
    await until('the summary says nothing matches', async () => /no task matches the filters/.test((await board.locator('.summary').textContent()) ?? ''));
    await session.workbench.screenshot('board-filter-no-match');
    await filter.fill('');
    await note.waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('clears an old refusal from the status line when another card is chosen', async () => {
    await card('TASK_005').click();
    await card('TASK_005').press(' ');
    for (let i = 0; i < 3; i++) await card('TASK_005').press('ArrowRight');
    await card('TASK_005').press(' ');
    const status = board.locator('.status');
    await until('the refusal shows', async () => /cannot move/.test((await status.textContent()) ?? ''));
    await card('TASK_004').click();
    assert.equal(await status.textContent(), '');
  });

  it('lists the task files it found in a quick pick', async () => {
    const { workbench } = session;
    const rows = workbench.page.locator('.quick-input-widget .monaco-list-row');
    // The board had the focus; on a busy machine its focus can come back late and close the quick pick the
    // command opened (its rows are then there but hidden): the command is run again.
    for (let attempt = 1; ; attempt++) {
      await workbench.runCommand('Agent Task Board: List Task Files');
      try {
        await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const texts = await rows.allTextContents();
    assert.ok(texts.some((t) => t.includes('gateway/TODO.md') && /task board · 1 task\b/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => t.includes('BACKEND_WORK_LOG.md') && t.includes('work log')), texts.join(' | '));
    await workbench.page.keyboard.press('Escape');
  });

  it('says what would fill an empty Work Log view', async () => {
    const { workbench, host } = session;
    fs.rmSync(path.join(host.workspace, 'BACKEND_WORK_LOG.md'));
    const message = workbench.page.getByText('No work-log entries yet', { exact: false });
    await message.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await message.first().textContent()) ?? '', /\*WORK_LOG\.md file/);
  });
});
