// Stale claims: a held task that has shown no progress for
// longer than a threshold, so a dead agent does not hold work forever. Progress
// is the latest of `claimed_at` / `started_at`, a Session History line naming
// the task, and a work-log entry linked to it. A task with none of these has
// no known age and is not reported: guessing would nag about every old board.
import { DEFAULT_LIFECYCLE, firstStatus, isInFlight, type Lifecycle } from './lifecycleModel';
import type { BoardTask, FieldSpan, Fix, HistoryEntry, Problem, Task, TextEdit, WorkLogEntry } from './model';
import { clearValueEdit, setScalarEdit } from './scalarEdits';
import { runToEnd, TASKS_PER_STEP } from './steps';
import { escapeRegExp } from './text';
import { isoTime, timestampTime } from './board/timestampText';

export const DEFAULT_STALE_MS = 4 * 60 * 60 * 1000;

export interface StaleOptions {
  readonly now: Date;
  readonly thresholdMs: number;
  /** Session History lines of the board(s) the tasks come from. */
  readonly history: readonly HistoryEntry[];
  /** Work-log entries linked to a task. */
  readonly entriesFor: (task: Task) => readonly WorkLogEntry[];
  /** The current text of a task's file; lets the Release fix keep quote styles. */
  readonly textOf?: (file: string) => string | undefined;
  /**
   * The edits that release a task. Defaults to the board edit (status → todo,
   * assigned_agent emptied); pass one for checklists (a section move).
   */
  readonly releaseEdits?: (task: Task) => readonly TextEdit[] | undefined;
  /** The repository's lifecycle: a claim is stale in the statuses between the claim and the last. */
  readonly lifecycle?: Lifecycle;
}

/** `stale-claim` warnings, one per held task idle for longer than the threshold. */
export function staleClaims(tasks: readonly Task[], options: StaleOptions): Problem[] {
  return runToEnd(staleClaimSteps(tasks, options));
}

/** `staleClaims` as steps, for a caller that spreads a 300,000-task board over several turns. */
export function* staleClaimSteps(tasks: readonly Task[], options: StaleOptions): Generator<void, Problem[], void> {
  const problems: Problem[] = [];
  const now = options.now.getTime();
  let checked = 0;
  // An index loop: V8 does not optimize a generator's loop while it runs, and a for-of there makes an
  // iterator result per task.
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!;
    if (++checked === TASKS_PER_STEP) {
      checked = 0;
      yield;
    }
    // One side of a merge conflict is not a claim anyone holds yet.
    if (!isInFlight(options.lifecycle ?? DEFAULT_LIFECYCLE, task.status, task.kind) || task.conflict) continue;
    const last = lastProgress(task, options);
    if (last === undefined || now - last.time <= options.thresholdMs) continue;
    const holder = task.kind === 'board' ? task.assignedAgent?.trim() || 'nobody' : task.agent;
    const release = releaseFix(task, options);
    problems.push({
      code: 'stale-claim',
      severity: 'warning',
      message:
        `${task.id} has been ${task.status} by ${holder} with no progress for ${formatAge(now - last.time)} ` +
        `(last: ${last.source} ${new Date(last.time).toISOString()}); ` +
        (release ? `release it if ${holder} has stopped.` : `ask ${holder} whether the work goes on.`),
      span: anchor(task),
      taskId: task.id,
      fixes: release ? [release] : [],
    });
  }
  return problems;
}

interface Progress {
  readonly time: number;
  readonly source: string;
}

/** The latest sign of life of a task, and where it was seen. */
export function lastProgress(task: Task, options: Pick<StaleOptions, 'history' | 'entriesFor'>): Progress | undefined {
  // Asked for every held task of a board: one record kept up to date, rather than a closure and a result per time seen.
  const latest: Latest = { time: -Infinity, source: '' };
  if (task.kind === 'board') {
    consider(latest, fieldTime(task.fields['claimed_at']), 'claimed_at');
    consider(latest, fieldTime(task.fields['started_at']), 'started_at');
  }
  // Index loops: a command line run reads a board once, mostly before V8 has optimized this, and a for-of then made
  // an iterator per held task.
  const lines = historyNaming(task.id, options.history);
  for (let i = 0; i < lines.length; i++) consider(latest, toTime(lines[i]!.timestamp ?? leadingTimestamp(lines[i]!.text)), 'Session History');
  const entries = options.entriesFor(task);
  for (let i = 0; i < entries.length; i++) consider(latest, toTime(entries[i]!.timestamp), 'work log');
  return latest.source === '' ? undefined : latest;
}

/** A Progress being found: the latest time seen so far, and where. */
type Latest = { -readonly [K in keyof Progress]: Progress[K] };

/** Makes `latest` `time`, seen in `source`, when it is a time later than the one it holds. */
function consider(latest: Latest, time: number | undefined, source: string): void {
  if (time !== undefined && time > latest.time) {
    latest.time = time;
    latest.source = source;
  }
}

/** Characters a task id is made of, and that bound it in a history line: `TASK_1` is not named by `TASK_10` or `X-TASK_1`. */
const ID_RUN = /[A-Za-z0-9_-]+/g;
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;

/**
 * History lines by each run of id characters they hold, built once per history
 * array (one per board version): a board of n tasks and m lines is then read in
 * O(m) instead of one RegExp scan of every line per task, O(n × m).
 */
const historyIndexes = new WeakMap<readonly HistoryEntry[], Map<string, HistoryEntry[]>>();

/**
 * What of a history line names the tasks it is about: the line without its parenthesized asides. `alice claimed
 * TASK_006 (forced past TASK_002 unfinished)` is progress on TASK_006, not on the TASK_002 it went past.
 */
function aboutText(text: string): string {
  return text.includes('(') ? text.replace(/\([^()]*\)/g, ' ') : text;
}

/** The history lines that name `id` as a whole word (not inside a longer id), outside parentheses. */
export function historyNaming(id: string, history: readonly HistoryEntry[]): readonly HistoryEntry[] {
  if (history.length === 0) return history;
  if (!PLAIN_ID.test(id)) {
    // An id with other characters is not one run: scan as the word-bounded pattern says.
    const pattern = new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(id)}($|[^A-Za-z0-9_-])`);
    return history.filter((entry) => pattern.test(aboutText(entry.text)));
  }
  let index = historyIndexes.get(history);
  if (!index) {
    index = new Map();
    for (const entry of history) {
      for (const run of new Set(aboutText(entry.text).match(ID_RUN))) {
        const lines = index.get(run);
        if (lines) lines.push(entry);
        else index.set(run, [entry]);
      }
    }
    historyIndexes.set(history, index);
  }
  return index.get(id) ?? NO_ENTRIES;
}

const NO_ENTRIES: readonly HistoryEntry[] = [];

/**
 * The Release fix of a stale task, or none when it cannot be released by an
 * edit. A board's edits are made when first read, from the text of the file
 * as it was when the check ran: they read that text, and the extension host
 * may hold a large one still in pieces, which any read copies whole (150 ms
 * and more for 50 MB). Its warnings are shown without that copy; a person who
 * asks for the fix pays it once.
 */
function releaseFix(task: Task, options: StaleOptions): Fix | undefined {
  const title = `Release ${task.id}`;
  if (options.releaseEdits) {
    const edits = options.releaseEdits(task) ?? [];
    return edits.length > 0 ? { title, edits, preferred: true } : undefined;
  }
  const lifecycle = options.lifecycle ?? DEFAULT_LIFECYCLE;
  if (task.kind !== 'board' || !isInFlight(lifecycle, task.status)) return undefined;
  const status = task.fieldSpans.get('status');
  if (!status) return undefined;
  const text = options.textOf?.(task.file);
  let edits: readonly TextEdit[] | undefined;
  return {
    title,
    get edits() {
      return (edits ??= boardRelease(task, status, text, lifecycle));
    },
    preferred: true,
  };
}

function boardRelease(task: BoardTask, status: FieldSpan, text: string | undefined, lifecycle: Lifecycle): TextEdit[] {
  const edits: TextEdit[] = [setScalarEdit(text, status, firstStatus(lifecycle))];
  const agent = task.fieldSpans.get('assigned_agent');
  const clear = agent && clearValueEdit(text, agent);
  if (clear) edits.push(clear);
  return edits;
}

function anchor(task: Task) {
  if (task.kind === 'board') return task.fieldSpans.get('status')?.valueSpan ?? task.span;
  return task.checkboxSpan;
}

function toTime(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return isoTime(value);
}

/**
 * A `claimed_at` / `started_at` value read as lint reads it: `Date.parse` alone reads `03/04/2026` month first (a
 * guess), `25/12/2026` not at all and `TBD 2024` as 1 January 2024. A date that is two days, or none, is no age.
 */
function fieldTime(value: unknown): number | undefined {
  return typeof value === 'string' ? timestampTime(value) : toTime(value);
}

function leadingTimestamp(line: string): string | undefined {
  return /\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?/.exec(line)?.[0];
}

function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 48) return `${Math.floor(hours)} h`;
  return `${Math.floor(hours / 24)} days`;
}

