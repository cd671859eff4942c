// The board at and over its card limit, in a real VS Code (code-server) driven
// by Chromium, in one session (starting one costs some 25 CPU-seconds on a
// 2-core machine). A board of exactly the limit holds only the cards in view
// in its DOM, and the keyboard still reaches its last card. Then its file
// grows past the limit while the board is open: a task file too large for the
// board is left out whole, named in the summary, and every other file's cards
// are still shown; the Tasks view and the CLI are where such a file is read.
// (A 50 MB board's 344,000 cards once held the extension host for seconds and
// sent the page tens of megabytes.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { BOARD_CARD_LIMIT } from '../../src/extension/board/cardModel';
import { demoWorkspace, useWorkbench } from '../host';
import { openBoard, seeBoard, until } from './boardSupport';

/** `count` generated To do tasks, ids `<prefix>_<from>` on. */
function generated(prefix: string, from: number, count: number): string {
  const items: string[] = [];
  for (let i = from; i < from + count; i++) items.push(`- ${prefix}_${i}: "Generated task ${i}"\n  priority: low\n  assigned_agent:\n  status: todo\n`);
  return items.join('');
}

/** The demo workspace (14 tasks) plus `<folder>/TODO.md` with `tasks` generated tasks in To do, ids `<PREFIX>_1`, .... */
function workspaceWith(folder: string, tasks: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-board-limit-'));
  const workspace = path.join(dir, 'demo-workspace');
  fs.cpSync(demoWorkspace, workspace, { recursive: true });
  fs.mkdirSync(path.join(workspace, folder));
  const prefix = folder.toUpperCase();
  fs.writeFileSync(path.join(workspace, folder, 'TODO.md'), `# ${prefix}\n\n\`\`\`yaml\n${generated(prefix, 1, tasks)}\`\`\`\n`);
  return workspace;
}

describe('The board at and over its card limit, in one session', function () {
  this.timeout(240_000);
  // big/TODO.md sorts after the demo's files (lower case after upper case), so its last task is the To do column's last card.
  const bigTasks = BOARD_CARD_LIMIT - 14;
  const workspace = workspaceWith('big', bigTasks);
  const session = useWorkbench({ workspace });
  let board: Frame;
  const cardsInDom = () => board.locator('.card').count();
  const summary = async (): Promise<string> => ((await board.locator('.summary').textContent()) ?? '').trim();
  /** The key of the card with the keyboard focus, or undefined. */
  const focused = () =>
    board.locator('body').evaluate((b) => {
      const active = b.ownerDocument.activeElement;
      return active?.classList.contains('card') ? (active.getAttribute('data-key') ?? undefined) : undefined;
    });

  after(() => fs.rmSync(path.dirname(workspace), { recursive: true, force: true }));

  it('holds only the cards in view in the DOM, and the keyboard reaches the last card', async () => {
    board = await openBoard(session.workbench);
    await until(`the summary to count ${BOARD_CARD_LIMIT} tasks`, async () => ((await board.locator('.summary').textContent()) ?? '').startsWith(`${BOARD_CARD_LIMIT} tasks`), 120_000);
    const todo = Number(/^To do, (\d+) cards$/.exec((await board.locator('.column-head.column-todo').getAttribute('aria-label')) ?? '')?.[1]);
    assert.ok(todo > bigTasks, `the To do column counts every card, drawn or not: ${todo}`);
    const before = await cardsInDom();
    assert.ok(before > 0 && before < 200, `only the cards in view are in the DOM: ${before} of ${BOARD_CARD_LIMIT}`);

    // The first To do card, then End: the column's last card, far below the view, is drawn, focused and announced as the last.
    await board.locator('.cell.column-todo .card').first().click();
    await session.workbench.page.keyboard.press('End');
    const last = `#BIG_${bigTasks}`;
    await until(`the focus on ${last}`, async () => (await focused())?.endsWith(last) === true);
    const card = board.locator(`.card[data-key$="${last}"]`);
    assert.equal(await card.getAttribute('aria-setsize'), await card.getAttribute('aria-posinset'));
    assert.ok((await cardsInDom()) < 200, 'still only the cards in view after the jump');
    assert.equal(await board.locator('.card[data-key$="#BIG_1"]').count(), 0, 'the first card, now far above the view, has left the DOM');
  });

  it('leaves out whole a file that grows past the limit while shown, names it in the summary, and shows every other file', async () => {
    const file = path.join(session.host.workspace, 'big', 'TODO.md');
    const text = fs.readFileSync(file, 'utf8');
    // Fifteen more To do tasks at the end of its list: 20,001, more than the board holds.
    fs.writeFileSync(file, text.replace(/```\n$/, `${generated('BIG', bigTasks + 1, 15)}\`\`\`\n`));
    const expected = `big/TODO.md not shown: its ${(BOARD_CARD_LIMIT + 1).toLocaleString('en')} tasks are more than the board holds (use the Tasks view)`;
    await until(`the summary to name big/TODO.md: "${expected}"`, async () => (await summary()).includes(expected), 120_000);
    assert.match(await summary(), /^14 tasks · /, 'the demo workspace\'s 14 tasks are all on the board');
    const seen = await seeBoard(board);
    assert.equal(seen.cards.length, 14);
    assert.ok(seen.cards.some((c) => c.id === 'TASK_001'), 'TODO.md is shown');
    assert.ok(!seen.cards.some((c) => c.id.startsWith('BIG_')), 'no card of the file left out');
    const files = await board.getByRole('combobox', { name: 'Filter by file', exact: true }).locator('option').allTextContents();
    assert.ok(!files.includes('big/TODO.md'), `the file filter does not offer it: ${files.join(', ')}`);
    assert.ok(files.includes('TODO.md'));
  });
});
