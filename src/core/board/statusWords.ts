// The status spellings agents really write, mapped to the canonical four.
import type { Status } from '../model';

const SPELLINGS: Readonly<Record<string, Status>> = {
  todo: 'todo',
  pending: 'todo',
  open: 'todo',
  claimed: 'claimed',
  in_progress: 'in_progress',
  wip: 'in_progress',
  doing: 'in_progress',
  done: 'done',
  completed: 'done',
  complete: 'done',
  finished: 'done',
};

/** The canonical status a written word means (`In Progress` → `in_progress`), or undefined. */
export function canonicalStatus(written: string): Status | undefined {
  switch (written) {
    // The common case first, without allocating.
    case 'todo':
    case 'claimed':
    case 'in_progress':
    case 'done':
      return written;
  }
  const key = written.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return Object.prototype.hasOwnProperty.call(SPELLINGS, key) ? SPELLINGS[key] : undefined;
}
