// The ids a new task (`add`) or a renumbered one (lint's duplicate-id and
// missing-id fixes) must not take: those the workspace's other task files
// use. Two boards holding one id would make every move of it ask which file
// is meant.
import * as path from 'node:path';
import type { IdsElsewhere } from '../core/board/lintBoard';
import { parseBoard } from '../core/board/parseBoard';
import { escapeRegExp } from '../core/text';
import type { FoundFile } from './discoverFiles';
import { load, scopeFiles } from './scope';

/** The workspace's boards and checklists but `target`; none when the workspace cannot be read. */
export function otherTaskFiles(root: string, target: string): FoundFile[] {
  try {
    return scopeFiles({ root }).filter((f) => (f.kind === 'board' || f.kind === 'checklist') && path.resolve(f.path) !== target);
  } catch {
    return [];
  }
}

/**
 * The ids like a board's (its prefix and up to nine digits) written in `files`: read once per id style, by a scan of
 * their text rather than a parse (a 50 MB board elsewhere costs a scan, not a parse). A number a file only mentions
 * (in a description, its history) is skipped too: harmless. Ids that are bare numbers (`- id: 3`) are the exception:
 * a scan for numbers would take every date, count and list number for an id, and one for `id: N` keys would miss a
 * task table's ids and take the `id:` of a list that holds no tasks; so the other boards are parsed, and only their
 * tasks' ids count. Only a board numbered so pays for the parse. The files as they are on this copy, also for a
 * synced add (the board branch is read for the board added to only). An add to this copy holds the other boards'
 * locks while it reads them (`addTaskTo`), so two adds to two boards at one moment take two ids; a checklist, which
 * no add writes, is read without its lock.
 */
export function idsIn(files: readonly FoundFile[]): (like: string) => Set<string> {
  const found = new Map<string, Set<string>>();
  return (like) => {
    const known = found.get(like);
    if (known) return known;
    const prefix = like.replace(/\d+$/, '');
    const ids = new Set<string>();
    found.set(like, ids);
    if (prefix === like) return ids;
    // Up to nine digits: a longer number mentioned somewhere (a timestamp, a hash) is no id to count on from.
    const pattern = new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(prefix)}\\d{1,9}(?![A-Za-z0-9_-])`, 'g');
    for (const f of files) {
      let text: string;
      try {
        text = load(f).text;
      } catch {
        continue;
      }
      if (prefix !== '') for (const m of text.matchAll(pattern)) ids.add(m[0]);
      // A checklist's ids are `agent/slug`, never a bare number.
      else if (f.kind === 'board') for (const t of parseBoard({ file: f.relative, text }).tasks) if (/^\d{1,9}$/.test(t.id)) ids.add(t.id);
    }
    return ids;
  };
}

/** `idsIn` the workspace's task files but `target`, which are listed only when an id is asked for (lint has a duplicate). */
export function idsElsewhereThan(root: string, target: string): IdsElsewhere {
  let ids: ((like: string) => Set<string>) | undefined;
  return (like) => (ids ??= idsIn(otherTaskFiles(root, path.resolve(target))))(like);
}
