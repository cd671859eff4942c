// The command line's writes and listing through the board branch (`--sync`),
// loaded only for them (its own bundle, dist/sync.js): moves are the node
// layer's (src/node/sync/boardMoves.ts, shared with the extension); the
// listing, `add`, work-log entries and `fix` are here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Task } from '../core/model';
import { withBreaksOf, withLfBreaks } from '../core/lineBreaks';
import { DEFAULT_STALE_MS } from '../core/stale';
import { fetchTip, SyncError, textAt, withTextsAt } from '../node/sync/boardBranch';
import { realRoot } from '../node/withinRoot';
import { boardFor, moveOnBoardBranch, rootRelative, taskFilesAt, tasksOnBoardBranch, type BoardMoveOutcome, type SyncReport } from '../node/sync/boardMoves';
import { agreeWorkingCopy, sameChange, syncedUpdate } from '../node/sync/syncedUpdate';
import { isTaskFileKind, scopeFiles, type LoadedFile } from './scope';
import { appliedRows, fixText, listRow, type AppliedFix, type FixFailure, type FixOptions, type FixReport, type MoveRequest, type TaskRow } from './operations';
import { pushAll } from '../core/arrays';

export type SyncedMoveOutcome = BoardMoveOutcome;
export type { SyncReport };

/** The command line's move through the board branch. */
export function moveTaskSynced(request: MoveRequest): Promise<SyncedMoveOutcome> {
  return moveOnBoardBranch(request);
}

/**
 * The tasks on the board branch under `root` (for `next --sync`): `all` of them, and `tasks`, those of the files
 * named (relative to root or absolute; every file when none is). A named file the branch does not have is refused.
 */
export async function tasksSynced(root: string, named: readonly string[] = []): Promise<{ branch: string; commit: string; all: readonly Task[]; tasks: readonly Task[]; linked: readonly string[] }> {
  const { board, tip, tasks: all, files, linked } = await tasksOnBoardBranch(root);
  const base = { branch: board.name, commit: tip, all, linked };
  if (named.length === 0) return { ...base, tasks: all };
  // Named as a command names files (scope.ts: relative to root or absolute, inside it).
  const wanted = new Set<string>();
  scopeFiles({ root, files: named }).forEach(({ relative }, i) => {
    if (!files.includes(relative)) throw new SyncError(`${named[i]} is not on the board branch ${board.name}: commit it there first; nothing was read or written.`);
    wanted.add(relative);
  });
  return { ...base, tasks: all.filter((t) => wanted.has(t.file)) };
}

/** The tasks as the board branch has them (`list --sync`), of the files named, or all. */
export async function listTasksSynced(root: string, named: readonly string[] = []): Promise<{ branch: string; commit: string; rows: TaskRow[]; linked: readonly string[] }> {
  const { branch, commit, tasks, linked } = await tasksSynced(root, named);
  return { branch, commit, rows: tasks.map(listRow), linked };
}

/** What a change to one file decides on the board branch's copy (undefined text: the file is not there yet). */
export interface FileChange<T> {
  /** The new text; undefined to write nothing (a refusal, or no change). */
  readonly text?: string;
  readonly result: T;
  /** The commit's subject: what the change did. */
  readonly message: string;
}

/**
 * Any change to one task file (an added task, a work-log entry, a fix) made on
 * the board branch, then the same change in the agent's own copy. `file` is
 * relative to `root`; `change` may be asked several times, each time of the
 * newest tip's text, so what it picks (the next free id) is picked there.
 */
export async function updateFileSynced<T>(
  root: string,
  file: string,
  agent: string,
  change: (text: string | undefined) => FileChange<T>,
): Promise<{ result: T; sync?: SyncReport }> {
  const { workTree, board } = await boardFor(root);
  const repoPath = path.relative(workTree, path.resolve(realRoot(root), file)).split(path.sep).join('/');
  const full = path.join(workTree, ...repoPath.split('/'));
  let base: string | undefined;
  let changed: string | undefined;
  /** The change as it applies to another copy of the file, made once per attempt. */
  let edit: ((text: string) => string | undefined) | undefined;
  const outcome = await syncedUpdate<T>(workTree, board, agent, async (tip) => {
    base = await textAt(workTree, tip, repoPath);
    // A file this copy has and the board branch has not (never committed there): the change would make a new file
    // of it on the branch, holding only what this command adds, beside the local one.
    if (base === undefined && fs.existsSync(full)) {
      throw new SyncError(`${repoPath} is not on the board branch ${board.name} yet: commit it there first; nothing was written.`);
    }
    // Decided on the text as the parsers read it, and committed with the file's own line breaks (a CR-only board).
    const decided = change(base === undefined ? undefined : withLfBreaks(base));
    changed = decided.text === undefined || base === undefined ? decided.text : withBreaksOf(base, decided.text);
    edit = changed === undefined ? undefined : sameChange(base ?? '', changed);
    return { file: repoPath, text: changed, result: decided.result, message: decided.message, edit };
  });
  if (!outcome.published || changed === undefined || edit === undefined) return { result: outcome.result };
  let workingCopy = await agreeWorkingCopy(workTree, board, outcome.published, edit);
  if (!fs.existsSync(full)) {
    // A file the change created: the agent's copy gets it too (one made here meanwhile is not replaced).
    try {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, changed, { flag: 'wx' });
      workingCopy = `${repoPath} created to match (commit it with your work)`;
    } catch (error) {
      workingCopy = `${repoPath} not created here (${(error as Error).message}); the board branch has it`;
    }
  }
  return { result: outcome.result, sync: { branch: board.name, commit: outcome.published.commit, attempts: outcome.published.attempts, workingCopy } };
}

/** `fix --sync`: the same fixes, made in the board branch's copy of each task file, one commit per file. */
export async function fixFilesSynced(options: FixOptions): Promise<FixReport> {
  const now = options.now ?? new Date();
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const { workTree, board } = await boardFor(options.root);
  const tip = await fetchTip(workTree, board);
  const atTip = await withTextsAt(workTree, tip, (await taskFilesAt(workTree, options.root, tip)).files);
  const loaded: LoadedFile[] = atTip.map((f) => ({ path: f.path, relative: rootRelative(workTree, options.root, f.path), kind: f.kind, text: f.text }));
  const logs = loaded.filter((f) => f.kind === 'worklog');
  // The branch's task files, for the dependency fixes (an unquoted `007` where a task of another file is "007"), as
  // `fix` reads the workspace's.
  const taskFiles = loaded.filter((f) => isTaskFileKind(f.kind));
  const fixOptions = { ...options, now, staleMs, dependencies: () => taskFiles };
  const applied: AppliedFix[] = [];
  const failed: FixFailure[] = [];
  for (const { text: first, ...f } of atTip) {
    if (f.kind !== 'board' && f.kind !== 'checklist') continue;
    const relative = rootRelative(workTree, options.root, f.path);
    const found = { path: f.path, relative, kind: f.kind };
    if (fixText(found, first, logs, fixOptions).applied.length === 0) continue;
    try {
      const done = await updateFileSynced(options.root, relative, '', (text) => {
        const fixed = text === undefined ? undefined : fixText(found, text, logs, fixOptions);
        const result = fixed ? appliedRows(relative, text!, fixed.applied) : [];
        const codes = [...new Set(result.map((r) => r.code))].join(', ');
        return { text: fixed && fixed.text !== text ? fixed.text : undefined, result, message: `fix ${relative}: ${codes}` };
      });
      pushAll(applied, done.result);
    } catch (err) {
      failed.push({ file: relative, message: (err as Error).message });
    }
  }
  return { applied, failed };
}
