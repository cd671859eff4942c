// What enforcement shows while typing: every problem of a task file's current
// text (lint, the lifecycle against the accepted state, stale claims, git's
// notes) as diagnostics, refreshed when the store changes.
import * as vscode from 'vscode';
import type { Problem, Task } from '../../core/model';
import { lintFile } from '../../core/lintFile';
import { parseFile } from '../../core/parseFile';
import { enforcement as enforcementMode, staleAfterHours } from '../settings';
import { staleClaimsOfSteps } from '../staleClaimsOf';
import type { TaskStore } from '../taskStore';
import { hasLifecycle, lintTaskText } from '../diagnostics/taskText';
import type { TaskDiagnostics } from '../diagnostics/taskDiagnostics';
import type { AcceptedTexts } from './acceptedTexts';
import type { GitTexts } from './gitTexts';
import { runToEnd } from '../../core/steps';

export class EnforcementDiagnostics {
  constructor(
    private readonly store: TaskStore,
    private readonly accepted: AcceptedTexts,
    private readonly git: GitTexts,
    private readonly diagnostics: TaskDiagnostics,
    private readonly isDisposed: () => boolean,
  ) {}

  /**
   * Every problem of `text` as a version of `file`: lint, lifecycle against the
   * accepted state (unless enforcement is off) and stale claims. Spans point into `text`.
   */
  problemsFor(file: string, text: string): Problem[] {
    const uri = vscode.Uri.parse(file);
    const kind = this.store.kindOfFile(file);
    if (!kind) return [];
    const fromStore = this.store.text(file) === text;
    // The store's parse when the text is its own, else one made here; conflict markers are read from it too, so a
    // large text is not read again (see readConflicts).
    const linted = lintTaskText(file, kind, text, this.store.lifecycle);
    // Dependency problems are the workspace's, with spans into the store's text: shown for that text only.
    const lint = fromStore ? [...this.store.problems(file), ...this.store.dependencyProblems(file)] : linted.problems;
    if (!hasLifecycle(kind)) return [...lint];
    const { tasks, conflicted } = linted;
    const stale = this.staleProblems(file, kind, tasks, text);
    // A conflicted file's lifecycle is judged once it is resolved. Its stale claims stand, as the CLI's lint
    // reports them: the core leaves out the tasks inside the conflict, a side nobody holds yet.
    if (conflicted) return [...lint, ...stale];
    const lifecycle = this.accepted.lifecycleProblems(file, tasks, text, enforcementMode(uri));
    return [...lifecycle, ...besides(lifecycle, lint), ...stale, ...this.git.problems(file, tasks, text)];
  }

  /** The lint used by fix-all: the same problems, for any text of the file. */
  lintFor(file: string): (text: string) => Problem[] {
    const uri = vscode.Uri.parse(file);
    const kind = this.store.kindOf(uri);
    return (text) => {
      if (!kind || !hasLifecycle(kind)) return this.problemsFor(file, text);
      const own = lintTaskText(file, kind, text, this.store.lifecycle);
      const lifecycle = this.accepted.lifecycleProblems(file, own.tasks, text, enforcementMode(uri));
      return [...lifecycle, ...besides(lifecycle, this.idsFreeElsewhere(file, text, own.problems))];
    };
  }

  /**
   * `problems` of a board's `text`, with the fixes that give a task an id (a duplicate's renumber, a missing id)
   * choosing one no other task file of the workspace uses, as `add` does: the file's own lint knows only its own
   * ids. Made again only for a text with such a problem, and only where fixes are wanted (a quick fix, fix-all),
   * not for the diagnostics each change refreshes.
   */
  idsFreeElsewhere(file: string, text: string, problems: readonly Problem[]): readonly Problem[] {
    const givesId = (p: Problem): boolean => p.code === 'duplicate-id' || p.code === 'missing-id';
    const kind = this.store.kindOfFile(file);
    if (kind !== 'board' || !problems.some(givesId)) return problems;
    let ids: Set<string> | undefined;
    const elsewhere = (): Set<string> => {
      if (ids) return ids;
      ids = new Set<string>();
      for (const other of this.store.files()) {
        if (other.file === file || !hasLifecycle(other.kind)) continue;
        for (const task of this.store.tasksIn(other.file)) ids.add(task.id);
      }
      return ids;
    };
    const lifecycle = this.store.lifecycle;
    let again: Problem[];
    try {
      again = lintFile(parseFile(kind, { file, text, lifecycle }), text, undefined, lifecycle, elsewhere).filter(givesId);
    } catch {
      return problems; // a parser bug: the file's own fixes stand
    }
    const byPlace = new Map(again.map((p) => [`${p.code}:${p.span.start}:${p.span.end}`, p]));
    return problems.map((p) => (givesId(p) ? (byPlace.get(`${p.code}:${p.span.start}:${p.span.end}`) ?? p) : p));
  }

  /** The files shown with dependency problems after the last change. */
  private dependencyProblemFiles: ReadonlySet<string> = new Set();

  /**
   * A change to one file can add or clear another file's dependency problems
   * (a task added under a missing id, a dependency removed from a cycle): the
   * files that had such problems or have them now are refreshed too.
   */
  refreshDependencyDiagnostics(changed: readonly string[]): void {
    // After a large file's change, the workspace's dependency problems are built in steps, over later turns.
    if (changed.some((file) => this.store.isLarge(file))) {
      for (const file of changed) this.dependencyChanged.add(file);
      this.store.later.enqueueSteps('dependency diagnostics', () => this.dependencyRefreshSteps());
    } else this.refreshDependencyDiagnosticsNow(changed);
  }

  /** The queued refresh: the workspace's dependency problems built in steps, then shown. */
  private *dependencyRefreshSteps(): Generator<void, void, void> {
    yield* this.store.dependencyProblemsSteps();
    const files = [...this.dependencyChanged];
    this.dependencyChanged.clear();
    this.refreshDependencyDiagnosticsNow(files);
  }

  /** The changed files a queued dependency refresh will skip (their own refresh shows their problems). */
  private readonly dependencyChanged = new Set<string>();

  private refreshDependencyDiagnosticsNow(changed: readonly string[]): void {
    if (this.isDisposed()) return;
    const now = new Set(this.store.dependencyProblemFiles());
    const skip = new Set(changed);
    for (const file of new Set([...this.dependencyProblemFiles, ...now])) if (!skip.has(file)) this.refresh(file);
    this.dependencyProblemFiles = now;
  }

  refreshAll(): void {
    for (const { file } of this.store.files()) this.refresh(file);
  }

  refresh(file: string): void {
    if (this.isDisposed()) return;
    // In a later turn: what the store's change event updates (an open board, the Tasks tree) goes first, and
    // several refreshes of a file in one turn are one. A large file's checks are passes over every task, one
    // check per turn (see laterTurns.ts).
    if (this.store.isLarge(file)) this.store.later.enqueueSteps(`diagnostics ${file}`, () => this.refreshSteps(file));
    else this.store.later.enqueue(`diagnostics ${file}`, () => this.refreshNow(file));
  }

  /**
   * `refreshNow` of a large file, each pass over its tasks in steps: the store
   * keeps the lint and the dependency problems, a stale check is reused for a
   * second (staleClaimsOf) and the lifecycle's judgement as long as the
   * accepted state and the text stay (AcceptedTexts.violations), so the final
   * step reads them.
   */
  private *refreshSteps(file: string): Generator<void, void, void> {
    const text = this.store.text(file);
    const kind = this.store.kindOfFile(file);
    if (text !== undefined && kind !== undefined && hasLifecycle(kind)) {
      this.store.problems(file);
      yield;
      yield* this.store.dependencyProblemsSteps();
      yield;
      const tasks = this.accepted.tasksInStore(file, kind);
      yield* this.staleSteps(file, kind, tasks, text);
      yield;
      if (enforcementMode(vscode.Uri.parse(file)) !== 'off') yield* this.accepted.violationsAhead(file, tasks, text);
      yield;
    }
    this.refreshNow(file);
  }

  private refreshNow(file: string): void {
    if (this.isDisposed()) return;
    const text = this.store.text(file);
    if (text === undefined) return this.diagnostics.delete(file);
    this.diagnostics.set(file, this.problemsFor(file, text), () => this.store.lines(file)!);
    this.store.markDiagnosed(file);
  }

  private staleProblems(file: string, kind: 'board' | 'checklist', tasks: readonly Task[], text: string): Problem[] {
    return runToEnd(this.staleSteps(file, kind, tasks, text));
  }

  /** `staleProblems` as steps (a large file's refresh spreads them over turns). */
  private *staleSteps(file: string, kind: 'board' | 'checklist', tasks: readonly Task[], text: string): Generator<void, Problem[], void> {
    const hours = staleAfterHours(vscode.Uri.parse(file));
    if (!(hours > 0)) return [];
    // Shared with the Tasks tree, which asks about the same text after the same change.
    return yield* staleClaimsOfSteps({
      file,
      tasks,
      text,
      history: this.accepted.historyOf(file, kind, text),
      thresholdMs: hours * 3_600_000,
      entries: this.store.entries(),
      entriesFor: (task) => this.store.entriesFor(task),
      textOf: (f) => (f === file ? text : this.store.text(f)),
      lifecycle: this.store.lifecycle,
    });
  }
}

/**
 * `lint` without what the lifecycle already says there (both flag an agentless claim): the lifecycle's
 * problem is kept, with its fix that puts the field back. Lint itself is left as lintFile gave it.
 */
function besides(lifecycle: readonly Problem[], lint: readonly Problem[]): readonly Problem[] {
  if (lifecycle.length === 0) return lint;
  const said = new Set(lifecycle.map((p) => `${p.code}:${p.span.start}:${p.span.end}`));
  return lint.filter((p) => !said.has(`${p.code}:${p.span.start}:${p.span.end}`));
}
