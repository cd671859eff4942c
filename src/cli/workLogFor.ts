// `log`: a task and the work-log entries that name it.
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
