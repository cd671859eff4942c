// Which checklist headings mean which status. Agents write the
// seed's `## In Progress` / `## To Do` / `## Completed`, but also `## Todo`,
// `## Done`, `## In progress`, `## WIP`... Those are accepted; anything else
// that holds checklist items is flagged `unknown-heading`.
//
// Decision: `Backlog`, `Pending`, `Not Started` and `Up Next` count as To Do. In
// a checklist every item belongs to the file's agent, so a backlog is simply
// work that has not started; reading it as todo keeps its items on the board
// instead of in an "unknown" limbo.
//
// Decision: `Current` alone is no status. Boards use it for the running list
// of the present wave, ticked and unticked alike (`## Current` then `## Notes`):
// read as in progress, every finished item of such a list sat in the In
// Progress column with a warning. Under it, a box says the status, as on a
// board with no status heading. `Active` and `Currently Active` still mean in
// progress.
import { DEFAULT_LIFECYCLE, allStatuses, isKnownStatus, makeLifecycle, statusTitleCase, type Lifecycle } from '../lifecycleModel';
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
  active: 'in_progress',
  done: 'done',
  complete: 'done',
  completed: 'done',
  finished: 'done',
  closed: 'done',
  ready: 'todo',
  // Statuses a repository's lifecycle may add; read only when it has them.
  review: 'review',
  inreview: 'review',
  needsreview: 'review',
  readyforreview: 'review',
  awaitingreview: 'review',
  pendingreview: 'review',
  waitingforreview: 'review',
  underreview: 'review',
  blocked: 'blocked',
  onhold: 'blocked',
  paused: 'blocked',
  waiting: 'blocked',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  // What a team decided not to do: read by its box, as todo, an agent would take it up.
  wontdo: 'cancelled',
  willnotdo: 'cancelled',
  notdoing: 'cancelled',
  wontfix: 'cancelled',
  dropped: 'cancelled',
  abandoned: 'cancelled',
};

/** Words a heading puts before the status without changing it (`Recently Completed`, `Currently Active`). */
const LEADING = /^(?:recently|currently|now|already)\s+/;
/** Words naming what a section lists, around its status (`Completed Tasks`, `Tasks In Progress`, `Todo List`). */
const AROUND = /^(?:tasks?|items?)\s+|\s+(?:tasks?|items?|list)$/g;

/**
 * The status a heading's text stands for, or undefined. Case, spaces, dashes,
 * emoji and a trailing count (`To Do (3)`) do not matter; words such as
 * `Recently` before it, and `Tasks` or `List` around it, are left out, and a heading naming two spellings of
 * one status (`Active / In Progress`) is that status, two different ones none.
 * Boards read their headings and table cells through it too (`headingStatus`).
 */
export function sectionStatus(headingText: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Status | undefined {
  const mark = statusMarkOf(headingText);
  if (mark !== undefined) return isKnownStatus(lifecycle, mark) ? mark : undefined;
  let found: Status | undefined;
  for (const part of headingText.replace(/\([^)]*\)\s*$/, '').toLowerCase().split(/[/&|,]| and /)) {
    const words = part.replace(/[^a-z]+/g, ' ').trim().replace(LEADING, '').replace(AROUND, '');
    if (words === '') continue;
    const status = wordStatus(words, lifecycle);
    if (status === undefined || (found !== undefined && found !== status)) return undefined;
    found = status;
  }
  return found;
}

/**
 * Marks that say a status on their own, as a table's Status cell or a heading writes one alone (`| ✅ |`, `## 🚧`):
 * ticks for done, a construction sign or a cycle for in progress, an empty box for todo, a pause or a stop sign for
 * blocked. Marks that say several things (`⏳` waiting or under way, `❌` failed or dropped, coloured circles, which
 * boards also use for priorities) are not among them.
 */
const STATUS_MARKS: Readonly<Record<string, Status>> = {
  '✅': 'done', '✔': 'done', '☑': 'done', '✓': 'done',
  '🚧': 'in_progress', '🔄': 'in_progress',
  '⬜': 'todo', '☐': 'todo', '🔲': 'todo',
  '⏸': 'blocked', '🚫': 'blocked', '🛑': 'blocked',
};

/** The status a text of one status mark names (`✅`, `✔️`, with blanks around), or undefined. */
export function statusMarkOf(text: string): Status | undefined {
  const mark = text.replace(/[\s\uFE0F]/g, '');
  return mark.length <= 2 && Object.prototype.hasOwnProperty.call(STATUS_MARKS, mark) ? STATUS_MARKS[mark] : undefined;
}

/** Every status a heading's common spelling can name (SPELLINGS), as a lifecycle. */
const EVERY_SPELLED = makeLifecycle(['todo', 'claimed', 'in_progress', 'done'], [
  { name: 'review', from: 'any' },
  { name: 'blocked', from: 'any' },
  { name: 'cancelled', from: 'any' },
], new Map());

/**
 * For a heading that names no status of `lifecycle` (its `sectionStatus` is undefined): the status it names by a
 * common spelling that `lifecycle` does not have (`## Blocked`, `## Review` under the default lifecycle), or
 * undefined. The heading means that status, which the board cannot hold.
 */
export function sectionStatusBeyond(headingText: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Status | undefined {
  const named = sectionStatus(headingText, EVERY_SPELLED);
  return named !== undefined && !isKnownStatus(lifecycle, named) ? named : undefined;
}

function wordStatus(words: string, lifecycle: Lifecycle): Status | undefined {
  const key = lettersOf(words);
  if (lifecycle !== DEFAULT_LIFECYCLE) {
    // The repository's own words first: its statuses, then its aliases.
    const own = allStatuses(lifecycle).find((s) => lettersOf(s) === key);
    if (own !== undefined) return own;
    for (const [alias, status] of lifecycle.aliases) if (lettersOf(alias) === key) return status;
  }
  const common = Object.prototype.hasOwnProperty.call(SPELLINGS, key) ? SPELLINGS[key] : undefined;
  return common !== undefined && isKnownStatus(lifecycle, common) ? common : undefined;
}

function lettersOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}

export function canonicalSectionTitle(status: Status): string | undefined {
  return CANONICAL_SECTION_TITLES.find(([s]) => s === status)?.[1];
}

/** The heading a new section of `status` gets: the seed's spelling, else the status in words (`Review`, `On Hold`). */
export function sectionTitleOf(status: Status): string {
  return canonicalSectionTitle(status) ?? statusTitleCase(status);
}
