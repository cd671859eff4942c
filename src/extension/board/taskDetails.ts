// What the details pane shows for one task: its fields as text and its
// work-log entries as HTML. markdown-it runs with `html: false`, so HTML
// written in a log is escaped rather than passed through, and its default
// link check drops `javascript:`, `vbscript:`, `file:` and `data:` links.
// No `vscode` import: unit-tested in Node.

import MarkdownIt from 'markdown-it';
import type { Task, WorkLogEntry } from '../../core/model';
import type { DetailEntry, DetailField, DetailMention } from '../../shared/boardMessages';

// Made on first use: loading markdown-it is no part of the extension's activation (see esbuild.mjs, lazy libraries).
let markdown: MarkdownIt | undefined;

export function renderLogMarkdown(source: string): string {
  markdown ??= new MarkdownIt({ html: false, linkify: true, typographer: false });
  return markdown.render(source);
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map(valueText).join(', ');
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

export function detailFields(task: Task, fileLabel: string): DetailField[] {
  const fields: DetailField[] = [{ name: 'file', value: `${fileLabel}:${task.line + 1}` }];
  if (task.group) fields.push({ name: 'group', value: task.group });
  if (task.kind === 'board') {
    for (const [name, value] of Object.entries(task.fields)) {
      if (name === task.id || name === 'id' || name === 'title') continue;
      fields.push({ name, value: valueText(value) });
    }
    if (!('status' in task.fields) && task.statusText) fields.push({ name: 'status', value: task.statusText });
  } else {
    fields.push({ name: 'agent', value: task.agent });
    fields.push({ name: 'status', value: task.statusText ?? task.status ?? '' });
    if (task.completedDate) fields.push({ name: 'completed', value: task.completedDate });
    if (task.notes.length) fields.push({ name: 'notes', value: task.notes.join('\n') });
    if (task.subtasks.length) {
      fields.push({ name: 'subtasks', value: task.subtasks.map((s) => `${s.checked ? '[x]' : '[ ]'} ${s.title}`).join('\n') });
    }
  }
  return fields;
}

/** The entry's body without its heading line (the pane shows the heading itself). */
function bodyOf(entry: WorkLogEntry): string {
  const lines = entry.markdown.split(/\r?\n/);
  if (lines.length > 0 && /^\s{0,3}#{1,6}\s/.test(lines[0])) lines.shift();
  return lines.join('\n').replace(/\n-{3,}\s*$/, '\n');
}

export function detailEntries(entries: readonly WorkLogEntry[], label: (file: string) => string): DetailEntry[] {
  return entries.map((e) => ({
    heading: e.heading,
    when: e.timeText ?? e.timestamp,
    fileLabel: label(e.file),
    line: e.line,
    html: renderLogMarkdown(bodyOf(e)),
  }));
}

/** Entries that name the task only in passing: heading and place, no body (they are about another task). */
export function detailMentions(entries: readonly WorkLogEntry[], label: (file: string) => string): DetailMention[] {
  return entries.map((e) => ({ heading: e.heading || e.summary, when: e.timeText ?? e.timestamp, fileLabel: label(e.file), line: e.line }));
}
