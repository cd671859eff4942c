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
