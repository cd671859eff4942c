// Which cards the board shows: the filter bar's choices as plain data, and the
// test a card must pass. No DOM here, so the unit tests run it in Node.

import type { CardView } from '../../src/shared/boardMessages';

/** `''` means "any". `agent: '-'` means "no agent"; `priority: '-'` means "no priority"; `status` is one status (a side one like blocked, too). */
export interface Filters {
  readonly text: string;
  readonly agent: string;
  readonly priority: string;
  readonly file: string;
  readonly status: string;
}

export const NO_FILTERS: Filters = { text: '', agent: '', priority: '', file: '', status: '' };
export const NONE = '-';

export function cardMatches(card: CardView, f: Filters): boolean {
  if (f.file && card.file !== f.file) return false;
  if (f.status && card.status !== f.status) return false;
  if (f.agent && (f.agent === NONE ? card.agent !== undefined : card.agent !== f.agent)) return false;
  if (f.priority && (f.priority === NONE ? card.priority !== undefined : card.priority !== f.priority)) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    const hay = `${card.id}\n${card.title}\n${card.agent ?? ''}\n${card.group ?? ''}`.toLowerCase();
    if (!needle.split(/\s+/).every((word) => hay.includes(word))) return false;
  }
  return true;
}

/** Filters read back from saved state, tolerating anything (the state may come from an older version). */
export function filtersFrom(value: unknown): Filters {
  if (typeof value !== 'object' || value === null) return NO_FILTERS;
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  return { text: str(v.text), agent: str(v.agent), priority: str(v.priority), file: str(v.file), status: str(v.status) };
}
