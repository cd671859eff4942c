// The files a CLI command works on, read as the command line reads them
// (strict UTF-8, LF breaks), the rows it prints, and `list`.
import * as fs from 'node:fs';
import type { FileKind, ParsedBoard, ParsedChecklist, Severity, Status, Task } from '../core/model';
import { parseFile } from '../core/parseFile';
import { TaskIndex } from '../core/taskIndex';
import { DEFAULT_LIFECYCLE, type Lifecycle } from '../core/lifecycleModel';
import { repoSettingsFor } from '../node/repoSettingsFile';
import { withLfBreaks } from '../core/lineBreaks';
import { discoverFiles, NamedFileError, namedFiles, type FoundFile } from './discoverFiles';
import { decodeTaskFile, WriteRefusedError } from '../node/lockedWrite';
import { aboutToParse } from './oneRun';

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

export interface LoadedFile extends FoundFile {
  readonly text: string;
  /** Why the file was not read as text (binary, not UTF-8); its text is then empty and it is never parsed. */
  readonly unreadable?: string;
}

export function scopeFiles(scope: Scope): FoundFile[] {
  try {
    return scope.files && scope.files.length > 0 ? namedFiles(scope.root, scope.files) : discoverFiles(scope.root);
  } catch (err) {
    throw err instanceof NamedFileError ? new FileError(err.message) : err;
  }
}

export function load(file: FoundFile): LoadedFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file.path);
  } catch (err) {
    throw new FileError(`${file.relative}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }
  aboutToParse(bytes.length);
  return decoded(file, bytes);
}

export function decoded(file: FoundFile, bytes: Buffer): LoadedFile {
  // A binary file would list garbage as tasks: it is named, never parsed. Stray bytes that are not UTF-8 are
  // kept (an `invalid-utf8` warning names each line) and written back as they were.
  try {
    return { ...file, text: withLfBreaks(decodeTaskFile(file.relative, bytes)) };
  } catch (err) {
    if (!(err instanceof WriteRefusedError)) throw err;
    return { ...file, text: '', unreadable: `${file.relative} matches a task-file glob but is binary (it holds NUL bytes); it was not read.` };
  }
}

const lifecycles = new Map<string, { readonly path: string; readonly stamp: string; readonly lifecycle: Lifecycle }>();

/**
 * The lifecycle of the repository at `root`, from its settings file; the
 * default one when there is none or its lifecycle has an error (lint reports
 * the file's problems). Read again when the file changes, so a long-running
 * MCP server follows an edit of it.
 */
export function lifecycleOf(root: string): Lifecycle {
  const known = lifecycles.get(root);
  if (known && known.stamp === stampOf(known.path)) return known.lifecycle;
  const read = repoSettingsFor(root);
  const lifecycle = read.settings.lifecycle ?? DEFAULT_LIFECYCLE;
  lifecycles.set(root, { path: read.path, stamp: stampOf(read.path), lifecycle });
  return lifecycle;
}

/** What tells one version of a file from the next without reading it: size and modification time. */
function stampOf(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'none';
  }
}

export function buildIndex(files: readonly LoadedFile[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE): TaskIndex {
  const index = new TaskIndex(lifecycle);
  for (const f of files) if (f.unreadable === undefined) index.set(f.relative, f.kind, f.text);
  return index;
}

// ---------------------------------------------------------------- list

/** Every task of the task files in scope, as the core model has them (paths relative to the root). */
export function tasksInScope(scope: Scope): readonly Task[] {
  return buildIndex(scopeFiles(scope).map(load), lifecycleOf(scope.root)).tasks();
}

export function listTasks(scope: Scope): TaskRow[] {
  return listReport(scope).tasks;
}

/** Every task, and a sentence for each task file that could not be read (binary, not UTF-8): lint reports those, list says them too. */
export function listReport(scope: Scope): { tasks: TaskRow[]; unreadable: string[] } {
  const files = scopeFiles(scope).map(load);
  const tasks = buildIndex(files, lifecycleOf(scope.root))
    .tasks()
    .map((task) => listRow(task));
  return { tasks, unreadable: files.flatMap((f) => (f.unreadable === undefined ? [] : [f.unreadable])) };
}


export function listRow(task: Task): TaskRow {
  return {
    id: task.id,
    title: task.title,
    // A word outside the lifecycle is shown as written (lint says it is not a status here).
    status: task.status ?? task.statusText ?? null,
    priority: task.priority ?? null,
    assignedAgent: (task.kind === 'board' ? task.assignedAgent?.trim() : task.agent) || null,
    kind: task.kind,
    file: task.file,
    line: task.line + 1,
    group: task.group ?? null,
  };
}

export function isTaskFileKind(kind: FileKind | undefined): kind is 'board' | 'checklist' {
  return kind === 'board' || kind === 'checklist';
}

export function parseTaskFile(kind: FileKind, file: string, text: string, lifecycle?: Lifecycle): ParsedBoard | ParsedChecklist {
  const src = lifecycle === undefined || lifecycle === DEFAULT_LIFECYCLE ? { file, text } : { file, text, lifecycle };
  return parseFile(kind === 'checklist' ? 'checklist' : 'board', src);
}
