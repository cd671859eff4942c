// Texts git wrote (docs/architecture.md, "Git operations and conflicted files"):
// a checkout, pull, rebase, reset or stash is the repository's doing, not an
// agent's. Such a text becomes the accepted state at once, and what git did to
// the lifecycle is shown as information on the tasks concerned, never reverted.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { snapshotOf, summarizeViolations, type ViolationSummary } from '../../core/acceptedState';
import { checkTransitions } from '../../core/lifecycle';
import type { FileKind, Problem, Task } from '../../core/model';
import { gitPlaceOf, lockHeld, operationInProgress, stoppedAfterLock, type GitPlace } from '../../node/gitPlace';
import { fileAt, gitChangeOf, type GitChange } from '../../node/gitState';
import type { Enforcement as EnforcementMode } from '../settings';
import type { TaskStore } from '../taskStore';
import type { AcceptedTexts } from './acceptedTexts';

/**
 * An illegal-looking text that shows no sign of git is looked at once more
 * after this long: git writes the working tree before its reflog, and the
 * watcher can deliver the file between the two.
 */
const GIT_SETTLE_MS = 400;
/** How long the second look waits for a bare lock: the first waited for the command that held one to end. */
const SECOND_LOOK_LOCK_WAIT_MS = 10_000;

/** What a git operation did to one task, shown as information while the task keeps that status. */
interface GitNote {
  readonly taskId: string;
  readonly status: string | undefined;
  readonly message: string;
}

/** How many texts of one file judged an agent's are remembered (see GitTexts.changeOf). */
const AGENT_TEXTS_KEPT = 16;

export class GitTexts {
  private readonly notes = new Map<string, readonly GitNote[]>();
  /** Digests of the texts of each file that had no sign of git and were judged an agent's, newest last. */
  private readonly agentTexts = new Map<string, string[]>();

  constructor(
    private readonly store: TaskStore,
    private readonly accepted: AcceptedTexts,
    private readonly isDisposed: () => boolean,
  ) {}

  /**
   * Whether git wrote `text`: asked only of a text that would break the
   * lifecycle (a legal one is accepted whoever wrote it), and once more after
   * a moment when the first look finds no sign (see GIT_SETTLE_MS).
   */
  async changeOf(file: string, kind: FileKind, text: string, mode: EnforcementMode, options: { readonly lockWaitMs?: number } = {}): Promise<GitChange | undefined> {
    const uri = vscode.Uri.parse(file);
    const accepted = this.accepted.get(file);
    if (mode === 'off' || uri.scheme !== 'file' || !accepted) return undefined;
    if (this.accepted.violations(file, accepted, this.accepted.tasksOf(file, kind, text), text).length === 0) return undefined;
    // A text judged an agent's before, now the blob of HEAD or of the index, is still the agent's: it committed
    // its write, and writes it again after the revert (as an agent that retries does). Only an operation or a
    // reflog entry says git wrote it then.
    const look = async (lockWait: { readonly lockWaitMs?: number }): Promise<GitChange | undefined> => {
      const change = await gitChangeOf(uri.fsPath, text, lockWait);
      return change?.byTextOnly && this.agentTexts.get(file)?.includes(digestOf(text)) ? undefined : change;
    };
    const first = await look(options);
    if (first || !gitPlaceOf(uri.fsPath)) return first;
    await new Promise((r) => setTimeout(r, GIT_SETTLE_MS));
    if (this.isDisposed() || !this.accepted.wasHandled(file, text)) return undefined;
    // The first look waited for any lock: this one waits only for a short command's (a stash pop's status, then drop).
    const second = await look({ lockWaitMs: Math.min(options.lockWaitMs ?? SECOND_LOOK_LOCK_WAIT_MS, SECOND_LOOK_LOCK_WAIT_MS) });
    if (this.isDisposed() || !this.accepted.wasHandled(file, text)) return undefined;
    if (!second) {
      const digest = digestOf(text);
      this.agentTexts.set(file, [...this.agentTextsBut(file, digest), digest].slice(-AGENT_TEXTS_KEPT));
    }
    return second;
  }

  /**
   * A text git wrote becomes the accepted state whole. What it did to the
   * lifecycle is kept as notes: the moves between the old HEAD's file and the
   * new one's under the rules of `check --base`, or, when HEAD did not move
   * (a stash, a merge under way), the moves from the state accepted before.
   * Unlike `check`, lines a lone CR ends are read as the store reads them (as
   * part of the line before), so a pull that brings the lone-cr fix can note
   * the tasks it makes readable as new; `check` reads them as lines.
   * False when a newer text came meanwhile and nothing was taken.
   */
  async take(file: string, kind: FileKind, text: string, change: GitChange): Promise<boolean> {
    const tasks = this.accepted.tasksOf(file, kind, text);
    const accepted = this.accepted.get(file);
    let before = accepted;
    let problems: readonly Problem[] = [];
    if (change.oldHead && change.newHead && change.oldHead !== change.newHead) {
      const place = gitPlaceOf(vscode.Uri.parse(file).fsPath);
      const old = place ? await fileAt(place, change.oldHead, vscode.Uri.parse(file).fsPath) : undefined;
      const oldTasks = old === undefined ? [] : this.accepted.tasksOf(file, kind, old);
      before = snapshotOf(oldTasks);
      problems = checkTransitions(oldTasks, tasks, { text, lifecycle: this.store.lifecycle });
    } else if (accepted) {
      problems = this.accepted.violations(file, accepted, tasks, text);
    }
    const current = this.store.text(file);
    if (this.isDisposed() || (current !== undefined && current !== text && !this.accepted.wasHandled(file, text))) return false;
    const notes = before ? summarizeViolations(before, tasks, problems).map((s) => gitNote(s, tasks, change.how)) : [];
    if (notes.length > 0) this.notes.set(file, notes);
    else this.notes.delete(file);
    await this.accepted.takeWhole(file, kind, text);
    return true;
  }

  /** The notes of the last git operation, on the tasks that still have the status it left them in. */
  problems(file: string, tasks: readonly Task[], text: string): Problem[] {
    const notes = this.notes.get(file);
    if (!notes) return [];
    const problems: Problem[] = [];
    for (const note of notes) {
      const task = tasks.find((t) => t.id === note.taskId && (t.statusText ?? t.status) === note.status);
      if (!task) continue;
      const lineEnd = text.indexOf('\n', task.span.start);
      const end = lineEnd < 0 || lineEnd > task.span.end ? task.span.end : lineEnd;
      problems.push({ code: 'git-transition', severity: 'info', message: note.message, span: { start: task.span.start, end }, taskId: task.id, fixes: [] });
    }
    return problems;
  }

  /** A text a person accepted: no longer remembered as an agent's. */
  trust(file: string, text: string): void {
    if (this.agentTexts.has(file)) this.agentTexts.set(file, this.agentTextsBut(file, digestOf(text)));
  }

  /** The digests remembered for `file`, `digest` left out. */
  private agentTextsBut(file: string, digest: string): string[] {
    return (this.agentTexts.get(file) ?? []).filter((d) => d !== digest);
  }

  /** A text not from git was taken: the last operation's notes no longer apply. */
  forget(file: string): void {
    this.notes.delete(file);
  }
}

function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * What git is in the middle of in the working tree of `uri`, if anything. `locks: false` leaves out a bare lock
 * (`index.lock`, `HEAD.lock`): a command at work, maybe a `git status` or a commit's hook, which says nothing of who
 * writes the file meanwhile (gitState.ts).
 */
export function gitBusy(uri: vscode.Uri, options: { readonly locks?: boolean } = {}): string | undefined {
  const place = placeOfUri(uri);
  return place ? operationInProgress(place, options) : undefined;
}

function placeOfUri(uri: vscode.Uri): GitPlace | undefined {
  return uri.scheme === 'file' ? gitPlaceOf(uri.fsPath) : undefined;
}

/** Whether a git command holds a bare lock in the working tree of `uri`, and git is in the middle of nothing else (see `gitBusy`). */
export function onlyGitLockHeld(uri: vscode.Uri): boolean {
  const place = placeOfUri(uri);
  return place !== undefined && lockHeld(place) && operationInProgress(place, { locks: false }) === undefined;
}

/** How long a revert waits for a bare lock to go before it says git is busy (a `git status` takes one for a moment). */
export const REVERT_LOCK_WAIT_MS = 5_000;

/** What git is in the middle of in the working tree of `uri`, once a bare lock held for at most `waitMs` has gone. */
export async function gitBusyAfterLock(uri: vscode.Uri, waitMs = REVERT_LOCK_WAIT_MS): Promise<string | undefined> {
  const place = placeOfUri(uri);
  return place ? ((await stoppedAfterLock(place, waitMs)) ?? operationInProgress(place)) : undefined;
}

/** One line about what a git operation did to a task: `TASK_001 went done → in_progress with the checkout of \`old\``. */
function gitNote(summary: ViolationSummary, tasks: readonly Task[], how: string): GitNote {
  const task = tasks.find((t) => t.id === summary.taskId);
  const what =
    summary.code === 'new-task-not-todo'
      ? vscode.l10n.t('{0} arrived as {1} {2}', summary.taskId, task?.statusText ?? task?.status ?? '?', how)
      : summary.code === 'stolen-claim'
        ? vscode.l10n.t('{0} changed hands ({1}) {2}', summary.taskId, summary.move, how)
        : vscode.l10n.t('{0} went {1} {2}', summary.taskId, summary.move, how);
  return { taskId: summary.taskId, status: task?.statusText ?? task?.status, message: what };
}
