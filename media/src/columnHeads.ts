// The row of column heads: one per status of the lifecycle's main path, each
// with its icon, title and the count of cards the filters show. The heads are
// drop targets too (moves.ts marks them).

import type { Status } from '../../src/core/model';
import { columnTitle } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import { h, icon } from './dom';

const COLUMN_ICONS: Readonly<Record<string, string>> = {
  todo: 'circle-large-outline',
  claimed: 'person',
  in_progress: 'play-circle',
  review: 'eye',
  done: 'pass',
};

export class ColumnHeads {
  readonly row = h('div', 'column-heads');
  private heads: Record<Status, { root: HTMLElement; count: HTMLElement }> = {};

  constructor(private readonly state: BoardState) {}

  /** One head per column; the lanes' cells follow (they are rebuilt with the lanes). */
  build(): void {
    const columns = this.state.lifecycle.main;
    this.heads = {};
    const heads: HTMLElement[] = [];
    for (const s of columns) {
      const head = h('div', `column-head column-${s}`);
      head.dataset.status = s;
      head.setAttribute('role', 'heading');
      head.setAttribute('aria-level', '2');
      const count = h('span', 'column-count', '0');
      head.append(icon(COLUMN_ICONS[s] ?? 'circle-outline'), h('span', 'column-title', columnTitle(s)), count);
      heads.push(head);
      this.heads[s] = { root: head, count };
    }
    this.row.replaceChildren(...heads);
    // board.css lays the heads and cells out in this many columns.
    document.documentElement.style.setProperty('--columns', String(columns.length));
  }

  /** The filtered count of each column, shown and read out. */
  showCounts(): void {
    const counts = this.state.layout.counts;
    for (const s of this.state.lifecycle.main) {
      this.heads[s]!.count.textContent = String(counts[s]);
      this.heads[s]!.root.setAttribute('aria-label', `${columnTitle(s)}, ${counts[s]} cards`);
    }
  }

  head(status: Status): HTMLElement {
    return this.heads[status]!.root;
  }
}
