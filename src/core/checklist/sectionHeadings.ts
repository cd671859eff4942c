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
import { headingStatus } from '../board/statusWords';

/** The seed's spelling of each checklist section, and the order the seed puts them in. */
export const CANONICAL_SECTION_TITLES: ReadonlyArray<readonly [Status, string]> = [
  ['in_progress', 'In Progress'],
  ['todo', 'To Do'],
  ['done', 'Completed'],
];

/**
 * The status a heading's text stands for, or undefined. Case, spaces, dashes,
 * emoji and a trailing count (`To Do (3)`) do not matter. The spellings are
 * the boards' (`headingStatus` in board/statusWords.ts): one table for both.
 */
export function sectionStatus(headingText: string): Status | undefined {
  return headingStatus(headingText);
}

export function canonicalSectionTitle(status: Status): string | undefined {
  return CANONICAL_SECTION_TITLES.find(([s]) => s === status)?.[1];
}
