// The board webview in a real VS Code (code-server) driven by Chromium: the
// demo workspace's tasks in their columns, a drag that claims (and writes the
// file), a drag the lifecycle refuses, hostile text that stays text, and
// screenshots in the dark and light themes.
//
// Then, in the same session (starting one costs some 25 CPU-seconds on a
// 2-core machine), the board's view state: without retainContextWhenHidden
// VS Code throws the page away when another editor covers it, and the new
// page must come back with the same filters, selected card (details pane)
// and scroll position from vscode.getState(). And a live update (the file
// changed on disk while the board is shown) keeps the scroll position and
// the keyboard focus where they were.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { demoWorkspace, useWorkbench } from '../host';
import { dragCardToColumn, dragCardToLane, openBoard, paletteCommand, pickQuickInput, taskBlock, until } from './boardSupport';

const HOSTILE_TITLE = `<img src=x onerror="window.pwned='img'"><script>window.pwned='script'</script>`;

const BULK = 40; // cards per agent: 40 rows of 100 px, far taller than the board

/** A tall column for the board-state part: BULK claimed tasks for each of two agents, appended to the board as it is. */
function appendBulk(todo: string): void {
  const items: string[] = [];
  for (let i = 1; i <= BULK * 2; i++) {
    const n = String(i).padStart(3, '0');
    items.push(`- BULK_${n}: "Bulk item ${n}"\n  priority: low\n  assigned_agent: ${i % 2 ? 'bulk-a' : 'bulk-b'}\n  status: claimed\n`);
  }
  fs.appendFileSync(todo, `\n## Bulk\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A copy of the demo workspace with one task whose title and work-log entry carry HTML and script. */
function hostileWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-board-e2e-'));
  fs.cpSync(demoWorkspace, dir, { recursive: true });
  const todo = path.join(dir, 'TODO.md');
  const text = fs.readFileSync(todo, 'utf8');
  const item = `\n- TASK_008: '${HOSTILE_TITLE}'\n  priority: low\n  assigned_agent:\n  status: todo\n  created_at: "2026-11-05T08:00:00Z"\n`;
  fs.writeFileSync(todo, text.replace('  created_at: "2026-11-04T08:15:00Z"\n', `  created_at: "2026-11-04T08:15:00Z"\n${item}`));
  fs.appendFileSync(
    path.join(dir, 'BACKEND_WORK_LOG.md'),
    `\n---\n\n## 2026-11-05 09:00 UTC — Hostile entry (TASK_008)\n\n**Task Summary**: <script>window.pwned='log'</script> <img src=x onerror="window.pwned='logimg'"> [link](javascript:window.pwned='link')\n`,
  );
  return dir;
}

describe('Board webview in the browser', function () {
  this.timeout(180_000);
  const workspace = hostileWorkspace();
  const session = useWorkbench({ workspace });
  let board: Frame;
  const todoPath = () => path.join(session.host.workspace, 'TODO.md');
  const card = (id: string): Locator => board.locator(`.card[data-key$="#${id}"]`);
  const idsIn = async (status: string): Promise<string[]> => board.locator(`.cell.column-${status} .card .card-id`).allTextContents();

  const dragToColumn = (source: Locator, status: string): Promise<void> => dragCardToColumn(session.workbench.page, board, source, status);

  const command = (title: string): Promise<void> => paletteCommand(session.workbench.page, title);
  const pick = (label: string): Promise<void> => pickQuickInput(session.workbench.page, label);

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  before(async function () {
    this.timeout(120_000);
    const { workbench } = session;
    board = await openBoard(workbench);
    await board.locator('.card[data-key$="#TASK_001"]').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('shows the demo tasks in their lifecycle columns', async () => {
    const todo = await idsIn('todo');
    for (const id of ['TASK_004', 'TASK_005', 'TASK_006', 'TASK_007', 'TASK_008']) assert.ok(todo.includes(id), `${id} in To do: ${todo.join(', ')}`);
    assert.ok((await idsIn('claimed')).includes('TASK_003'));
    assert.ok((await idsIn('in_progress')).includes('TASK_002'));
    assert.ok((await idsIn('done')).includes('TASK_001'));
    // Checklist items sit in the columns of their sections, with their agent.
    const agentOfChecklist = await board.locator('.cell.column-in_progress .card', { hasText: 'Implement POST /api/users endpoint' }).locator('.agent-name').allTextContents();
    assert.ok(agentOfChecklist.includes('backend-engineer'), agentOfChecklist.join(', '));
    // Cards carry priority, agent and log count; the claimed column holds no checklist item.
    assert.equal(await card('TASK_003').locator('.agent-name').textContent(), 'eng-backend');
    assert.equal(await card('TASK_001').locator('.card-priority').textContent(), 'high');
    assert.equal(await card('TASK_001').locator('.card-logs').textContent(), '1');
    // A task that waits on an unfinished one says so from the first paint, not only after a change.
    assert.equal(await card('TASK_006').locator('.card-waiting').getAttribute('title'), 'Waiting on TASK_002 (in_progress)');
  });

  it('keeps a script-bearing title and work-log entry as inert text', async () => {
    const hostile = card('TASK_008');
    assert.equal(await hostile.locator('.card-title').textContent(), HOSTILE_TITLE);
    assert.equal(await hostile.locator('img, script').count(), 0);
    await hostile.locator('.card-title').click();
    await board.locator('.details .log-entry').first().waitFor({ state: 'attached', timeout: 15_000 });
    const log = board.locator('.details .log-body').first();
    assert.match((await log.textContent()) ?? '', /<script>window\.pwned='log'<\/script>/);
    assert.equal(await board.locator('.details img, .details script, .details a[href^="javascript:"]').count(), 0);
    assert.equal(await board.locator('.details-title').textContent(), `TASK_008: ${HOSTILE_TITLE}`);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await board.evaluate(() => (globalThis as { pwned?: string }).pwned), undefined);
  });

  it('refuses a drag from To do to Done, with a message, and leaves the file alone', async () => {
    const before = fs.readFileSync(todoPath(), 'utf8');
    await dragToColumn(card('TASK_005'), 'done');
    await board.locator('.status', { hasText: 'cannot move' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await board.locator('.status').textContent()) ?? '', /TASK_005: A task cannot move from To do to Done.*it can go to Claimed/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fs.readFileSync(todoPath(), 'utf8'), before);
    assert.equal(await card('TASK_005').evaluate((e) => e.closest('.cell')?.getAttribute('data-status')), 'todo');
  });

  it('claims by dragging a To do card to Claimed: asks for the agent and writes the file', async () => {
    const { page } = session.workbench;
    await dragToColumn(card('TASK_004'), 'claimed');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('frontend-engineer');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'frontend-engineer' }).first().waitFor({ state: 'visible' });
    await input.press('Enter');
    // The save may be caught half-written (truncated, then written): a read without the task is "not yet".
    await until('TASK_004 claimed on disk', () => {
      const text = fs.readFileSync(todoPath(), 'utf8');
      return text.includes('- TASK_004:') && /status: claimed/.test(taskBlock(text, 'TASK_004'));
    });
    const block = taskBlock(fs.readFileSync(todoPath(), 'utf8'), 'TASK_004');
    assert.match(block, /assigned_agent: frontend-engineer/);
    assert.match(block, /# needs Redis first/, 'the comment on the title line is kept');
    await until('TASK_004 shown in Claimed', async () => (await idsIn('claimed')).includes('TASK_004'));
    // The line under the board says so, in place of the refusal of the test before.
    await board.locator('.status', { hasText: 'TASK_004 moved.' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await board.locator('.status').evaluate((e) => e.classList.contains('status-error')), false);
    assert.equal(await card('TASK_004').locator('.agent-name').textContent(), 'frontend-engineer');
  });

  it('redraws the board without laying the page out again for each card on screen', async () => {
    // Reading an element's geometry after a style write makes the browser lay the page out then and there.
    // A render reads it a fixed number of times, before it writes; read per card, the count grows with the cards shown.
    const lanes = board.locator('.filter-lanes');
    await lanes.click();
    await until('swimlanes drawn', async () => (await board.locator('.lane-header:visible').count()) > 1);
    await board.evaluate(() => {
      const page = globalThis as unknown as { geometryReads: number; Element: { prototype: object }; HTMLElement: { prototype: object } };
      page.geometryReads = 0;
      for (const [proto, name] of [
        [page.Element.prototype, 'clientHeight'],
        [page.HTMLElement.prototype, 'offsetTop'],
      ] as const) {
        const own = Object.getOwnPropertyDescriptor(proto, name)!;
        Object.defineProperty(proto, name, {
          configurable: true,
          get(this: object) {
            page.geometryReads++;
            return own.get!.call(this) as unknown;
          },
        });
      }
    });
    // Swimlanes off: every card laid out again in the one lane that reaches the bottom of the view, and drawn.
    await lanes.click();
    await until('one lane again', async () => (await board.locator('.lane-header:visible').count()) === 0);
    const reads = await board.evaluate(() => (globalThis as unknown as { geometryReads: number }).geometryReads);
    const cardsShown = await board.locator('.card').count();
    assert.ok(cardsShown >= 8, `${cardsShown} cards on screen`);
    assert.ok(reads > 0, 'the render was seen');
    assert.ok(reads < cardsShown, `${reads} geometry reads for ${cardsShown} cards on screen`);
  });

  it('follows the dark, light and high-contrast themes (screenshots)', async () => {
    const { workbench } = session;
    await card('TASK_002').locator('.card-title').click();
    await board.locator('.details .log-entry').first().waitFor({ state: 'visible', timeout: 15_000 });

    const cardColors = () =>
      card('TASK_002').evaluate((e) => {
        const style = e.ownerDocument.defaultView?.getComputedStyle(e);
        return `${style?.backgroundColor} ${style?.color}`;
      });
    const seen = new Set<string>();
    for (const [theme, bodyClass, shot] of [
      ['Dark Modern', 'vscode-dark', 'board-dark'],
      ['Light Modern', 'vscode-light', 'board-light'],
      ['Dark High Contrast', 'vscode-high-contrast', 'board-high-contrast'],
      ['Light High Contrast', 'vscode-high-contrast-light', 'board-high-contrast-light'],
    ]) {
      await command('Preferences: Color Theme');
      await workbench.page.locator('.quick-input-widget input').fill(theme);
      await pick(theme);
      await until(`${theme} applied`, async () => ((await board.locator('body').getAttribute('class')) ?? '').split(' ').includes(bodyClass));
      await new Promise((r) => setTimeout(r, 800));
      const file = await workbench.screenshot(shot);
      assert.ok(fs.statSync(file).size > 10_000);
      // The theme reaches the page only through its --vscode-* variables: the card's colours follow it.
      seen.add(await cardColors());
      // The selected card's mark is drawn at full strength in every theme (no colour with an alpha below 1).
      const mark = await card('TASK_002').evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).boxShadow ?? '');
      assert.doesNotMatch(mark, /rgba\([^)]*, 0?\.\d+\)/, `${theme}: ${mark}`);
      assert.notEqual(mark, 'none', theme);
    }
    assert.equal(seen.size, 4, [...seen].join(' | '));
  });

  it('selects a card on a click and opens its file only on a double click', async () => {
    const { page } = session.workbench;
    const tabs = page.locator('.editor-group-container .tab', { hasText: 'TODO.md' });
    const boardWidth = async (): Promise<number> => (await board.locator('body').evaluate((b) => b.clientWidth)) ?? 0;
    const wide = await boardWidth();
    await card('TASK_003').locator('.card-title').click();
    await until('details pane shows TASK_003', async () => ((await board.locator('.details-title').textContent()) ?? '').startsWith('TASK_003:'));
    assert.equal(await card('TASK_003').getAttribute('aria-current'), 'true');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await tabs.count(), 0, 'a single click opened TODO.md');
    assert.equal(await boardWidth(), wide, 'the board lost width on a single click');
    // The id and the agent are read whole, not cut short.
    for (const part of ['.card-id', '.agent-name']) {
      const cut = await card('TASK_003').locator(part).evaluate((e) => e.scrollWidth > e.clientWidth);
      assert.equal(cut, false, `${part} of TASK_003 is truncated`);
    }

    await card('TASK_003').locator('.card-title').dblclick();
    await tabs.first().waitFor({ state: 'visible', timeout: 15_000 });
    // Beside the editor the cards are narrow: a card's id is still read whole, its Claim button an icon.
    await until('the board narrower beside TODO.md', async () => (await boardWidth()) < wide * 0.75);
    const narrow = card('TASK_005');
    assert.equal(await narrow.locator('.card-id').evaluate((e) => e.scrollWidth > e.clientWidth || e.clientWidth === 0), false, 'TASK_005 id cut short');
    // Narrower still (a smaller window): the priority gives way, and the Claim button stays inside its card.
    await session.workbench.resize({ width: 1300, height: 1000 });
    const within = () =>
      narrow.evaluate((c) => {
        const box = c.getBoundingClientRect();
        const claim = c.querySelector('.card-claim')!.getBoundingClientRect();
        const priority = c.querySelector('.card-priority')!.getBoundingClientRect();
        return { claim: claim.width > 0 && claim.right <= box.right - 4 && claim.left >= box.left, priority: priority.width === 0 || priority.right <= claim.left };
      });
    await until('the cards narrower', async () => ((await narrow.boundingBox())?.width ?? 999) < 150);
    assert.deepEqual(await within(), { claim: true, priority: true }, 'a narrow card');
    assert.equal(await narrow.locator('.card-priority').getAttribute('title'), 'Priority: medium');
    await session.workbench.resize({ width: 1150, height: 1000 });
    await until('the cards narrower still', async () => ((await narrow.boundingBox())?.width ?? 999) < 110);
    assert.deepEqual(await within(), { claim: true, priority: true }, 'a very narrow card');
    // A flag in the footer (a stale claim here; problems and waiting alike) gives way to its icon, inside the card.
    const flag = await card('TASK_003').evaluate((c) => {
      const box = c.getBoundingClientRect();
      const stale = c.querySelector('.card-stale')!.getBoundingClientRect();
      return { inside: stale.width > 0 && stale.right <= box.right - 4, words: c.querySelector('.card-stale span')!.getBoundingClientRect().width };
    });
    assert.deepEqual(flag, { inside: true, words: 0 }, 'the stale flag of a very narrow card');
    // Each column's head stays over its column.
    const misplaced = await board.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { left: number; right: number } }> } }).document;
      const heads = Array.from(doc.querySelectorAll('.column-head'));
      const cells = Array.from(doc.querySelectorAll('.lane:first-child .cell'));
      return heads.flatMap((head, i) => {
        const a = head.getBoundingClientRect();
        const b = cells[i]?.getBoundingClientRect();
        return b && Math.abs(a.left - b.left) <= 1 && Math.abs(a.right - b.right) <= 1 ? [] : [`head ${i}: ${a.left}-${a.right}, column ${b?.left}-${b?.right}`];
      });
    });
    assert.deepEqual(misplaced, []);
    await session.workbench.screenshot('board-narrow-cards');
    await session.workbench.resize({ width: 1600, height: 1000 });
    await command('View: Close Editors in Other Groups');
  });

  it("claims for the agent of the swimlane a card is dropped in, and keeps a held task in its agent's lane", async () => {
    const { page } = session.workbench;
    const toLane = (id: string, lane: string, status: string, whileOver?: () => Promise<void>): Promise<void> => dragCardToLane(page, board, card(id), lane, status, whileOver);
    const cell = (lane: string, status: string): Locator => board.locator(`.lane[data-lane="${lane}"] .cell.column-${status}`);
    const marks = (target: Locator): Promise<string[]> => target.evaluate((e) => ['drop-legal', 'drop-illegal'].filter((c) => e.classList.contains(c)));
    const original = fs.readFileSync(todoPath(), 'utf8');
    await board.locator('.filter-lanes').click();
    await until('the eng-backend lane', async () => (await board.locator('.lane[data-lane="eng-backend"]').count()) === 1);
    try {
      // A To do card (no agent) dropped in eng-backend's Claimed cell: claimed for eng-backend, nobody asked.
      await toLane('TASK_005', 'eng-backend', 'claimed', async () => assert.deepEqual(await marks(cell('eng-backend', 'claimed')), ['drop-legal']));
      await until('TASK_005 claimed on disk', () => /status: claimed/.test(taskBlock(fs.readFileSync(todoPath(), 'utf8'), 'TASK_005')));
      assert.match(taskBlock(fs.readFileSync(todoPath(), 'utf8'), 'TASK_005'), /assigned_agent: eng-backend/);
      assert.equal(await page.locator('.quick-input-widget input').isVisible(), false, 'the agent picker was opened');
      await until('TASK_005 in the eng-backend lane', async () => (await card('TASK_005').evaluate((c) => c.closest('.lane')?.getAttribute('data-lane'))) === 'eng-backend');
      // The claim's answer comes once its save ends, after the new state: waited for, so it cannot overwrite what follows.
      await board.locator('.status', { hasText: 'TASK_005 moved' }).waitFor({ state: 'visible', timeout: 10_000 });

      // eng-backend's TASK_003 dropped in another agent's In progress cell: a start keeps its agent, so it is refused.
      const before = fs.readFileSync(todoPath(), 'utf8');
      // While it is dragged, the cells of other lanes show as no target; its own lane's In progress cell as one.
      await toLane('TASK_003', 'frontend-engineer', 'in_progress', async () => {
        assert.deepEqual(await marks(cell('frontend-engineer', 'in_progress')), ['drop-illegal']);
        assert.deepEqual(await marks(cell('eng-backend', 'in_progress')), ['drop-legal']);
      });
      await board.locator('.status', { hasText: "TASK_003 is eng-backend's" }).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal((await board.locator('.status').textContent())?.trim(), "TASK_003 is eng-backend's, and a move keeps its agent: drop it in eng-backend's lane.");
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(fs.readFileSync(todoPath(), 'utf8'), before);

      // Nobody's TASK_006 left in To do, but in eng-backend's lane: nothing gives it that agent, so the drop says so.
      await toLane('TASK_006', 'eng-backend', 'todo', async () => assert.deepEqual(await marks(cell('eng-backend', 'todo')), ['drop-illegal']));
      await board.locator('.status', { hasText: 'TASK_006 has no agent' }).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal((await board.locator('.status').textContent())?.trim(), 'TASK_006 has no agent: it stays in the No agent lane until it is claimed.');
      assert.equal(await card('TASK_006').evaluate((c) => c.closest('.lane')?.getAttribute('data-lane')), '');
      assert.equal(fs.readFileSync(todoPath(), 'utf8'), before);
    } finally {
      await board.locator('.filter-lanes').click();
      await until('one lane again', async () => (await board.locator('.lane-header:visible').count()) === 0);
      // TASK_005 back in To do (a release, which enforcement takes), for whatever runs next.
      fs.writeFileSync(todoPath(), original);
    }
  });

  describe('Board state across hide and show, and across live updates', function () {
    const scrollTop = () => board.locator('.scroller').evaluate((e) => e.scrollTop);
    /** The key of the card that has the page's focus, or undefined (also when the page itself is not focused). */
    const focusedCard = () =>
      board.locator('body').evaluate((b) => {
        const doc = b.ownerDocument;
        const active = doc.activeElement;
        return doc.hasFocus() && active?.classList.contains('card') ? active.getAttribute('data-key') ?? undefined : undefined;
      });

    before(async function () {
      this.timeout(60_000);
      // New claimed tasks, each with its agent: a tall Claimed column.
      appendBulk(todoPath());
      await card('BULK_001').waitFor({ state: 'attached', timeout: 30_000 });
    });

    it('offers the agents of cards that came with a live update in the agent filter', async () => {
      // The page was not opened again: the new names came with the change's delta.
      const offered = async () => board.locator('.filter-agent option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
      const both = async () => {
        const names = await offered();
        return names.includes('bulk-a') && names.includes('bulk-b');
      };
      await until('bulk-a and bulk-b offered', both, 10_000);
      // Each once, among the names that were there: the list is made again, not added to.
      const names = await offered();
      assert.equal(new Set(names).size, names.length, names.join(', '));
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
});
