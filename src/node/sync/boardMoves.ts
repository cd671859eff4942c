// A task moved on the board branch, for the command line, the MCP server and
// the extension alike: the task is found and moved in the board branch's copy
// of its file, the change is published with the branch's compare-and-swap
// (syncedUpdate.ts), and the agent's own working copy is then made to agree.
// Paths in results are relative to the `root` asked about.
import * as path from 'node:path';
import { fileKindOf } from '../../core/fileKinds';
import { DEFAULT_LIFECYCLE, mayClaim, type Lifecycle, type MoveRequest } from '../../core/lifecycleModel';
import { dependenciesOf, type UnfinishedDependency } from '../../core/dependencies/dependencies';
import type { FileKind, MoveKind, Status, Task } from '../../core/model';
import { planMove, type MoveFailureCode } from '../../core/moves';
import { TaskIndex } from '../../core/taskIndex';
import { applyEdits } from '../../core/text';
import { withBreaksOf, withinLfBreaks } from '../../core/lineBreaks';
import { repoSettingsFor } from '../repoSettingsFile';
import { realRoot } from '../withinRoot';
import { boardBranchOf, checkSyncable, fetchTip, pathsAt, withTextsAt, workTreeOf, type BoardBranch } from './boardBranch';
import { agreeWorkingCopy, syncedUpdate } from './syncedUpdate';

/** What a synced move published, for the output. */
export interface SyncReport {
  /** `origin/main`, or `main` with no remote. */
  readonly branch: string;
  readonly commit: string;
  /** 1 when nobody moved first; each retry after a rejected publish adds one. */
  readonly attempts: number;
  /** What happened to the agent's own working copy. */
  readonly workingCopy: string;
}

export interface BoardMoveRequest {
  /** The folder the move is asked from; printed paths are relative to it. */
  readonly root: string;
  /** Restrict to these files (relative to root). */
  readonly files?: readonly string[];
  readonly id: string;
  /** A named move, or `{ to: status }` for any status of the repository's lifecycle. */
  readonly move: MoveRequest;
  readonly agent?: string;
  /** Compare-and-swap: refuse unless the task is in this status. Defaults to the status first read (before the lock, or on the board branch). */
  readonly expectedStatus?: Status;
  readonly now?: Date;
  readonly stamps?: boolean;
  readonly history?: boolean;
  /** Claim a task that waits on unfinished dependencies anyway; the Session History line records it. */
  readonly force?: boolean;
}

export type BoardMoveOutcome = (
  | {
      readonly ok: true;
      readonly id: string;
      readonly file: string;
      readonly line: number;
      readonly from: Status;
      readonly to: Status;
      readonly agent: string | null;
      /** A forced claim: the unfinished dependencies it went past. */
      readonly forcedPast?: readonly string[];
      /** The agent named for the move that its table has no column to record (`agent` is null then). */
      readonly unrecordedAgent?: string;
      /** The titles of the subtasks still open under a checklist item the move completed. */
      readonly openSubtasks?: readonly string[];
    }
  | {
      readonly ok: false;
      readonly code: MoveFailureCode | 'ambiguous' | 'not-task-file';
      readonly message: string;
      readonly file?: string;
      readonly line?: number;
      /** `waiting`: the dependencies the task waits for. */
      readonly waitingOn?: readonly UnfinishedDependency[];
    }
) & { readonly sync?: SyncReport };

interface Located {
  /** From the repository's top. */
  readonly file: string;
  /** The file's text as the parsers read it (a CR-only file with LF breaks: see lineBreaks.ts). */
  readonly text: string;
  /** The file's text on the board branch, as it is. */
  readonly raw: string;
  readonly status: Status | undefined;
}

/** The board branch of the repository holding `root`, after the checks a synced move needs. */
/** The repository, its board branch and lifecycle; `reading`: only a read of the branch follows, which needs no branch of its own checked out nor whole history. */
export async function boardFor(root: string, reading = false): Promise<{ workTree: string; board: BoardBranch; lifecycle: Lifecycle }> {
  const workTree = await workTreeOf(root);
  if (!reading) await checkSyncable(workTree);
  const settings = repoSettingsFor(workTree).settings;
  const board = await boardBranchOf(workTree, settings.sync);
  return { workTree, board, lifecycle: settings.lifecycle ?? DEFAULT_LIFECYCLE };
}

const VERB: Readonly<Record<MoveKind, string>> = { claim: 'claims', start: 'starts', complete: 'completes', release: 'releases' };

/** The commit message's verb phrase: `claims TASK_7`, `moves TASK_7 to review`. */
function commitVerb(move: MoveRequest, id: string): string {
  return typeof move === 'object' ? `moves ${id} to ${move.to}` : `${VERB[move]} ${id}`;
}

export async function moveOnBoardBranch(request: BoardMoveRequest): Promise<BoardMoveOutcome> {
  const { workTree, board, lifecycle } = await boardFor(request.root);
  const agent = request.agent?.trim() ?? '';
  const now = request.now ?? new Date();
  /** The status the task had when first read: later attempts compare against it (the compare-and-swap). */
  let expected = request.expectedStatus;
  let from: Status | undefined;
  /** What the published claim went past (forced), for the same move on the working copy. */
  let waitingOn: readonly UnfinishedDependency[] = [];
  /** What every plan of this move shares, on the board branch and on the working copy. */
  const planned = { agent: request.agent, now, stamps: request.stamps ?? true, history: request.history ?? true, lifecycle };
  // The same move on another copy of `file` (the agent's own, the worktree that has the board branch), when the
  // task is there as it was on the board branch (a forced claim is forced there too, past what the board branch
  // said, so the history lines agree).
  const sameMove =
    (file: string) =>
    (own: string): string | undefined =>
      withinLfBreaks(own, (text) => {
        const plan = planMove(text, file, request.id, request.move, { ...planned, expectedStatus: from, waitingOn, force: waitingOn.length > 0 });
        return plan.ok ? applyEdits(text, plan.edits) : undefined;
      });
  const outcome = await syncedUpdate<BoardMoveOutcome>(workTree, board, agent, async (tip) => {
    const found = await locate(workTree, request.root, tip, request.id, request.files, lifecycle);
    if ('failure' in found) return { file: '', result: found.failure };
    const { file, text, raw, status } = found;
    expected ??= status;
    waitingOn = mayClaim(request.move) ? await waitingOnAt(workTree, request.root, tip, file, text, request.id, lifecycle) : [];
    const plan = planMove(text, file, request.id, request.move, { ...planned, expectedStatus: expected, waitingOn, force: request.force });
    const shown = rootRelative(workTree, request.root, file);
    if (!plan.ok) {
      const refusal: BoardMoveOutcome = {
        ok: false,
        code: plan.code,
        message: `${plan.message} (on ${board.name})`,
        file: shown,
        ...(plan.line !== undefined ? { line: plan.line + 1 } : {}),
        ...(plan.code === 'waiting' && { waitingOn }),
      };
      return { file, result: refusal };
    }
    from = plan.from;
    const task = plan.task;
    const holder = request.move === 'release' ? null : (task.kind === 'board' ? agent || task.assignedAgent?.trim() : task.agent) || null;
    // Forced past its dependencies only when the move was a claim that had some.
    const forcedPast = plan.forcedPast ?? [];
    const unrecorded = plan.unrecordedAgent;
    const result: BoardMoveOutcome = {
      ok: true,
      id: task.id,
      file: shown,
      line: task.line + 1,
      from: plan.from,
      to: plan.to,
      agent: unrecorded ? null : holder,
      ...(forcedPast.length > 0 && { forcedPast }),
      ...(unrecorded && { unrecordedAgent: unrecorded }),
      ...(plan.openSubtasks && { openSubtasks: plan.openSubtasks }),
    };
    const forced = forcedPast.length > 0 ? ` (forced past ${forcedPast.join(', ')} unfinished)` : '';
    return { file, text: withBreaksOf(raw, applyEdits(text, plan.edits)), result, message: `${agent || holder || 'someone'} ${commitVerb(request.move, task.id)}${forced}`, edit: sameMove(file) };
  });
  if (!outcome.published || !outcome.result.ok) return outcome.result;
  const workingCopy = await agreeWorkingCopy(workTree, board, outcome.published, sameMove(outcome.published.file));
  return { ...outcome.result, sync: { branch: board.name, commit: outcome.published.commit, attempts: outcome.published.attempts, workingCopy } };
}

/**
 * A claim's unfinished dependencies on the board branch: judged with every
 * task file under `root` at `tip`, read only when the task has dependencies.
 */
async function waitingOnAt(workTree: string, root: string, tip: string, file: string, text: string, id: string, lifecycle: Lifecycle): Promise<readonly UnfinishedDependency[]> {
  const kind = fileKindOf(file) === 'checklist' ? 'checklist' : 'board';
  const index = new TaskIndex(lifecycle);
  index.set(file, kind, text);
  const task = index.find(id, file);
  if (!task || dependenciesOf(task).length === 0) return [];
  // The other files are read from git only for a task that has dependencies.
  const others = (await taskFilesAt(workTree, root, tip)).files.filter((other) => other.path !== file);
  for (const other of await withTextsAt(workTree, tip, others)) index.set(other.path, other.kind, other.text);
  return index.waitingOn(task);
}

/** Every task of the task files on the board branch under `root`, by the file's path relative to `root`. */
export async function tasksOnBoardBranch(
  root: string,
): Promise<{ board: BoardBranch; tip: string; tasks: readonly Task[]; files: readonly string[]; linked: readonly string[] }> {
  // A read (`list`, `next` without --claim): a CI checkout, shallow and on a detached HEAD, reads the board too.
  const { workTree, board, lifecycle } = await boardFor(root, true);
  const tip = await fetchTip(workTree, board);
  const index = new TaskIndex(lifecycle);
  const { files, links } = await taskFilesAt(workTree, root, tip);
  for (const file of await withTextsAt(workTree, tip, files)) index.set(rootRelative(workTree, root, file.path), file.kind, file.text);
  // Task files git holds as symbolic links are not read (their blob is the target's name): the caller says so.
  return { board, tip, tasks: index.tasks(), files: index.files(), linked: links.map((f) => rootRelative(workTree, root, f.path)) };
}

/**
 * The task files (boards and checklists) in the tree of `tip`, under `root`: `files`, and apart from them `links`,
 * the ones git holds as symbolic links (their blob is the target's name), from one listing of the tree.
 */
export async function taskFilesAt(workTree: string, root: string, tip: string): Promise<{ files: TaskFileAt[]; links: TaskFileAt[] }> {
  const under = path.relative(workTree, realRoot(root)).split(path.sep).join('/');
  const found = { files: [] as TaskFileAt[], links: [] as TaskFileAt[] };
  for (const { path: p, link } of await pathsAt(workTree, tip)) {
    if (under !== '' && !p.startsWith(`${under}/`)) continue;
    const kind = fileKindOf(under === '' ? p : p.slice(under.length + 1));
    if (kind) (link ? found.links : found.files).push({ path: p, kind });
  }
  return found;
}

/** A task file in a tree: its path from the repository's top, and its kind. */
export interface TaskFileAt {
  readonly path: string;
  readonly kind: FileKind;
}

/** The one task file at `tip` that holds `id`: a path from the repository's top, its text and the task's status. */
async function locate(
  workTree: string,
  root: string,
  tip: string,
  id: string,
  named: readonly string[] | undefined,
  lifecycle: Lifecycle,
): Promise<Located | { failure: BoardMoveOutcome }> {
  const notTask = named?.find((n) => fileKindOf(n) !== 'board' && fileKindOf(n) !== 'checklist');
  if (notTask !== undefined) {
    return { failure: { ok: false, code: 'not-task-file', message: `${notTask} is not a task file (a board or an agent checklist); moves act only on task files.` } };
  }
  const inTree = named && named.length > 0 ? undefined : await taskFilesAt(workTree, root, tip);
  const candidates = inTree
    ? inTree.files
    : named!.map((n) => ({ path: path.relative(workTree, path.resolve(realRoot(root), n)).split(path.sep).join('/'), kind: fileKindOf(n) ?? 'board' }));
  const holders: Located[] = [];
  const taskFiles = candidates.filter((file) => file.kind === 'board' || file.kind === 'checklist');
  for (const file of await withTextsAt(workTree, tip, taskFiles)) {
    const index = new TaskIndex(lifecycle);
    index.set(file.path, file.kind, file.text);
    const task = index.tasks().find((t) => t.id === id);
    if (task) holders.push({ file: file.path, text: file.text, raw: file.raw, status: task.status });
  }
  if (holders.length === 0) {
    // A task file git holds as a symbolic link is its target's name, not a board: say so rather than only "not found".
    const links = (inTree?.links ?? []).map((f) => f.path);
    const linked = links.length > 0 ? ` ${links.join(', ')} ${links.length > 1 ? 'are symbolic links' : 'is a symbolic link'} there, which synced moves do not follow; move tasks in the file it names without --sync, or make it a file.` : '';
    return { failure: { ok: false, code: 'not-found', message: `No task ${id} on the board branch.${linked || ' Run `agent-task-board list --sync` to see the ids there.'}` } };
  }
  if (holders.length > 1) {
    return { failure: { ok: false, code: 'ambiguous', message: `${id} is in ${holders.map((h) => h.file).join(' and ')} on the board branch; name the file after the id.` } };
  }
  return holders[0]!;
}

export function rootRelative(workTree: string, root: string, file: string): string {
  return path.relative(realRoot(root), path.join(workTree, ...file.split('/'))).split(path.sep).join('/');
}

