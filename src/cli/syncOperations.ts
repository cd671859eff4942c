// The command line's moves and listing through the board branch (`--sync`):
// the task is found and moved in the board branch's copy of its file, the
// change is published with the branch's compare-and-swap (see
// src/node/sync/), and the agent's own working copy is then made to agree.
// Paths printed are relative to --root, as for the other commands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../core/fileKinds';
import type { FileKind, MoveKind, Status } from '../core/model';
import { planMove } from '../core/moves';
import { applyEdits } from '../core/text';
import { TaskIndex } from '../core/taskIndex';
import { repoSettingsFor } from '../node/repoSettingsFile';
import { boardBranchOf, checkSyncable, fetchTip, pathsAt, textAt, workTreeOf, type BoardBranch } from '../node/sync/boardBranch';
import { agreeWorkingCopy, sameChange, syncedUpdate } from '../node/sync/syncedUpdate';
import { DEFAULT_STALE_MS } from '../core/stale';
import { fixText, listRow, type AppliedFix, type FixFailure, type FixOptions, type FixReport, type MoveOutcome, type MoveRequest, type TaskRow } from './operations';

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

export type SyncedMoveOutcome = MoveOutcome & { readonly sync?: SyncReport };

interface Located {
  /** From the repository's top. */
  readonly file: string;
  readonly text: string;
  readonly status: Status | undefined;
}

/** The board branch of the repository holding `root`, after the checks a synced move needs. */
async function boardFor(root: string): Promise<{ workTree: string; board: BoardBranch }> {
  const workTree = await workTreeOf(root);
  await checkSyncable(workTree);
  const board = await boardBranchOf(workTree, repoSettingsFor(workTree).settings.sync);
  return { workTree, board };
}

const VERB: Readonly<Record<MoveKind, string>> = { claim: 'claims', start: 'starts', complete: 'completes', release: 'releases' };

export async function moveTaskSynced(request: MoveRequest): Promise<SyncedMoveOutcome> {
  const { workTree, board } = await boardFor(request.root);
  const agent = request.agent?.trim() ?? '';
  const now = request.now ?? new Date();
  /** The status the task had when first read: later attempts compare against it (the compare-and-swap). */
  let expected = request.expectedStatus;
  let from: Status | undefined;
  const outcome = await syncedUpdate<SyncedMoveOutcome>(workTree, board, agent, async (tip) => {
    const found = await locate(workTree, request.root, tip, request.id, request.files);
    if ('failure' in found) return { file: '', result: found.failure };
    const { file, text, status } = found;
    expected ??= status;
    const plan = planMove(text, file, request.id, request.move, {
      agent: request.agent,
      expectedStatus: expected,
      now,
      stamps: request.stamps ?? true,
      history: request.history ?? true,
    });
    const shown = rootRelative(workTree, request.root, file);
    if (!plan.ok) {
      const refusal: SyncedMoveOutcome = { ok: false, code: plan.code, message: `${plan.message} (on ${board.name})`, file: shown, ...(plan.line !== undefined ? { line: plan.line + 1 } : {}) };
      return { file, result: refusal };
    }
    from = plan.from;
    const task = plan.task;
    const holder = request.move === 'release' ? null : (task.kind === 'board' ? agent || task.assignedAgent?.trim() : task.agent) || null;
    const result: SyncedMoveOutcome = { ok: true, id: task.id, file: shown, line: task.line + 1, from: plan.from, to: plan.to, agent: holder };
    return { file, text: applyEdits(text, plan.edits), result, message: `${agent || holder || 'someone'} ${VERB[request.move]} ${task.id}` };
  });
  if (!outcome.published || !outcome.result.ok) return outcome.result;
  // The same move on the agent's copy of the file, when the task is there as it was on the board branch.
  const sameMove = (text: string): string | undefined => {
    const plan = planMove(text, outcome.published!.file, request.id, request.move, {
      agent: request.agent,
      expectedStatus: from,
      now,
      stamps: request.stamps ?? true,
      history: request.history ?? true,
    });
    return plan.ok ? applyEdits(text, plan.edits) : undefined;
  };
  const workingCopy = await agreeWorkingCopy(workTree, board, outcome.published, sameMove);
  return { ...outcome.result, sync: { branch: board.name, commit: outcome.published.commit, attempts: outcome.published.attempts, workingCopy } };
}

/** The tasks as the board branch has them (`list --sync`). */
export async function listTasksSynced(root: string): Promise<{ branch: string; commit: string; rows: TaskRow[] }> {
  const { workTree, board } = await boardFor(root);
  const tip = await fetchTip(workTree, board);
  const index = new TaskIndex();
  for (const file of await taskFilesAt(workTree, root, tip)) {
    const text = await textAt(workTree, tip, file.path);
    if (text !== undefined) index.set(rootRelative(workTree, root, file.path), file.kind, text);
  }
  return { branch: board.name, commit: tip, rows: index.tasks().map(listRow) };
}

/** The task files (boards and checklists) in the tree of `tip`, under `root`. */
async function taskFilesAt(workTree: string, root: string, tip: string): Promise<{ path: string; kind: 'board' | 'checklist' | 'worklog' | 'agent' }[]> {
  const under = path.relative(workTree, realRoot(root)).split(path.sep).join('/');
  const files: { path: string; kind: 'board' | 'checklist' | 'worklog' | 'agent' }[] = [];
  for (const p of await pathsAt(workTree, tip)) {
    if (under !== '' && !p.startsWith(`${under}/`)) continue;
    const kind = fileKindOf(under === '' ? p : p.slice(under.length + 1));
    if (kind) files.push({ path: p, kind });
  }
  return files;
}

/** The one task file at `tip` that holds `id`: a path from the repository's top, its text and the task's status. */
async function locate(
  workTree: string,
  root: string,
  tip: string,
  id: string,
  named: readonly string[] | undefined,
): Promise<Located | { failure: SyncedMoveOutcome }> {
  const candidates =
    named && named.length > 0
      ? named.map((n) => ({ path: path.relative(workTree, path.resolve(realRoot(root), n)).split(path.sep).join('/'), kind: fileKindOf(n) ?? 'board' }))
      : await taskFilesAt(workTree, root, tip);
  const holders: Located[] = [];
  for (const file of candidates) {
    if (file.kind !== 'board' && file.kind !== 'checklist') continue;
    const text = await textAt(workTree, tip, file.path);
    if (text === undefined) continue;
    const index = new TaskIndex();
    index.set(file.path, file.kind, text);
    const task = index.tasks().find((t) => t.id === id);
    if (task) holders.push({ file: file.path, text, status: task.status });
  }
  if (holders.length === 0) {
    return { failure: { ok: false, code: 'not-found', message: `No task ${id} on the board branch. Run \`agent-task-board list --sync\` to see the ids there.` } };
  }
  if (holders.length > 1) {
    return { failure: { ok: false, code: 'ambiguous', message: `${id} is in ${holders.map((h) => h.file).join(' and ')} on the board branch; name the file after the id.` } };
  }
  return holders[0]!;
}

function rootRelative(workTree: string, root: string, file: string): string {
  return path.relative(realRoot(root), path.join(workTree, ...file.split('/'))).split(path.sep).join('/');
}

/** `root` as git names folders (its real path): git's top-level folder is one. */
function realRoot(root: string): string {
  try {
    return fs.realpathSync(path.resolve(root));
  } catch {
    return path.resolve(root);
  }
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
  let base: string | undefined;
  let changed: string | undefined;
  const outcome = await syncedUpdate<T>(workTree, board, agent, async (tip) => {
    base = await textAt(workTree, tip, repoPath);
    const decided = change(base);
    changed = decided.text;
    return { file: repoPath, text: decided.text, result: decided.result, message: decided.message };
  });
  if (!outcome.published || changed === undefined) return { result: outcome.result };
  const full = path.join(workTree, ...repoPath.split('/'));
  let workingCopy = await agreeWorkingCopy(workTree, board, outcome.published, sameChange(base ?? '', changed));
  if (!fs.existsSync(full)) {
    // A file the change created: the agent's copy gets it too.
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, changed, { flag: 'wx' });
    workingCopy = `${repoPath} created to match (commit it with your work)`;
  }
  return { result: outcome.result, sync: { branch: board.name, commit: outcome.published.commit, attempts: outcome.published.attempts, workingCopy } };
}

/** `fix --sync`: the same fixes, made in the board branch's copy of each task file, one commit per file. */
export async function fixFilesSynced(options: FixOptions): Promise<FixReport> {
  const now = options.now ?? new Date();
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const { workTree, board } = await boardFor(options.root);
  const tip = await fetchTip(workTree, board);
  const atTip = await taskFilesAt(workTree, options.root, tip);
  const logs: { path: string; relative: string; kind: FileKind; text: string }[] = [];
  for (const f of atTip.filter((f) => f.kind === 'worklog')) {
    const text = await textAt(workTree, tip, f.path);
    if (text !== undefined) logs.push({ path: f.path, relative: rootRelative(workTree, options.root, f.path), kind: f.kind, text });
  }
  const applied: AppliedFix[] = [];
  const failed: FixFailure[] = [];
  for (const f of atTip) {
    if (f.kind !== 'board' && f.kind !== 'checklist') continue;
    const relative = rootRelative(workTree, options.root, f.path);
    const found = { path: f.path, relative, kind: f.kind };
    const first = await textAt(workTree, tip, f.path);
    if (first === undefined || fixText(found, first, logs, { ...options, now, staleMs }).applied.length === 0) continue;
    try {
      const done = await updateFileSynced(options.root, relative, '', (text) => {
        const fixed = text === undefined ? undefined : fixText(found, text, logs, { ...options, now, staleMs });
        const result = (fixed?.applied ?? []).map((a) => ({ file: relative, code: a.code, taskId: a.taskId ?? null, title: a.title }));
        const codes = [...new Set(result.map((r) => r.code))].join(', ');
        return { text: fixed && fixed.text !== text ? fixed.text : undefined, result, message: `fix ${relative}: ${codes}` };
      });
      applied.push(...done.result);
    } catch (err) {
      failed.push({ file: relative, message: (err as Error).message });
    }
  }
  return { applied, failed };
}
