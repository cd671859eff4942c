// `claim`, `start`, `done`, `release` on disk: one planned move written under
// the file's lock on the text read inside it.
import { fileKindOf } from '../core/fileKinds';
import { waitingOnAmong, type UnfinishedDependency } from '../core/dependencies/dependencies';
import type { MoveKind, ParsedBoard, ParsedChecklist, Status, Task } from '../core/model';
import { planMove } from '../core/moves';
import { applyEdits } from '../core/text';
import { mayClaim, type Lifecycle } from '../core/lifecycleModel';
import type { FoundFile } from './discoverFiles';
import { lockedUpdate, readWhenStill } from '../node/lockedWrite';
import type { BoardMoveOutcome, BoardMoveRequest } from '../node/sync/boardMoves';
import { buildIndex, lifecycleOf, load, scopeFiles, decoded, isTaskFileKind, parseTaskFile, type LoadedFile } from './scope';

/** A move of one task: the same request whether it is made here or on the board branch (src/node/sync/boardMoves.ts). */
export type MoveRequest = BoardMoveRequest;

/** What a move did, or why it was refused; a move here never has `sync`. */
export type MoveOutcome = Omit<Extract<BoardMoveOutcome, { ok: true }>, 'sync'> | Omit<Extract<BoardMoveOutcome, { ok: false }>, 'sync'>;

/** A refused move's message after the file and line it is about (`TODO.md:6: ...`), as the command line prints it. */
export function refusalText(outcome: { readonly file?: string; readonly line?: number; readonly message: string }): string {
  const where = outcome.file ? `${outcome.file}${outcome.line !== undefined ? `:${outcome.line}` : ''}: ` : '';
  return `${where}${outcome.message}`;
}

/** A move of the command line and the MCP server: under the file's lock, on the text on disk (the editor's moves go through `moveTask` in src/extension/taskMover.ts). */
export async function moveTaskOnDisk(request: MoveRequest): Promise<MoveOutcome> {
  const outcome = await moveOnce(request);
  // Found before the lock but not under it (a file outside `not-found` names its file only then):
  // the board changed in between, so look again from the start, once.
  return !outcome.ok && outcome.code === 'not-found' && outcome.file !== undefined ? moveOnce(request) : outcome;
}

async function moveOnce(request: MoveRequest): Promise<MoveOutcome> {
  const scoped = scopeFiles(request);
  // A named file is read as a board for list and lint, but a move writes: only a file a task glob names.
  const named = request.files !== undefined && request.files.length > 0;
  const notTaskFile = named ? scoped.find((f) => !isTaskFileKind(fileKindOf(f.relative))) : undefined;
  if (notTaskFile) {
    return {
      ok: false,
      code: 'not-task-file',
      message: `${notTaskFile.relative} is not a task file (a TODO.md board or a .claude/tasks/<agent>-tasks.md checklist); nothing was moved.`,
    };
  }
  const candidates = scoped.filter((f) => isTaskFileKind(f.kind));
  // A program writing a board without the lock leaves it truncated for a moment: a task missing from a
  // quick read is looked for again in reads that held still, and only a task absent from those is not found.
  const lifecycle = lifecycleOf(request.root);
  let loaded: { found: FoundFile; text: string; unreadable?: string }[] = candidates.map((found) => ({ found, ...load(found) }));
  let { holders, unreadable } = holdersOf(loaded, request.id, lifecycle);
  if (holders.length === 0) ({ holders, unreadable } = holdersOf((loaded = await Promise.all(candidates.map(stableLoad))), request.id, lifecycle));
  if (holders.length === 0) {
    const where = request.files && request.files.length > 0 ? request.files.join(', ') : `any task file under ${request.root}`;
    const skipped = unreadable.length > 0 ? ` ${unreadable.join(' ')} Nothing was written.` : '';
    return { ok: false, code: 'not-found', message: `No task ${request.id} in ${where}.${skipped} Run \`agent-task-board list\` to see the ids.` };
  }
  if (holders.length > 1) {
    return {
      ok: false,
      code: 'ambiguous',
      message: `${request.id} is in ${holders.map((h) => h.file.relative).join(' and ')}; name the file after the id.`,
    };
  }
  const { file, status: seen } = holders[0]!;
  const expectedStatus = request.expectedStatus ?? seen;
  const now = request.now ?? new Date();
  return lockedUpdate<MoveOutcome>(file.path, (text) => {
    const parsed = parseTaskFile(file.kind, file.relative, text, lifecycle);
    // A claim waits on the whole workspace: the other files as read before the lock (all of them when
    // only some were named), this one as it is under the lock. A move by status name may be a claim too.
    const waitingOn =
      mayClaim(request.move)
        ? waitingOnIn(parsed, text, file, () => (named ? workspaceTaskFiles(request.root) : loaded.filter((l) => l.unreadable === undefined).map((l) => ({ ...l.found, text: l.text }))), request.id, lifecycle)
        : [];
    const plan = planMove(text, file.relative, request.id, request.move, {
      lifecycle,
      agent: request.agent,
      expectedStatus,
      now,
      stamps: request.stamps ?? true,
      history: request.history ?? true,
      parsed,
      waitingOn,
      force: request.force,
    });
    if (!plan.ok) {
      const result: MoveOutcome = {
        ok: false,
        code: plan.code,
        message: plan.message,
        file: file.relative,
        ...(plan.line !== undefined ? { line: plan.line + 1 } : {}),
        ...(plan.code === 'waiting' && { waitingOn }),
      };
      return { write: false, result };
    }
    const task = plan.task;
    const agent = request.move === 'release' ? null : (task.kind === 'board' ? request.agent?.trim() || task.assignedAgent?.trim() : task.agent) || null;
    const result: MoveOutcome = {
      ok: true,
      id: task.id,
      file: file.relative,
      line: task.line + 1,
      from: plan.from,
      to: plan.to,
      agent: plan.unrecordedAgent ? null : agent,
      ...(plan.forcedPast && { forcedPast: plan.forcedPast }),
      ...(plan.unrecordedAgent && { unrecordedAgent: plan.unrecordedAgent }),
      ...(plan.openSubtasks && { openSubtasks: plan.openSubtasks }),
    };
    return { write: true, text: applyEdits(text, plan.edits), result };
  }, { root: request.root });
}

/** The unfinished dependencies of task `id` of `file` (parsed from `text`), judged with `others` and this text. */
function waitingOnIn(
  parsed: ParsedBoard | ParsedChecklist,
  text: string,
  file: FoundFile,
  others: () => readonly LoadedFile[],
  id: string,
  lifecycle: Lifecycle,
): readonly UnfinishedDependency[] {
  const task = parsed.tasks.find((t) => t.id === id);
  if (!task) return [];
  return waitingOnAmong(
    task,
    () => {
      const index = buildIndex(others().filter((f) => f.relative !== file.relative), lifecycle);
      index.setParsed(file.relative, file.kind, text, parsed);
      return index.tasks();
    },
    lifecycle,
  );
}

/** Every readable board and checklist under `root`. */
function workspaceTaskFiles(root: string): LoadedFile[] {
  return scopeFiles({ root })
    .filter((f) => isTaskFileKind(f.kind))
    .map(load)
    .filter((f) => f.unreadable === undefined);
}

interface Holder {
  readonly file: FoundFile;
  readonly status: Status | undefined;
}

/** The files whose text holds task `id`, and why any file could not be read. */
function holdersOf(
  files: readonly { found: FoundFile; text: string; unreadable?: string }[],
  id: string,
  lifecycle: Lifecycle,
): { holders: Holder[]; unreadable: string[] } {
  const holders: Holder[] = [];
  const unreadable: string[] = [];
  for (const { found, text, unreadable: why } of files) {
    if (why !== undefined) unreadable.push(why);
    const tasks = parseTaskFile(found.kind, found.relative, text, lifecycle).tasks;
    // A checklist's subtask too: the move then refuses it saying what it is, not that there is no such task.
    const task = tasks.find((t) => t.id === id) ?? subtaskOf(tasks, id);
    if (task) holders.push({ file: found, status: task.status });
  }
  return { holders, unreadable };
}

/** The subtask `id` of a checklist's items, at any depth. */
function subtaskOf(tasks: readonly Task[], id: string): Task | undefined {
  for (const task of tasks) {
    if (task.kind !== 'checklist') continue;
    const found = task.subtasks.find((s) => s.id === id) ?? subtaskOf(task.subtasks, id);
    if (found) return found;
  }
  return undefined;
}

/** The file once it holds still (see readWhenStill); a file that cannot be decoded is named, not read. */
async function stableLoad(found: FoundFile): Promise<{ found: FoundFile; text: string; unreadable?: string }> {
  return { found, ...decoded(found, await readWhenStill(found.path, found.relative)) };
}


/** The CLI's move names (`done`) to the core's (`complete`). */
export function moveKindOf(command: 'claim' | 'start' | 'done' | 'release'): MoveKind {
  return command === 'done' ? 'complete' : command;
}


