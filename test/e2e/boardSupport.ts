// What the board's browser tests share: opening the board from the palette,
// and driving the palette and quick picks with the keyboard focus in the
// workbench rather than in the webview.
import type { Frame, Locator, Page } from 'playwright-core';
import type { Workbench } from '../host/workbench';

/** Opens the board and returns its webview frame once a card shows. */
export async function openBoard(workbench: Workbench): Promise<Frame> {
  await workbench.resize({ width: 1600, height: 1000 });
  // The palette lists extension commands only once the extension host has read the manifest: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await workbench.runCommand('Agent Task Board: Open Board');
      break;
    } catch (error) {
      if (attempt >= 6) throw error;
      await workbench.page.keyboard.press('Escape');
      await workbench.page.waitForTimeout(2000);
    }
  }
  return workbench.webviewFrame('.card', 60_000);
}

/** Runs a palette command with the keyboard focus in the workbench (F1 typed into a focused webview may not reach it). */
export async function paletteCommand(page: Page, title: string): Promise<void> {
  await page.locator('.part.sidebar .composite.title').first().click();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await pickQuickInput(page, title);
}

/** Clicks the quick-input row whose label is exactly `label` (Enter would take the best fuzzy match). */
export async function pickQuickInput(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.getByText(label, { exact: true }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** One card as the board shows it: where it sits (lane, column, row) and what it says. */
export interface SeenCard {
  readonly key: string;
  readonly id: string;
  readonly title: string;
  /** The agent name on the card, `unassigned` when it has none. */
  readonly agent: string;
  /** The priority badge, `''` when there is none. */
  readonly priority: string;
  /** The lane header's text (`eng-backend (1)`), `''` when swimlanes are off (the single lane's header is hidden). */
  readonly lane: string;
  readonly status: string;
  /** 1-based row in its column (aria-posinset). */
  readonly row: number;
  /** The card's tooltip: `<file label>:<line>`. */
  readonly where: string;
}

/** What the whole board shows: its summary, column counts, lane headers and every card that passes the filters. */
export interface SeenBoard {
  readonly summary: string;
  readonly counts: Readonly<Record<string, number>>;
  /** Visible lane headers, top to bottom. */
  readonly lanes: readonly string[];
  readonly cards: readonly SeenCard[];
}

/**
 * Reads the board as a user sees it by scrolling it from top to bottom (the board renders only the
 * cards near the viewport), waiting two animation frames at each stop for the render, then scrolls
 * back to where it was.
 */
export async function seeBoard(board: Frame): Promise<SeenBoard> {
  return board.locator('.scroller').evaluate(async (scrollerNode) => {
    // No DOM lib in this project's tsconfig: the few DOM members used here, typed by hand.
    interface Node {
      readonly textContent: string | null;
      readonly hidden: boolean;
      readonly classList: { contains(c: string): boolean };
      getAttribute(name: string): string | null;
      querySelector(s: string): Node | null;
      querySelectorAll(s: string): ArrayLike<Node>;
      closest(s: string): Node | null;
      readonly ownerDocument: Node & { readonly defaultView: { requestAnimationFrame(cb: () => void): void } };
    }
    interface Scroller extends Node {
      scrollTop: number;
      readonly scrollHeight: number;
      readonly clientHeight: number;
    }
    const scroller = scrollerNode as unknown as Scroller;
    const doc = scroller.ownerDocument;
    const frame = () => new Promise<void>((r) => doc.defaultView.requestAnimationFrame(() => r()));
    const settle = async () => {
      await frame();
      await frame();
    };
    const text = (n: Node | null) => (n?.textContent ?? '').trim();
    const cards = new Map<string, SeenCard>();
    const lanes: { top: number; title: string }[] = [];
    const collect = () => {
      for (const laneEl of Array.from(doc.querySelectorAll('.canvas > .lane'))) {
        const header = laneEl.querySelector('.lane-header');
        const lane = header && !header.hidden ? text(header) : '';
        const top = Number(/translateY\((-?[\d.]+)px\)/.exec(laneEl.getAttribute('style') ?? '')?.[1] ?? 0);
        if (lane && !lanes.some((l) => l.title === lane)) lanes.push({ top, title: lane });
        for (const el of Array.from(laneEl.querySelectorAll('.card'))) {
          const key = el.getAttribute('data-key') ?? '';
          cards.set(key, {
            key,
            id: text(el.querySelector('.card-id')),
            title: text(el.querySelector('.card-title')),
            agent: text(el.querySelector('.agent-name')),
            priority: text(el.querySelector('.card-priority')),
            lane,
            status: el.closest('.cell')?.getAttribute('data-status') ?? '',
            row: Number(el.getAttribute('aria-posinset')),
            where: el.getAttribute('title') ?? '',
          });
        }
      }
    };
    const start = scroller.scrollTop;
    const step = Math.max(100, Math.floor(scroller.clientHeight / 2));
    for (let y = 0; ; y += step) {
      scroller.scrollTop = y;
      await settle();
      collect();
      if (y + scroller.clientHeight >= scroller.scrollHeight) break;
    }
    scroller.scrollTop = start;
    await settle();
    const counts: Record<string, number> = {};
    for (const head of Array.from(doc.querySelectorAll('.column-head'))) {
      counts[head.getAttribute('data-status') ?? ''] = Number(text(head.querySelector('.column-count')));
    }
    return {
      summary: text(doc.querySelector('.summary')),
      counts,
      lanes: lanes.sort((a, b) => a.top - b.top).map((l) => l.title),
      cards: [...cards.values()],
    };
  });
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
/**
 * Waits for `check`. A check that throws counts as not yet: a file read while VS Code saves it (truncated, then
 * written) can miss what it looks for. Its last error is named if the wait runs out.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failed: unknown;
    try {
      if (await check()) return;
    } catch (err) {
      failed = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}${failed === undefined ? '' : ` (last check: ${failed instanceof Error ? failed.message : String(failed)})`}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The lines of task `id`'s item in a board's text: from its `- id:` line to the next item or the fence. */
export function taskBlock(text: string, id: string): string {
  const start = text.indexOf(`- ${id}:`);
  if (start < 0) throw new Error(`${id} not in TODO.md`);
  const next = text.indexOf('\n- ', start + 1);
  const fence = text.indexOf('```', start);
  const end = Math.min(next < 0 ? text.length : next, fence < 0 ? text.length : fence);
  return text.slice(start, end);
}

/** Waits until a locator's box stops moving (the board reflows when a click opens an editor beside it). */
export async function settled(locator: Locator): Promise<void> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const box = JSON.stringify(await locator.boundingBox());
    if (box === last && box !== 'null') return;
    last = box;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A mouse drag from a card to a column of a swimlane (`lane`: its agent, `''` for no agent), near the top of that
 * lane's cell. The board is scrolled to put the upper of the two lanes at the top; both have to be on screen then.
 */
export async function dragCardToLane(page: Page, board: Frame, source: Locator, lane: string, status: string, whileOver?: () => Promise<void>): Promise<void> {
  // The upper of the two lanes (the card's, the target) goes to the top of the board.
  await source.evaluate((card, key) => {
    const lanes = [card.ownerDocument.querySelector(`.lane[data-lane="${key}"]`), card.closest('.lane')].filter((l) => l !== null);
    lanes.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    lanes[0]?.scrollIntoView({ block: 'start' });
  }, lane);
  await settled(source);
  const from = await source.boundingBox();
  const cell = await board.locator(`.lane[data-lane="${lane}"] .cell.column-${status}`).boundingBox();
  const view = await (await board.frameElement()).boundingBox();
  if (!from || !cell || !view) throw new Error(`the card or lane "${lane}"'s ${status} cell is not on the page`);
  const to = { x: cell.x + cell.width / 2, y: cell.y + Math.min(40, cell.height / 2) };
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  for (const [what, p] of [['the card', start], [`lane "${lane}"'s ${status} cell`, to]] as const) {
    if (p.y < view.y || p.y > view.y + view.height) throw new Error(`${what} is not on screen`);
  }
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  try {
    await whileOver?.();
  } finally {
    await page.mouse.up();
  }
}

/**
 * A mouse drag from a card to the same height in another column. (Locator.dragTo would scroll the
 * tall column into view between press and move, so the press would land on a different card.)
 */
export async function dragCardToColumn(page: Page, board: Frame, source: Locator, status: string): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  await settled(source);
  const from = await source.boundingBox();
  const head = await board.locator(`.column-head.column-${status}`).boundingBox();
  if (!from || !head) throw new Error('card or column not on screen');
  const y = from.y + from.height / 2;
  await page.mouse.move(from.x + from.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(head.x + head.width / 2, y, { steps: 10 });
  await page.mouse.up();
}
