// Which checklist headings mean which status. Agents write the
// seed's `## In Progress` / `## To Do` / `## Completed`, but also `## Todo`,
// `## Done`, `## In progress`, `## WIP`... Those are accepted; anything else
// that holds checklist items is flagged `unknown-heading`.
//
// Decision: `Backlog`, `Pending`, `Not Started` and `Up Next` count as To Do. In
// a checklist every item belongs to the file's agent, so a backlog is simply
// work that has not started; reading it as todo keeps its items on the board
// instead of in an "unknown" limbo.
import type { Status } from '../model';

/** The seed's spelling of each checklist section, and the order the seed puts them in. */
export const CANONICAL_SECTION_TITLES: ReadonlyArray<readonly [Status, string]> = [
  ['in_progress', 'In Progress'],
  ['todo', 'To Do'],
  ['done', 'Completed'],
];

const SPELLINGS: Readonly<Record<string, Status>> = {
  todo: 'todo',
  todos: 'todo',
  backlog: 'todo',
  pending: 'todo',
  notstarted: 'todo',
  upnext: 'todo',
  next: 'todo',
  open: 'todo',
  inprogress: 'in_progress',
  workinprogress: 'in_progress',
  wip: 'in_progress',
  doing: 'in_progress',
  started: 'in_progress',
  ongoing: 'in_progress',
  current: 'in_progress',
  active: 'in_progress',
  done: 'done',
  complete: 'done',
  completed: 'done',
  finished: 'done',
  closed: 'done',
};

/**
 * The status a heading's text stands for, or undefined. Case, spaces, dashes,
 * emoji and a trailing count (`To Do (3)`) do not matter.
 */
export function sectionStatus(headingText: string): Status | undefined {
  const key = headingText
    .replace(/\([^)]*\)\s*$/, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return Object.prototype.hasOwnProperty.call(SPELLINGS, key) ? SPELLINGS[key] : undefined;
}

export function canonicalSectionTitle(status: Status): string | undefined {
  return CANONICAL_SECTION_TITLES.find(([s]) => s === status)?.[1];
}
