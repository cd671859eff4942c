// The board keeps its view state across being hidden: without
// retainContextWhenHidden VS Code throws the page away when another editor
// covers it, and the new page must come back with the same filters, selected
// card (details pane) and scroll position from vscode.getState(). And a live
// update (the file changed on disk while the board is shown) keeps the scroll
// position and the keyboard focus where they were.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { demoWorkspace, useWorkbench } from '../host';
import { openBoard } from './boardSupport';

const BULK = 40; // cards per agent: 40 rows of 100 px, far taller than the board

/** The demo workspace plus a tall column: BULK claimed tasks for each of two agents. */
function tallWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-board-state-e2e-'));
  fs.cpSync(demoWorkspace, dir, { recursive: true });
  const items: string[] = [];
  for (let i = 1; i <= BULK * 2; i++) {
    const n = String(i).padStart(3, '0');
    items.push(`- BULK_${n}: "Bulk item ${n}"\n  priority: low\n  assigned_agent: ${i % 2 ? 'bulk-a' : 'bulk-b'}\n  status: claimed\n`);
  }
  fs.appendFileSync(path.join(dir, 'TODO.md'), `\n## Bulk\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n`);
  return dir;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Board state across hide and show, and across live updates', function () {
  this.timeout(180_000);
  const workspace = tallWorkspace();
  const session = useWorkbench({ workspace });
  let board: Frame;
  const todoPath = () => path.join(session.host.workspace, 'TODO.md');
  const card = (id: string): Locator => board.locator(`.card[data-key$="#${id}"]`);
  const scrollTop = () => board.locator('.scroller').evaluate((e) => e.scrollTop);
  /** The key of the card that has the page's focus, or undefined (also when the page itself is not focused). */
  const focusedCard = () =>
    board.locator('body').evaluate((b) => {
      const doc = b.ownerDocument;
      const active = doc.activeElement;
      return doc.hasFocus() && active?.classList.contains('card') ? active.getAttribute('data-key') ?? undefined : undefined;
    });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  before(async function () {
    this.timeout(120_000);
    const { workbench } = session;
    board = await openBoard(workbench);
    await card('BULK_001').waitFor({ state: 'attached', timeout: 30_000 });
  });

  it('brings back the filters, the selected card and the scroll position after the page was disposed', async () => {
    const { page } = session.workbench;
    // Filters: text "bulk" (80 cards), then agent bulk-a (40).
    await board.locator('.filter-text').fill('bulk');
    await until('text filter applied', async () => /^80 of /.test((await board.locator('.summary').textContent()) ?? ''));
    await board.locator('.filter-agent').selectOption('bulk-a');
    await until('agent filter applied', async () => /^40 of /.test((await board.locator('.summary').textContent()) ?? ''));

    // Scroll the tall Claimed column with the mouse wheel.
    const box = await board.locator('.scroller').boundingBox();
    assert.ok(box, 'board not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 1500);
    await until('board scrolled', async () => (await scrollTop()) > 1000);

    // Select a card now on screen: the details pane shows it.
    const target = board.locator('.cell.column-claimed .card').filter({ hasText: 'Bulk item' }).nth(4);
    const targetId = (await target.locator('.card-id').textContent()) ?? '';
    assert.match(targetId, /^BULK_\d{3}$/);
    await target.locator('.card-title').click();
    await until('details pane shows the card', async () => ((await board.locator('.details-title').textContent()) ?? '').startsWith(`${targetId}:`));
    await sleep(1000); // let the board save its state

    const before = {
      text: await board.locator('.filter-text').inputValue(),
      agent: await board.locator('.filter-agent').inputValue(),
      summary: await board.locator('.summary').textContent(),
      selected: await board.locator('.card.selected').getAttribute('data-key'),
      scrollTop: await scrollTop(),
    };
    assert.equal(before.text, 'bulk');
    assert.equal(before.agent, 'bulk-a');
    assert.ok(before.selected?.endsWith(`#${targetId}`), `selected ${before.selected}`);
    assert.ok(before.scrollTop > 1000, `scrollTop ${before.scrollTop}`);
    // A mark on this page: a restored page must be a new page, not this one kept alive.
    await board.evaluate(() => ((globalThis as { atbOldPage?: boolean }).atbOldPage = true));

    // Hide the board: open another file in the board's own editor group (a click in the Explorer opens it in the active group).
    const boardTab = page.locator('.editor-group-container .tab', { hasText: 'Agent Task Board' }).first();
    await boardTab.click();
    await session.workbench.treeItem('BACKEND_WORK_LOG.md').first().click();
    const boardGroup = page.locator('.editor-group-container').filter({ has: page.locator('.tab', { hasText: 'Agent Task Board' }) });
    await boardGroup.locator('.tab.active', { hasText: 'BACKEND_WORK_LOG.md' }).waitFor({ state: 'visible', timeout: 15_000 });
    // The page is really gone: its frame is detached and no frame holds a board.
    await until('board frame detached', () => board.isDetached());
    const boards = await Promise.all(page.frames().map((f) => f.locator('#board-root').count().catch(() => 0)));
    assert.equal(boards.reduce((a, b) => a + b, 0), 0, 'no frame holds the board while it is hidden');
    assert.equal(await boardTab.getAttribute('aria-selected'), 'false');

    // Show it again.
    await boardTab.click();
    board = await session.workbench.webviewFrame('.card', 30_000);
    await until('details restored', async () => ((await board.locator('.details-title').textContent()) ?? '').startsWith(`${targetId}:`));
    assert.equal(await board.evaluate(() => (globalThis as { atbOldPage?: boolean }).atbOldPage), undefined, 'a new page');
    assert.equal(await board.locator('.filter-text').inputValue(), before.text);
    assert.equal(await board.locator('.filter-agent').inputValue(), before.agent);
    assert.equal(await board.locator('.summary').textContent(), before.summary);
    assert.equal(await board.locator('.card.selected').getAttribute('data-key'), before.selected);
    assert.equal(await board.locator('.card.selected').getAttribute('aria-current'), 'true');
    assert.equal(await scrollTop(), before.scrollTop);
    // The restored selection is on screen, where it was: the view did not jump to the top.
    assert.ok(await card(targetId).isVisible(), `${targetId} visible after restore`);
  });

  it('keeps the scroll position and the focused card when the file changes on disk', async () => {
    const { page } = session.workbench;
    // Keyboard focus into the board: click the (not focusable) summary, Tab to the cards, then move down.
    await board.locator('.summary').click();
    await page.keyboard.press('Tab');
    await until('a card has the focus', async () => (await focusedCard()) !== undefined);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await sleep(300);
    const focused = await focusedCard();
    assert.ok(focused, 'a card is focused');
    const id = focused.slice(focused.lastIndexOf('#') + 1);
    const top = await scrollTop();
    const summary = await board.locator('.summary').textContent();
    assert.ok(top > 1000, `still scrolled: ${top}`);

    // On disk: rename the focused task and add a task above every bulk task (all their lines shift).
    const text = fs.readFileSync(todoPath(), 'utf8');
    const renamed = text
      .replace(`- ${id}: "Bulk item ${id.slice(5)}"`, `- ${id}: "Renamed on disk ${id.slice(5)}"`)
      .replace('- BULK_001:', `- BULK_000: "Bulk item added on disk"\n  priority: low\n  assigned_agent: bulk-b\n  status: claimed\n\n- BULK_001:`);
    assert.notEqual(renamed, text);
    fs.writeFileSync(todoPath(), renamed);

    await until('the board shows the change', async () => ((await card(id).locator('.card-title').textContent()) ?? '').startsWith('Renamed on disk'));
    await until('the new task counted', async () => (await board.locator('.summary').textContent()) !== summary);
    const total = (text: string | null) => Number(/^40 of (\d+) tasks/.exec(text ?? '')?.[1]);
    assert.equal(total(await board.locator('.summary').textContent()), total(summary) + 1);
    await sleep(500);
    assert.equal(await focusedCard(), focused, 'the same card keeps the focus');
    assert.equal(await scrollTop(), top, 'the scroll position stays');
    // The focus is live: the next arrow key moves on from that card.
    await page.keyboard.press('ArrowUp');
    await until('focus moved up one card', async () => {
      const now = await focusedCard();
      return now !== undefined && now !== focused;
    });
  });
});
