// The status spellings agents really write, mapped to the canonical four: in a
// `status:` field, a table's Status cell, or a section heading. Every reader of
// a status word goes through `canonicalStatus` or `headingStatus`, so this table
// is the one place that decides what a word means.
import type { Status } from '../model';

const SPELLINGS: Readonly<Record<string, Status>> = {
  todo: 'todo',
  to_do: 'todo',
  todos: 'todo',
  pending: 'todo',
  open: 'todo',
  backlog: 'todo',
  not_started: 'todo',
  up_next: 'todo',
  next: 'todo',
  ready: 'todo',
  claimed: 'claimed',
  in_progress: 'in_progress',
  work_in_progress: 'in_progress',
  wip: 'in_progress',
  doing: 'in_progress',
  started: 'in_progress',
  ongoing: 'in_progress',
  current: 'in_progress',
  active: 'in_progress',
  in_review: 'in_progress',
  done: 'done',
  completed: 'done',
  complete: 'done',
  finished: 'done',
  closed: 'done',
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

/** SPELLINGS keyed by letters only (`inprogress`), for headings and cells written with emoji, dashes or none. */
const LETTER_KEYS: ReadonlyMap<string, Status> = new Map(Object.entries(SPELLINGS).map(([k, v]) => [k.replace(/_/g, ''), v]));

/** Words a heading puts before the status without changing it (`Recently Completed`, `Currently Active`). */
const LEADING = /^(?:recently|currently|now|already)\s+/;

/**
 * The status a section heading or a table cell stands for (`## ✅ Done (4)`,
 * `## Active / In Progress`, `## Recently Completed`), or undefined. Case,
 * emoji, punctuation and a trailing count do not matter; a heading naming two
 * spellings of one status (`Active / In Progress`) is that status, two
 * different ones is none.
 */
export function headingStatus(heading: string): Status | undefined {
  const plain = heading.replace(/\([^)]*\)\s*$/, '').toLowerCase();
  let found: Status | undefined;
  for (const part of plain.split(/[/&|,]| and /)) {
    const words = part.replace(/[^a-z]+/g, ' ').trim().replace(LEADING, '');
    if (words === '') continue;
    const status = LETTER_KEYS.get(words.replace(/ /g, ''));
    if (status === undefined || (found !== undefined && found !== status)) return undefined;
    found = status;
  }
  return found;
}
