// The priority spellings agents really write, mapped to high | medium | low.
import type { Priority } from '../model';

const SPELLINGS: Readonly<Record<string, Priority>> = {
  high: 'high',
  medium: 'medium',
  low: 'low',
  urgent: 'high',
  critical: 'high',
  p0: 'high',
  p1: 'high',
  // Jira's names: Highest … Lowest, and the older Blocker, Critical, Major, Minor, Trivial (`major` is its default,
  // neither high nor medium by name: left unread).
  highest: 'high',
  blocker: 'high',
  normal: 'medium',
  med: 'medium',
  p2: 'medium',
  p3: 'low',
  lowest: 'low',
  minor: 'low',
  trivial: 'low',
};

/** The words for high that rank above `high` itself (priorityRank). */
const ABOVE_HIGH: ReadonlySet<string> = new Set(['p0', 'critical', 'urgent', 'highest', 'blocker']);

/** The colour marks boards put beside a priority word, or write alone: red and orange high, yellow medium, green low. */
const MARKS: Readonly<Record<string, Priority>> = { '🔴': 'high', '🟠': 'high', '🟡': 'medium', '🟢': 'low' };

/**
 * The canonical priority a written word means (`High`, `urgent`, `P1` → `high`), or undefined. Read through the marks
 * around it (`**High**`, `🔴 High`), and a colour mark written alone (`🔴`).
 */
export function canonicalPriority(written: string): Priority | undefined {
  return priorityOfKey(priorityKey(written), written);
}

/** The priority `key` (priorityKey of `written`) names; a colour mark when `written` was only marks. */
function priorityOfKey(key: string, written: string): Priority | undefined {
  if (Object.prototype.hasOwnProperty.call(SPELLINGS, key)) return SPELLINGS[key];
  return key === '' ? MARKS[[...written.trim()].find((c) => c in MARKS) ?? ''] : undefined;
}

/** `written` lowercased, without emphasis, code marks, emoji and the blanks around them. */
function priorityKey(written: string): string {
  const key = written.trim().toLowerCase();
  if (Object.prototype.hasOwnProperty.call(SPELLINGS, key)) return key;
  return key.replace(/[*_`]|[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, '').trim();
}

/**
 * Where a written priority ranks, most urgent first: the words above `high` (`P0`, `critical`, `urgent`, `highest`,
 * `blocker`) before `high` and `P1`, which the canonical three run together; then medium, then low. Undefined for a
 * word that is no priority.
 */
export function priorityRank(written: string): number | undefined {
  const key = priorityKey(written);
  if (ABOVE_HIGH.has(key)) return 0;
  const canonical = priorityOfKey(key, written);
  return canonical === undefined ? undefined : { high: 1, medium: 2, low: 3 }[canonical];
}
