// `lint`: every problem of the task files in scope, as rows with 1-based
// positions, the same for the command line and the MCP server.
import * as path from 'node:path';
import { lintFile } from '../core/lintFile';
import { DEFAULT_LIFECYCLE, type Lifecycle } from '../core/lifecycleModel';
import { SETTINGS_FILE } from '../core/settings/settingsFileName';
import { repoSettingsFor } from '../node/repoSettingsFile';
import { toPosix } from './discoverFiles';
import type { HistoryEntry, ParsedBoard, ParsedChecklist, Problem, Task } from '../core/model';
import { planMove } from '../core/moves';
import { DEFAULT_STALE_MS, staleClaims } from '../core/stale';
import type { TaskIndex } from '../core/taskIndex';
import { LineIndex } from '../core/text';
import { idsElsewhereThan } from './idsElsewhere';
import { buildIndex, isTaskFileKind, load, scopeFiles, type LoadedFile, type ProblemRow, type Scope } from './scope';
import { pushAll } from '../core/arrays';

export interface LintOptions extends Scope {
  readonly now?: Date;
  readonly staleMs?: number;
}

interface FileProblems {
  readonly file: LoadedFile;
  readonly problems: Problem[];
}

export interface CollectOptions {
  readonly now: Date;
  readonly staleMs: number;
  /** The repository's lifecycle (`lifecycleOf`): lint and fix judge by the same one. */
  readonly lifecycle: Lifecycle;
  /**
   * Judge dependencies (unknown ids, cycles) too, against `files` and the task
   * files this returns (the rest of the workspace when only some files are
   * linted; asked only when a task has dependencies).
   */
  readonly dependencies?: () => readonly LoadedFile[];
  /** The workspace's folder: a board's renumber and new-id fixes then avoid the ids its other task files use. */
  readonly root?: string;
}

export function collectProblems(files: readonly LoadedFile[], options: CollectOptions): FileProblems[] {
  const today = options.now.toISOString().slice(0, 10);
  const lifecycle = options.lifecycle;
  const index = buildIndex(files, lifecycle);
  const dependencyIndex = options.dependencies && dependencyIndexOf(index, files, options.dependencies, lifecycle);
  const result: FileProblems[] = [];
  for (const file of files) {
    if (file.unreadable !== undefined) {
      result.push({ file, problems: [{ code: 'unreadable-file', severity: 'error', message: file.unreadable, span: { start: 0, end: 0 }, fixes: [] }] });
      continue;
    }
    // The index parsed every file once; lint and staleness read that parse.
    const parsed = index.get(file.relative)!.parsed;
    const problems = lintFile(parsed, file.text, today, lifecycle, options.root === undefined ? undefined : idsElsewhereThan(options.root, file.path));
    if (parsed.kind === 'board' || parsed.kind === 'checklist') {
      const history: readonly HistoryEntry[] = parsed.kind === 'board' ? parsed.history : [];
      pushAll(
        problems,
        staleClaims(parsed.tasks, {
          now: options.now,
          thresholdMs: options.staleMs,
          history,
          entriesFor: (task) => index.entriesFor(task),
          textOf: () => file.text,
          releaseEdits: (task) => releaseEditsFor(file.text, parsed, task, options.now, lifecycle),
          lifecycle,
        }),
      );
    }
    if (dependencyIndex) for (const p of dependencyIndex.dependencyProblems(file.relative)) problems.push(p);
    result.push({ file, problems });
  }
  return result;
}

/**
 * The workspace's files of each run (`rest`, one per `lint` or `fix`), read once, and its index once one is needed:
 * `fix` lints a file again after each pass, and each time built an index of every task file anew. Each call sets the
 * texts it lints in that index (TaskIndex.set parses only a text that changed).
 */
const workspaces = new WeakMap<() => readonly LoadedFile[], { readonly files: readonly LoadedFile[]; index?: TaskIndex }>();

/**
 * The index dependencies are judged in: `index` itself, when no task has dependencies or the workspace has no task
 * file but those linted; else the workspace's, with these texts in it.
 */
function dependencyIndexOf(index: TaskIndex, files: readonly LoadedFile[], rest: () => readonly LoadedFile[], lifecycle: Lifecycle): TaskIndex {
  // The files with dependents are kept by the index, which judges dependencies below: one scan of the tasks.
  if (index.dependentFiles().size === 0) return index;
  let workspace = workspaces.get(rest);
  if (!workspace) workspaces.set(rest, (workspace = { files: rest() }));
  const linted = new Set(files.map((f) => f.relative));
  if (workspace.files.every((f) => linted.has(f.relative))) return index;
  workspace.index ??= buildIndex(workspace.files, lifecycle);
  for (const f of files) if (f.unreadable === undefined) workspace.index.set(f.relative, f.kind, f.text);
  return workspace.index;
}

function releaseEditsFor(text: string, parsed: ParsedBoard | ParsedChecklist, task: Task, now: Date, lifecycle: Lifecycle) {
  const plan = planMove(text, parsed.file, task.id, 'release', { now, parsed, lifecycle, stamps: false, history: false });
  return plan.ok ? plan.edits : undefined;
}

export function lintFiles(options: LintOptions): ProblemRow[] {
  const files = scopeFiles(options).map(load);
  const settings = repoSettingsFor(options.root);
  const lifecycle = settings.settings.lifecycle ?? DEFAULT_LIFECYCLE;
  const named = options.files !== undefined && options.files.length > 0;
  const found = collectProblems(files, {
    now: options.now ?? new Date(),
    staleMs: options.staleMs ?? DEFAULT_STALE_MS,
    lifecycle,
    root: options.root,
    // Dependencies name tasks anywhere in the workspace, not only in the files named.
    dependencies: () => (named ? scopeFiles({ root: options.root }).filter((f) => isTaskFileKind(f.kind)).map(load) : []),
  });
  const rows = found.flatMap(({ file, problems }) => problems.map((p) => problemRow(file.relative, file.text, p)));
  // The settings file's own problems, on its lines: a lifecycle with an error is not used.
  if (settings.exists && settings.problems.length > 0) {
    const relative = toPosix(path.relative(options.root, settings.path)) || SETTINGS_FILE;
    const text = settings.text ?? '';
    for (const p of settings.problems) rows.push(problemRow(relative, text, p));
    if (settings.lifecycleRejected) {
      rows.push(problemRow(relative, text, {
        code: 'bad-settings', severity: 'warning', span: { start: 0, end: 0 }, fixes: [],
        message: `${SETTINGS_FILE}: its lifecycle has an error, so the default lifecycle (todo, claimed, in_progress, done) holds until it is fixed`,
      }));
    }
  }
  return rows.sort(byPosition);
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

export function byPosition(a: ProblemRow, b: ProblemRow): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

// Rows are made file by file: keep the last file's line index rather than
// re-indexing the whole text for every task or problem (quadratic on big boards).
let indexed: { text: string; index: LineIndex } | undefined;

/** 1-based line and column; a BOM is not a column anyone sees. */
export function displayPosition(text: string, offset: number): { line: number; column: number } {
  if (indexed?.text !== text) indexed = { text, index: new LineIndex(text) };
  const pos = indexed.index.position(offset);
  const bom = pos.line === 0 && text.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : 0;
  return { line: pos.line + 1, column: pos.character + 1 - bom };
}
