// What the board keeps across a reload or a hidden tab (VS Code's webview
// state): the filters, swimlanes, scroll, and the focused and selected cards.

import type { BoardState } from './boardState';
import { filtersFrom, type Filters } from './filter';
import { saveState, savedState } from './host';

export interface SavedState {
  readonly filters: Filters;
  readonly swimlanes: boolean;
  readonly scrollTop: number;
  readonly focusedKey?: string;
  readonly selectedKey?: string;
}

/** The saved state, tolerating anything (it may come from an older version). */
export function readSaved(): SavedState {
  const raw = savedState();
  const v = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return {
    filters: filtersFrom(v.filters),
    swimlanes: v.swimlanes === true,
    scrollTop: typeof v.scrollTop === 'number' && Number.isFinite(v.scrollTop) ? v.scrollTop : 0,
    focusedKey: str(v.focusedKey),
    selectedKey: str(v.selectedKey),
  };
}

/** Saves the state a moment after the last change, so scrolling or typing saves once. */
export class StateSaver {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly state: BoardState,
    private readonly scroller: HTMLElement,
  ) {}

  queue(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const saved: SavedState = {
        filters: this.state.filters,
        swimlanes: this.state.swimlanes,
        scrollTop: this.scroller.scrollTop,
        focusedKey: this.state.focusedKey,
        selectedKey: this.state.selectedKey,
      };
      saveState(saved);
    }, 150);
  }
}
