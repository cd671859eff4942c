// Paging long results: an opaque cursor that is the offset of the next item
// in the filtered list. Boards are re-read on every call, so a cursor is a
// position, not a snapshot: a task added meanwhile may shift a page by one.
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly nextCursor?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function pageOf<T>(all: readonly T[], limit: number | undefined, cursor: string | undefined): Page<T> {
  const size = Math.min(Math.max(1, Math.floor(limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const start = cursor === undefined || cursor === '' ? 0 : offsetOf(cursor);
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length ? { items, total: all.length, nextCursor: cursorAt(next) } : { items, total: all.length };
}

export class BadCursorError extends Error {}

function cursorAt(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

function offsetOf(cursor: string): number {
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadCursorError(`The cursor "${cursor}" is not one this server gave out; call again without a cursor to start from the first page.`);
  return Number(m[1]);
}
