// What counts as a task id when it is written as a key (`- TASK_001: ...`).

/**
 * True for keys such as `TASK_001`, `TASK-001`, `AUTH_SYSTEM`: letters and
 * digits joined by `_` or `-`, starting with a letter, with at least as many
 * uppercase as lowercase letters. Ordinary prose bullets (`- Note: ...`) and
 * field names (`- title: ...`) fail it, which is what keeps bare markdown
 * bullets from being read as tasks.
 */
export function looksLikeTaskId(key: string): boolean {
  const n = key.length;
  if (n === 0) return false;
  const first = key.charCodeAt(0);
  if (!(first >= 65 && first <= 90) && !(first >= 97 && first <= 122)) return false;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (!((c >= 48 && c <= 57) || c === 95 || c === 45)) return false;
  }
  return upper > 0 && upper >= lower;
}

/** The next id after `taken` with the same prefix, separator and digit width (`TASK_013` → `TASK_016`). */
export function nextFreeId(like: string, taken: ReadonlySet<string>): string {
  return new FreeIds(new Set(taken)).next(like);
}

/**
 * New ids for one board, one after another: each is `nextFreeId` of the ids
 * taken so far, the ones it gave included. The highest number of each prefix
 * is found in one pass over the ids, not one per new id: a board with
 * thousands of duplicate ids (a file pasted twice) gets its thousands of
 * renumbering fixes in linear time.
 */
export class FreeIds {
  /** The highest number after each prefix seen so far, among the taken ids. */
  private readonly highest = new Map<string, number>();
  /** For an id without a number, the last `_n` suffix given. */
  private readonly suffixes = new Map<string, number>();

  /** `taken` is added to as ids are given. */
  constructor(private readonly taken: Set<string>) {}

  next(like: string): string {
    // `like` is its prefix and its trailing digits, found without a RegExp: a board pasted twice asks once per duplicate.
    let digits = like.length;
    while (digits > 0 && isDigit(like.charCodeAt(digits - 1))) digits--;
    if (digits === like.length) {
      let n = this.suffixes.get(like) ?? 2;
      while (this.taken.has(`${like}_${n}`)) n++;
      this.suffixes.set(like, n);
      return this.give(`${like}_`, n, `${like}_${n}`);
    }
    const prefix = like.slice(0, digits);
    const width = like.length - digits;
    let n = Math.max(this.highestAfter(prefix), Number(like.slice(digits))) + 1;
    let id = numbered(prefix, n, width);
    while (this.taken.has(id)) id = numbered(prefix, ++n, width);
    return this.give(prefix, n, id);
  }

  /**
   * Takes `id`, number `n` after `prefix`, and counts it in that prefix's highest number when that is known
   * (`AUTH_2`, given for `AUTH`, counts for `AUTH_`).
   */
  private give(prefix: string, n: number, id: string): string {
    this.taken.add(id);
    const known = this.highest.get(prefix);
    if (known !== undefined) this.highest.set(prefix, Math.max(known, n));
    return id;
  }

  private highestAfter(prefix: string): number {
    let max = this.highest.get(prefix);
    if (max !== undefined) return max;
    max = -Infinity;
    for (const id of this.taken) {
      if (id.length > prefix.length && id.startsWith(prefix) && allDigitsFrom(id, prefix.length)) max = Math.max(max, Number(id.slice(prefix.length)));
    }
    this.highest.set(prefix, max);
    return max;
  }
}

function allDigitsFrom(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `prefix` then `n` written with at least `width` digits: `TASK_` 16 3 → `TASK_016`. */
function numbered(prefix: string, n: number, width: number): string {
  return prefix + String(n).padStart(width, '0');
}

/**
 * The id inside the marks a table cell may wrap it in (`**T-1**`, `` `T-1` ``, `*T-1*`, nested too), and how many
 * characters lead it; undefined when it has none.
 */
export function markedId(cell: string): { id: string; lead: number } | undefined {
  const c = cell.charCodeAt(0);
  if (c !== 42 && c !== 95 && c !== 96) return undefined; // `*`, `_`, a backquote: most ids start with none
  const m = /^(\*\*|__|`|\*|_)(\S(?:.*?\S)?)\1$/.exec(cell);
  if (!m) return undefined;
  const inner = markedId(m[2]!);
  return inner ? { id: inner.id, lead: m[1]!.length + inner.lead } : { id: m[2]!, lead: m[1]!.length };
}

/**
 * The id whose prefix most of `tasks`' ids of `pattern` (a prefix, then the number: `/^(prefix)(\d+)$/`) share, so a
 * new one looks like its neighbours; TASK_000 when none has such an id (a board with none starts at TASK_001).
 */
export function idStyleOf(tasks: readonly { readonly id: string }[], pattern: RegExp): string {
  const byPrefix = new Map<string, { count: number; sample: string }>();
  for (const t of tasks) {
    const m = pattern.exec(t.id);
    if (!m) continue;
    byPrefix.set(m[1]!, { count: (byPrefix.get(m[1]!)?.count ?? 0) + 1, sample: t.id });
  }
  let best: { count: number; sample: string } | undefined;
  for (const v of byPrefix.values()) if (!best || v.count > best.count) best = v;
  return best?.sample ?? 'TASK_000';
}
