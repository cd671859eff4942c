// `log`: a task, the work-log entries about it, and the entries that only mention it.
import type { WorkLogEntry } from '../core/model';
import { buildIndex, listRow, load, scopeFiles, type Scope, type TaskRow } from './scope';

export interface WorkLogRow {
  readonly file: string;
  readonly line: number;
  readonly heading: string;
  readonly timestamp: string | null;
  readonly summary: string;
  readonly fields: WorkLogEntry['fields'];
  readonly markdown: string;
  /** True when the entry is about another task and names this one only in its body. */
  readonly mention: boolean;
}

export interface WorkLogOfTask {
  readonly task: TaskRow | undefined;
  /** The entries about the task (its id or title in their heading or summary). */
  readonly entries: WorkLogRow[];
  /** The entries that name it only in passing (`unblocks TASK_002`). */
  readonly mentions: WorkLogRow[];
}

export function workLogFor(request: Scope & { readonly id: string }): WorkLogOfTask {
  const files = scopeFiles(request).map(load);
  const index = buildIndex(files);
  const task = index.tasks().find((t) => t.id === request.id);
  if (!task) {
    // A task no task file holds any more (done and archived, removed): its entries, by the id they name.
    const entries = index.entriesNaming(request.id);
    return { task: undefined, entries: entries.map((e) => rowOf(e, false)), mentions: index.mentionsNaming(request.id).map((e) => rowOf(e, true)) };
  }
  return {
    task: listRow(task),
    entries: index.entriesFor(task).map((e) => rowOf(e, false)),
    mentions: index.mentionsOf(task).map((e) => rowOf(e, true)),
  };
}

/**
 * Whether `id` names nothing a work-log entry could be about: no task in the workspace, and no entry naming it (a task
 * archived since still has its record). An append for such an id (a typo) would write an entry that belongs to nobody.
 */
export function namesNothing(root: string, id: string): boolean {
  const known = workLogFor({ root, files: [], id });
  return !known.task && known.entries.length === 0;
}

function rowOf(e: WorkLogEntry, mention: boolean): WorkLogRow {
  return {
    file: e.file,
    line: e.line + 1,
    heading: e.heading,
    timestamp: e.timestamp ?? null,
    summary: e.summary,
    fields: e.fields,
    markdown: e.markdown,
    mention,
  };
}
