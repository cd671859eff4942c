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
  normal: 'medium',
  med: 'medium',
  p2: 'medium',
  p3: 'low',
};

/** The canonical priority a written word means (`High`, `urgent`, `P1` → `high`), or undefined. */
export function canonicalPriority(written: string): Priority | undefined {
  const key = written.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(SPELLINGS, key) ? SPELLINGS[key] : undefined;
}

/**
 * Where a written priority ranks, most urgent first: the words above `high` (`P0`, `critical`, `urgent`) before
 * `high` and `P1`, which the canonical three run together; then medium, then low. Undefined for a word that is no
 * priority.
 */
export function priorityRank(written: string): number | undefined {
  const key = written.trim().toLowerCase();
  if (key === 'p0' || key === 'critical' || key === 'urgent') return 0;
  const canonical = canonicalPriority(key);
  return canonical === undefined ? undefined : { high: 1, medium: 2, low: 3 }[canonical];
}
