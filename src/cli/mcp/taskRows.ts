// The compact shapes tools return. An agent pays for every byte it reads, so
// empty fields are left out rather than sent as null, and long text is cut.
import type { ProblemRow, TaskRow } from '../operations';

export interface CompactTask {
  id: string;
  title: string;
  /** The canonical status, or `unknown` when the file's status is missing or not recognised (run lint). */
  status: string;
  priority?: string;
  agent?: string;
  file: string;
  line: number;
  group?: string;
  /** Only for checklist items (`.claude/tasks/<agent>-tasks.md`); board tasks leave it out. */
  kind?: 'checklist';
}

export function compactTask(row: TaskRow): CompactTask {
  const out: CompactTask = { id: row.id, title: row.title, status: row.status ?? 'unknown', file: row.file, line: row.line };
  if (row.priority) out.priority = row.priority;
  if (row.assignedAgent) out.agent = row.assignedAgent;
  if (row.group) out.group = row.group;
  if (row.kind === 'checklist') out.kind = 'checklist';
  return out;
}

export interface CompactProblem {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
  fixes?: string[];
}

export function compactProblem(row: ProblemRow): CompactProblem {
  const out: CompactProblem = {
    file: row.file,
    line: row.line,
    column: row.column,
    severity: row.severity,
    code: row.code,
    message: row.message,
  };
  if (row.fixes.length > 0) out.fixes = row.fixes;
  return out;
}

/** At most `max` characters, with a marker saying how much was cut. */
export function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}
