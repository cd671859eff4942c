// Each task file's accepted state (docs/architecture.md, "Enforcement") and how
// a new text moves it on: judged against it, its legal part taken; a move's
// result taken for its task; a text taken whole. Also what was already handled
// per file, so one text that comes back by several ways is judged once.
import * as vscode from 'vscode';
import {
  acceptLegal,
  entriesSteps,
  entryOf,
  matchAccepted,
  snapshotOf,
  titleKey,
  violationSteps,
  type AcceptedSnapshot,
  type AcceptedTask,
} from '../../core/acceptedState';
import type { FileKind, HistoryEntry, Problem, Task } from '../../core/model';
import type { TaskMoved } from '../editorWrites';
import type { Enforcement as EnforcementMode } from '../settings';
import type { TaskStore } from '../taskStore';
import { hasLifecycle, lintTaskText } from '../diagnostics/taskText';
import { AcceptedStates } from './acceptedStateStorage';
import { runToEnd } from '../../core/steps';
import { sameText } from '../decodeInTurns';

/** A text that broke the lifecycle: the state it was judged against, its tasks and what it broke. */
export interface Judged {
  readonly accepted: AcceptedSnapshot;
  readonly tasks: readonly Task[];
  readonly violations: Problem[];
}

export class AcceptedTexts implements vscode.Disposable {
  private readonly states: AcceptedStates;
  private readonly history = new Map<string, readonly HistoryEntry[]>();
  /**
   * The last text handled per file (a disk write, a save, a write of the editor's), so one text seen twice is
   * judged once; with the digest of its bytes when it was read from disk the large-file way (TaskStore.digest).
   */
  private readonly handled = new Map<string, { readonly text: string; readonly digest: string | undefined }>();
  /**
   * Per file, the moves made from this window's views, by task id: the task's accepted entry before the move and
   * the one the move made. A text that puts such a task back as it was (Undo in the editor) while its accepted state
   * is still what the move made (status and agent) is the move undone, not an illegal step (`in_progress → claimed`
   * after a Start).
   */
  private readonly undoable = new Map<string, Map<string, { readonly before: AcceptedTask; readonly after: AcceptedTask }>>();
  private readonly lastViolations = new Map<
    string,
    { readonly accepted: AcceptedSnapshot; readonly tasks: readonly Task[]; readonly text: string; readonly problems: Problem[] }
  >();

  constructor(
    storage: vscode.Memento,
    private readonly store: TaskStore,
  ) {
    this.states = new AcceptedStates(storage, { turns: store.later });
  }

  get(file: string): AcceptedSnapshot | undefined {
    return this.states.get(file);
  }

  /** How many times the accepted state of `file` was replaced. */
  timesSet(file: string): number {
    return this.states.timesSet(file);
  }

  /** Whether `text` is the last text of `file` handled; by their digests when both have one (sameText). */
  wasHandled(file: string, text: string, digest?: string): boolean {
    const last = this.handled.get(file);
    return last !== undefined && sameText(last.text, last.digest, text, digest);
  }

  /** The last text of `file` handled, if any. */
  lastHandled(file: string): string | undefined {
    return this.handled.get(file)?.text;
  }

  markHandled(file: string, text: string, digest?: string): void {
    this.handled.set(file, { text, digest });
  }

  /**
   * The store no longer knows `file` (deleted, renamed, no longer a task file). Its accepted state stays, should
   * it come back, but as an entry per task, as storage keeps it: the state is often the tasks of the file's last
   * parse, which would otherwise stay in memory for the session (a 50 MB board's, for each name it had).
   */
  forget(file: string): void {
    this.history.delete(file);
    this.undoable.delete(file);
    this.lastViolations.delete(file);
    this.handled.delete(file);
    const held = this.states.held(file);
    if (held === undefined) return;
    void this.store.later.runSteps(`accepted entries ${file}`, () => entriesSteps(held)).then((entries) => {
      // Back meanwhile (a checkout): its state stays as it is, which a judgement made ahead may be kept under.
      if (entries && this.store.text(file) === undefined) this.states.swap(file, held, entries);
    });
  }

  /**
   * A new text of a file from a save or from disk: accepted whole when the file is new to us or
   * enforcement is off, else judged against the accepted state, whose legal part moves on.
   * Returns the violations when there are any.
   */
  async take(file: string, kind: FileKind, text: string, mode: EnforcementMode): Promise<Judged | undefined> {
    const { tasks, history } = this.parsed(file, kind, text);
    this.history.set(file, history);
    const accepted = this.states.get(file);
    const violations = accepted && mode !== 'off' ? this.violations(file, accepted, tasks, text) : [];
    if (!accepted || violations.length === 0) await this.acceptAll(file, tasks, text);
    else await this.states.set(file, acceptLegal(accepted, tasks, violations));
    return accepted && violations.length > 0 ? { accepted, tasks, violations } : undefined;
  }

  /** Takes `text` whole (a revert's result, Accept, a text git wrote): its tasks become the accepted state. */
  async takeWhole(file: string, kind: FileKind, text: string): Promise<readonly Task[]> {
    const { tasks, history } = this.parsed(file, kind, text);
    this.history.set(file, history);
    await this.acceptAll(file, tasks, text);
    return tasks;
  }

  /**
   * A move made in the editor: the task's accepted entry becomes the move's result at once (the
   * file's other tasks keep theirs), so a second move before the save is judged from there.
   */
  async takeMove(move: TaskMoved): Promise<void> {
    const kind = this.store.kindOf(vscode.Uri.parse(move.file));
    const accepted = this.states.get(move.file);
    if (!hasLifecycle(kind) || !accepted) return;
    const moved = entryOf({ id: move.id, kind, status: move.status, assignedAgent: move.agent, title: move.title });
    const at = accepted.tasks.findIndex((t) => t.id === move.id);
    const tasks = [...accepted.tasks];
    if (at >= 0) {
      let moves = this.undoable.get(move.file);
      if (!moves) this.undoable.set(move.file, (moves = new Map()));
      moves.set(move.id, { before: accepted.tasks[at]!, after: moved });
      tasks[at] = moved;
    }
    else {
      // Not accepted under this id (renumbered, or new): the entry it matched by title, if any, is replaced.
      const text = this.store.text(move.file);
      const current = text === undefined ? [] : this.tasksOf(move.file, kind, text);
      const old = matchAccepted(accepted, current)[current.findIndex((t) => t.id === move.id)];
      const title = old && titleKey(old);
      const was = old ? accepted.tasks.findIndex((t) => titleKey(t) === title && t.kind === old.kind) : -1;
      if (was >= 0) tasks[was] = moved;
      else tasks.push(moved);
    }
    await this.states.set(move.file, { tasks });
  }

  /** The lifecycle problems of `tasks` (of `text`) against the accepted state; none when enforcement is off. */
  lifecycleProblems(file: string, tasks: readonly Task[], text: string, mode: EnforcementMode): Problem[] {
    const accepted = this.states.get(file);
    if (!accepted || mode === 'off') return [];
    return this.violations(file, accepted, tasks, text);
  }

  /**
   * violationsAgainst, remembered per file for the last snapshot, tasks and
   * text it was asked about: one change asks several times (the disk handler,
   * then the diagnostics), and on a big board each answer walks every task.
   */
  violations(file: string, accepted: AcceptedSnapshot, tasks: readonly Task[], text: string): Problem[] {
    return runToEnd(this.violationsOf(file, accepted, tasks, text));
  }

  /** `violations` as steps (a large text's judgement is made ahead, a slice per turn: see `violationsAhead`). */
  private *violationsOf(file: string, accepted: AcceptedSnapshot, tasks: readonly Task[], text: string): Generator<void, Problem[], void> {
    const last = this.lastViolations.get(file);
    if (last && last.accepted === accepted && last.tasks === tasks && last.text === text) return last.problems;
    const found = yield* violationSteps(accepted, tasks, text, this.store.lifecycle);
    const problems = this.withoutUndoneMoves(file, accepted, tasks, found);
    this.lastViolations.set(file, { accepted, tasks, text, problems });
    return problems;
  }

  /** `problems` less those of tasks a text puts back to where they were before a move made here (see `undoable`). */
  private withoutUndoneMoves(file: string, accepted: AcceptedSnapshot, tasks: readonly Task[], problems: Problem[]): Problem[] {
    const moves = this.undoable.get(file);
    if (!moves || problems.length === 0) return problems;
    const undone = new Set<string>();
    const agent = (t: AcceptedTask | Task | undefined): string => (t?.kind === 'board' ? t.assignedAgent?.trim() ?? '' : '');
    const same = (a: AcceptedTask | Task | undefined, b: AcceptedTask | Task): boolean => a !== undefined && a.status === b.status && agent(a) === agent(b);
    for (const p of problems) {
      const move = p.taskId === undefined ? undefined : moves.get(p.taskId);
      // Still where the move put it (its save took the text whole since: the same status and agent), and back now.
      if (!move || !same(accepted.tasks.find((t) => t.id === p.taskId), move.after)) continue;
      if (same(tasks.find((t) => t.id === p.taskId), move.before)) undone.add(p.taskId!);
    }
    return undone.size === 0 ? problems : problems.filter((p) => p.taskId === undefined || !undone.has(p.taskId));
  }

  /** The Session History of `text` (stale claims read it), kept from the last text taken. */
  historyOf(file: string, kind: FileKind, text: string): readonly HistoryEntry[] {
    let history = this.history.get(file);
    if (history === undefined) {
      history = this.parsed(file, kind, text).history;
      this.history.set(file, history);
    }
    return history;
  }

  /** The tasks of one text of the file: the store's when it holds that text, else parsed here. */
  tasksOf(file: string, kind: FileKind, text: string): readonly Task[] {
    return lintTaskText(file, kind, text, this.store.lifecycle).tasks;
  }

  /** The store's tasks of `file`: lintTaskText answers the store's own parse of its text (not a filter of every task). */
  tasksInStore(file: string, kind: 'board' | 'checklist'): readonly Task[] {
    const text = this.store.text(file);
    return text === undefined ? [] : lintTaskText(file, kind, text, this.store.lifecycle).tasks;
  }

  dispose(): void {
    this.states.dispose();
  }

  /**
   * Takes every task of `text` as accepted. The tasks compared with their own
   * snapshot break no rule (same status, same agent, same order), so that
   * answer is remembered rather than computed: on a big board it was a second.
   */
  private acceptAll(file: string, tasks: readonly Task[], text: string): Thenable<void> {
    const accepted = snapshotOf(tasks);
    this.lastViolations.set(file, { accepted, tasks, text, problems: [] });
    return this.states.set(file, accepted);
  }

  /**
   * Makes what `take` reads of a large text ahead, a slice per turn: its
   * judgement against the accepted state. Taking the text then makes no pass
   * over its tasks in one turn (a 50 MB board's judgement is some 400 ms).
   * Changes no accepted state: a newer text may come meanwhile, and the
   * caller checks for it before taking.
   */
  async prepare(file: string, kind: FileKind, text: string): Promise<void> {
    if (!this.store.isLarge(file)) return;
    const { tasks } = this.parsed(file, kind, text);
    // In the store's queue, a job per turn beside the views' passes: a newer text of the file replaces the job.
    await this.store.later.runSteps(`violations ahead ${file}`, () => this.violationsAhead(file, tasks, text));
  }

  /**
   * Makes in steps the judgement `violations` would make of `tasks` against
   * the accepted state now, and keeps it as `violations` keeps it (by the
   * identity of what it read): the disk handler and a large file's
   * diagnostics run it first, so their own ask finds it made.
   */
  *violationsAhead(file: string, tasks: readonly Task[], text: string): Generator<void, void, void> {
    const accepted = this.states.get(file);
    if (accepted) yield* this.violationsOf(file, accepted, tasks, text);
  }

  private parsed(file: string, kind: FileKind, text: string): { tasks: readonly Task[]; history: readonly HistoryEntry[] } {
    const own = lintTaskText(file, kind, text, this.store.lifecycle);
    return { tasks: own.tasks, history: own.history };
  }
}
