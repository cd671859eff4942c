// What the command line does, as functions returning data, so the MCP server
// and the tests call the same code the `agent-task-board` commands print.
import type { execFileSync as ExecFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBoard } from '../core/board/parseBoard';
import { lintChecklist } from '../core/checklist/lintChecklist';
import { parseChecklist } from '../core/checklist/parseChecklist';
import { planChecklistSectionMove } from '../core/checklist/planChecklistSectionMove';
import { fileKindOf } from '../core/fileKinds';
import { fixAll } from '../core/fixAll';
import { checkTransitions, removedClaims } from '../core/lifecycle';
import type {
  FileKind,
  HistoryEntry,
  MoveKind,
  ParsedBoard,
  ParsedChecklist,
  ParsedFile,
  Problem,
  ProblemCode,
  Severity,
  Status,
  Task,
  WorkLogEntry,
} from '../core/model';
import { STATUSES } from '../core/model';
import { MOVE_TARGET, planMove, type MoveFailureCode } from '../core/moves';
import { DEFAULT_STALE_MS, staleClaims } from '../core/stale';
import { lintParsed, parse, TaskIndex } from '../core/taskIndex';
import { withLfBreaks } from '../core/lineBreaks';
import { LineIndex, applyEdits } from '../core/text';
import { discoverFiles, NamedFileError, namedFiles, toPosix, type FoundFile } from './discoverFiles';
import { decodeStrictly, lockedUpdate, readWhenStill, WriteRefusedError } from '../node/lockedWrite';

export interface Scope {
  /** The workspace root; printed paths are relative to it. */
  readonly root: string;
  /** Restrict to these files (relative to root or absolute); all task files under root when empty. */
  readonly files?: readonly string[];
}

/** A problem where the CLI's user sees it: 1-based line and column, as editors show them. */
export interface ProblemRow {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fixes: string[];
}

export interface TaskRow {
  readonly id: string;
  readonly title: string;
  readonly status: Status | null;
  readonly priority: string | null;
  readonly assignedAgent: string | null;
  readonly kind: Task['kind'];
  readonly file: string;
  readonly line: number;
  readonly group: string | null;
}

/** A file the CLI could not read, reported instead of thrown. */
export class FileError extends Error {
  override readonly name = 'FileError';
}

interface LoadedFile extends FoundFile {
  readonly text: string;
  /** Why the file was not read as text (binary, not UTF-8); its text is then empty and it is never parsed. */
  readonly unreadable?: string;
}

function scopeFiles(scope: Scope): FoundFile[] {
  try {
    return scope.files && scope.files.length > 0 ? namedFiles(scope.root, scope.files) : discoverFiles(scope.root);
  } catch (err) {
    throw err instanceof NamedFileError ? new FileError(err.message) : err;
  }
}

function load(file: FoundFile): LoadedFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file.path);
  } catch (err) {
    throw new FileError(`${file.relative}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }
  return decoded(file, bytes);
}

function decoded(file: FoundFile, bytes: Buffer): LoadedFile {
  // A lossy decode of a binary or non-UTF-8 file would list garbage as tasks: such a file is named, never parsed.
  try {
    return { ...file, text: withLfBreaks(decodeStrictly(file.relative, bytes)) };
  } catch (err) {
    if (!(err instanceof WriteRefusedError)) throw err;
    const why = bytes.includes(0) ? 'is binary (it holds NUL bytes)' : 'is not valid UTF-8';
    return { ...file, text: '', unreadable: `${file.relative} matches a task-file glob but ${why}; it was not read.` };
  }
}

function buildIndex(files: readonly LoadedFile[]): TaskIndex {
  const index = new TaskIndex();
  for (const f of files) if (f.unreadable === undefined) index.set(f.relative, f.kind, f.text);
  return index;
}

// ---------------------------------------------------------------- list

export function listTasks(scope: Scope): TaskRow[] {
  return listReport(scope).tasks;
}

/** Every task, and a sentence for each task file that could not be read (binary, not UTF-8): lint reports those, list says them too. */
export function listReport(scope: Scope): { tasks: TaskRow[]; unreadable: string[] } {
  const files = scopeFiles(scope).map(load);
  const tasks = buildIndex(files)
    .tasks()
    .map((task) => listRow(task));
  return { tasks, unreadable: files.flatMap((f) => (f.unreadable === undefined ? [] : [f.unreadable])) };
}

// ---------------------------------------------------------------- lint

export interface LintOptions extends Scope {
  readonly now?: Date;
  readonly staleMs?: number;
}

/** Parse and lint problems of one file's text, without duplicates. */
export function problemsOf(kind: FileKind, file: string, text: string, today?: string): Problem[] {
  return problemsOfParsed(parse(file, kind, text, undefined), text, today);
}

/** The problems of a file parsed once: the board and checklist rules include their parse problems. */
function problemsOfParsed(parsed: ParsedFile, text: string, today?: string): Problem[] {
  const problems = parsed.kind === 'checklist' ? lintChecklist(parsed, text, today) : lintParsed(parsed, text);
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\0${p.span.start}\0${p.span.end}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface FileProblems {
  readonly file: LoadedFile;
  readonly problems: Problem[];
}

function collectProblems(files: readonly LoadedFile[], options: { now: Date; staleMs: number }): FileProblems[] {
  const today = options.now.toISOString().slice(0, 10);
  const index = buildIndex(files);
  const result: FileProblems[] = [];
  for (const file of files) {
    if (file.unreadable !== undefined) {
      result.push({ file, problems: [{ code: 'unreadable-file', severity: 'error', message: file.unreadable, span: { start: 0, end: 0 }, fixes: [] }] });
      continue;
    }
    // The index parsed every file once; lint and staleness read that parse.
    const parsed = index.get(file.relative)!.parsed;
    const problems = problemsOfParsed(parsed, file.text, today);
    if (parsed.kind === 'board' || parsed.kind === 'checklist') {
      const history: readonly HistoryEntry[] = parsed.kind === 'board' ? parsed.history : [];
      problems.push(
        ...staleClaims(parsed.tasks, {
          now: options.now,
          thresholdMs: options.staleMs,
          history,
          entriesFor: (task) => index.entriesFor(task),
          textOf: () => file.text,
          releaseEdits: (task) => releaseEditsFor(file.text, parsed, task, options.now),
        }),
      );
    }
    result.push({ file, problems });
  }
  return result;
}

function releaseEditsFor(text: string, parsed: ParsedBoard | ParsedChecklist, task: Task, now: Date) {
  if (parsed.kind === 'checklist') {
    if (task.status !== 'in_progress') return undefined;
    return planChecklistSectionMove(parsed, text, task.id, 'todo', { today: now.toISOString().slice(0, 10) });
  }
  const plan = planMove(text, parsed.file, task.id, 'release', { now, parsed });
  return plan.ok ? plan.edits : undefined;
}

export function lintFiles(options: LintOptions): ProblemRow[] {
  const files = scopeFiles(options).map(load);
  const found = collectProblems(files, { now: options.now ?? new Date(), staleMs: options.staleMs ?? DEFAULT_STALE_MS });
  return found.flatMap(({ file, problems }) => problems.map((p) => problemRow(file.relative, file.text, p))).sort(byPosition);
}

export function problemRow(file: string, text: string, p: Problem): ProblemRow {
  const start = displayPosition(text, p.span.start);
  const end = displayPosition(text, p.span.end);
  return {
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: p.severity,
    code: p.code,
    message: p.message,
    fixes: p.fixes.map((f) => f.title),
  };
}

function byPosition(a: ProblemRow, b: ProblemRow): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

// Rows are made file by file: keep the last file's line index rather than
// re-indexing the whole text for every task or problem (quadratic on big boards).
let indexed: { text: string; index: LineIndex } | undefined;

/** 1-based line and column; a BOM is not a column anyone sees. */
function displayPosition(text: string, offset: number): { line: number; column: number } {
  if (indexed?.text !== text) indexed = { text, index: new LineIndex(text) };
  const pos = indexed.index.position(offset);
  const bom = pos.line === 0 && text.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : 0;
  return { line: pos.line + 1, column: pos.character + 1 - bom };
}

// ---------------------------------------------------------------- fix

export interface FixOptions extends LintOptions {
  /** Only fix problems with this code. */
  readonly code?: string;
}

export interface AppliedFix {
  readonly file: string;
  readonly code: string;
  readonly taskId: string | null;
  readonly title: string;
}

/** A file `fix` could not fix: read-only, not UTF-8, locked too long, gone. The other files were still fixed. */
export interface FixFailure {
  readonly file: string;
  readonly message: string;
}

export interface FixReport {
  readonly applied: AppliedFix[];
  readonly failed: FixFailure[];
}

/**
 * Applies the preferred fix of every problem (of `code` only, when given),
 * file by file under the file's lock, re-linting between rounds (core fixAll).
 * Releasing a stale claim is a lifecycle decision, not a repair, so
 * `stale-claim` fixes are applied only when asked for by code. Only files
 * with something to fix are locked and written; a file that cannot be
 * written is reported and the others are still fixed.
 */
/**
 * The fixes `fix` applies to one text of a task file, with the work logs that
 * feed the stale rule: the fixed text and what was applied.
 */
export function fixText(found: FoundFile, text: string, logs: readonly { readonly path: string; readonly relative: string; readonly kind: FileKind; readonly text: string }[], options: FixOptions & { now: Date; staleMs: number }) {
  const codes = options.code !== undefined ? new Set([options.code as ProblemCode]) : undefined;
  const lint = (current: string): Problem[] => {
    const file: LoadedFile = { ...found, text: current };
    const problems = collectProblems([file, ...logs.filter((l) => l.path !== found.path)], { now: options.now, staleMs: options.staleMs })[0]!.problems;
    return codes ? problems : problems.filter((p) => p.code !== 'stale-claim');
  };
  return fixAll(text, lint, { codes });
}

export async function fixFiles(options: FixOptions): Promise<FixReport> {
  const now = options.now ?? new Date();
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const files = scopeFiles(options);
  // Work-log entries feed the stale rule; read them once, outside the locks.
  const logs: LoadedFile[] = [];
  for (const f of files) {
    if (f.kind !== 'worklog') continue;
    try {
      logs.push(load(f));
    } catch {
      // An unreadable log only feeds staleness; the file itself is reported below if it needs a fix.
    }
  }
  const fixesFor = (found: FoundFile, text: string) => fixText(found, text, logs, { ...options, now, staleMs });
  const applied: AppliedFix[] = [];
  const failed: FixFailure[] = [];
  for (const found of files) {
    try {
      // A first look without the lock: files with nothing to fix are neither locked nor written.
      if (fixesFor(found, load(found).text).applied.length === 0) continue;
      const fixed = await lockedUpdate(found.path, (text) => {
        const result = fixesFor(found, text);
        const done = result.applied.map((a) => ({ file: found.relative, code: a.code, taskId: a.taskId ?? null, title: a.title }));
        return { write: result.text !== text, text: result.text, result: done };
      }, { root: options.root });
      applied.push(...fixed);
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      failed.push({ file: found.relative, message: message.startsWith(found.relative) || message.includes(found.path) ? message : `${found.relative}: ${message}` });
    }
  }
  return { applied, failed };
}

// ---------------------------------------------------------------- moves

export interface MoveRequest extends Scope {
  readonly id: string;
  readonly move: MoveKind;
  readonly agent?: string;
  /** Compare-and-swap: refuse unless the task is in this status. Defaults to the status read before locking. */
  readonly expectedStatus?: Status;
  readonly now?: Date;
  readonly stamps?: boolean;
  readonly history?: boolean;
}

export type MoveOutcome =
  | { readonly ok: true; readonly id: string; readonly file: string; readonly line: number; readonly from: Status; readonly to: Status; readonly agent: string | null }
  | { readonly ok: false; readonly code: MoveFailureCode | 'ambiguous' | 'not-task-file'; readonly message: string; readonly file?: string; readonly line?: number };

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
  let { holders, unreadable } = holdersOf(candidates.map((found) => ({ found, ...load(found) })), request.id);
  if (holders.length === 0) ({ holders, unreadable } = holdersOf(await Promise.all(candidates.map(stableLoad)), request.id));
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
    const parsed = parseTaskFile(file.kind, file.relative, text);
    const plan = planMove(text, file.relative, request.id, request.move, {
      agent: request.agent,
      expectedStatus,
      now,
      stamps: request.stamps ?? true,
      history: request.history ?? true,
      parsed,
    });
    if (!plan.ok) {
      const result: MoveOutcome = {
        ok: false,
        code: plan.code,
        message: plan.message,
        file: file.relative,
        ...(plan.line !== undefined ? { line: plan.line + 1 } : {}),
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
      agent,
    };
    return { write: true, text: applyEdits(text, plan.edits), result };
  }, { root: request.root });
}

interface Holder {
  readonly file: FoundFile;
  readonly status: Status | undefined;
}

/** The files whose text holds task `id`, and why any file could not be read. */
function holdersOf(
  files: readonly { found: FoundFile; text: string; unreadable?: string }[],
  id: string,
): { holders: Holder[]; unreadable: string[] } {
  const holders: Holder[] = [];
  const unreadable: string[] = [];
  for (const { found, text, unreadable: why } of files) {
    if (why !== undefined) unreadable.push(why);
    const task = parseTaskFile(found.kind, found.relative, text).tasks.find((t) => t.id === id);
    if (task) holders.push({ file: found, status: task.status });
  }
  return { holders, unreadable };
}

/** The file once it holds still (see readWhenStill); a file that cannot be decoded is named, not read. */
async function stableLoad(found: FoundFile): Promise<{ found: FoundFile; text: string; unreadable?: string }> {
  return { found, ...decoded(found, await readWhenStill(found.path, found.relative)) };
}

function isTaskFileKind(kind: FileKind | undefined): kind is 'board' | 'checklist' {
  return kind === 'board' || kind === 'checklist';
}

/** The CLI's move names (`done`) to the core's (`complete`). */
export function moveKindOf(command: 'claim' | 'start' | 'done' | 'release'): MoveKind {
  return command === 'done' ? 'complete' : command;
}

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export { MOVE_TARGET };

function parseTaskFile(kind: FileKind, file: string, text: string): ParsedBoard | ParsedChecklist {
  return kind === 'checklist' ? parseChecklist({ file, text }) : parseBoard({ file, text });
}

// ---------------------------------------------------------------- check

export interface CheckOptions extends Scope {
  /** The accepted revision; default `HEAD`. */
  readonly base?: string;
}

export async function checkAgainst(options: CheckOptions): Promise<ProblemRow[]> {
  const base = options.base ?? 'HEAD';
  // Only `check` runs git: child_process (and the net and stream modules it
  // loads) stays out of every other command's start-up.
  const { execFileSync } = await import('node:child_process');
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new FileError(`${options.root}: "${base}" is not a commit here (is this a git repository with that revision?).`);
  }
  const rows: ProblemRow[] = [];
  const scoped = scopeFiles(options);
  for (const found of scoped) {
    if (!isTaskFileKind(found.kind)) continue;
    const current = load(found);
    const accepted = gitShow(execFileSync, path.dirname(fs.realpathSync(found.path)), path.basename(found.path), base);
    const before = accepted === undefined ? [] : parseTaskFile(found.kind, found.relative, accepted).tasks;
    const after = parseTaskFile(found.kind, found.relative, current.text);
    for (const p of [...checkTransitions(before, after.tasks, { text: current.text }), ...removedClaims(before, after.tasks)]) {
      rows.push(problemRow(found.relative, current.text, p));
    }
  }
  // A task file deleted since the base takes its held tasks with it.
  if (!options.files || options.files.length === 0) {
    const present = new Set(scoped.map((f) => f.relative));
    for (const relative of gitFilesAt(execFileSync, options.root, base)) {
      const kind = fileKindOf(relative);
      if (!isTaskFileKind(kind) || present.has(relative) || fs.existsSync(path.join(options.root, relative))) continue;
      const accepted = gitShow(execFileSync, options.root, relative, base);
      if (accepted === undefined) continue;
      for (const p of removedClaims(parseTaskFile(kind, relative, accepted).tasks, [])) rows.push(problemRow(relative, '', p));
    }
  }
  return rows.sort(byPosition);
}

/** The text of `name` (relative to `dir`) at `rev`, or undefined when it did not exist there. */
function gitShow(execFileSync: typeof ExecFileSync, dir: string, name: string, rev: string): string | undefined {
  try {
    return withLfBreaks(
      execFileSync('git', ['show', `${rev}:./${toPosix(name)}`], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      }),
    );
  } catch {
    return undefined;
  }
}

/** The files under `root` at `rev`, relative to it with `/`. */
function gitFilesAt(execFileSync: typeof ExecFileSync, root: string, rev: string): string[] {
  try {
    const out = execFileSync('git', ['ls-tree', '-r', '--name-only', '-z', rev, '--', '.'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return out.split('\0').filter((f) => f !== '');
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- log

export interface WorkLogRow {
  readonly file: string;
  readonly line: number;
  readonly heading: string;
  readonly timestamp: string | null;
  readonly summary: string;
  readonly fields: WorkLogEntry['fields'];
  readonly markdown: string;
}

export function workLogFor(request: Scope & { readonly id: string }): { task: TaskRow | undefined; entries: WorkLogRow[] } {
  const files = scopeFiles(request).map(load);
  const index = buildIndex(files);
  const task = index.tasks().find((t) => t.id === request.id);
  if (!task) return { task: undefined, entries: [] };
  const row = listRow(task);
  const entries = index.entriesFor(task).map((e) => ({
    file: e.file,
    line: e.line + 1,
    heading: e.heading,
    timestamp: e.timestamp ?? null,
    summary: e.summary,
    fields: e.fields,
    markdown: e.markdown,
  }));
  return { task: row, entries };
}

export function listRow(task: Task): TaskRow {
  return {
    id: task.id,
    title: task.title,
    status: task.status ?? null,
    priority: task.priority ?? null,
    assignedAgent: (task.kind === 'board' ? task.assignedAgent?.trim() : task.agent) || null,
    kind: task.kind,
    file: task.file,
    line: task.line + 1,
    group: task.group ?? null,
  };
}
