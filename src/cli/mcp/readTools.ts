// The tools that only read: list_tasks, get_task, lint.
import * as fs from 'node:fs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { givenAgent } from '../../core/board/agentValue';
import { registerTool } from './registerTool';
import { parseBoard } from '../../core/board/parseBoard';
import { DependencyStatuses } from '../../core/dependencies/dependencies';
import { withLfBreaks } from '../../core/lineBreaks';
import { allStatuses, DEFAULT_LIFECYCLE, firstStatus, isKnownStatus, moveNamed, nextStatuses, readStatusWord, type Lifecycle } from '../../core/lifecycleModel';
import type { MoveKind, Task } from '../../core/model';
import { tickOnly } from '../../core/moves';
import { lifecycleOf, lintFiles, listReport, listRow, tasksInScope, workLogFor, type TaskRow } from '../operations';
import { DEFAULT_LIMIT, MAX_LIMIT, pageOf } from './paging';
import { clipped, compactProblem, compactTask } from './taskRows';
import { guarded, toolError, toolOk } from './toolResult';
import { insideRoot } from './workspacePaths';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
const MARKDOWN_MAX = 1500;

export const pagingShape = {
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .optional()
    .describe(`Items per page (default ${DEFAULT_LIMIT}, max ${MAX_LIMIT}).`),
  cursor: z.string().optional().describe('The nextCursor of the previous page; omit for the first page.'),
};

export function registerReadTools(server: McpServer, root: string): void {
  registerTool(server, 
    'list_tasks',
    {
      title: 'List tasks',
      description:
        'List the tasks of the TODO.md boards and agent checklists under the workspace, in file order, one compact row each: ' +
        '{id, title, status, priority?, agent?, file, line, group?}. Filter by status, agent, file, group or a text query; ' +
        'results are paged (`limit`, then pass `nextCursor` back as `cursor`). ' +
        'To find work: status ["todo"]; then claim_task with the id. To see what you hold: agent "<your name>" and status ["claimed","in_progress"]. ' +
        'Status "unknown" means the file has no readable status for that task (call lint).',
      inputSchema: {
        status: z.array(z.string()).optional().describe('Keep tasks in any of these statuses (the lifecycle\'s words, e.g. "todo", "review"; "unknown" for none).'),
        agent: z.string().optional().describe('Keep tasks assigned to this agent (exact name). Use "" for unassigned tasks.'),
        file: z.string().optional().describe('Only this file, relative to the workspace root (e.g. "TODO.md").'),
        group: z.string().optional().describe('Keep tasks under this heading (e.g. "Tasks", "Backlog").'),
        query: z.string().optional().describe('Keep tasks whose id or title contains this text (case-insensitive).'),
        ...pagingShape,
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const files = args.file ? [insideRoot(root, args.file).relative] : undefined;
        const query = args.query?.toLowerCase();
        // The statuses as the lifecycle reads a written word (`In Review` is review), as move_task takes them.
        const lifecycle = lifecycleOf(root);
        const statuses = args.status?.map((w) => (w === 'unknown' ? w : readStatusWord(lifecycle, w) ?? w));
        const strange = statuses?.filter((w) => w !== 'unknown' && !isKnownStatus(lifecycle, w));
        if (strange && strange.length > 0) {
          return toolError(`status ${strange.map((w) => JSON.stringify(w)).join(', ')} is not a status of this repository's lifecycle (${allStatuses(lifecycle).join(', ')}, or "unknown").`, {
            next: 'Call again with statuses of the lifecycle.',
          });
        }
        const report = listReport({ root, files });
        const agent = givenAgent(args.agent);
        const rows = report.tasks.filter(
          (t) =>
            (!statuses || statuses.includes(t.status ?? 'unknown')) &&
            (agent === undefined || (t.assignedAgent ?? '') === agent) &&
            (args.group === undefined || (t.group ?? '') === args.group) &&
            (!query || t.id.toLowerCase().includes(query) || t.title.toLowerCase().includes(query)),
        );
        const page = pageOf(rows, args.limit, args.cursor);
        return toolOk({
          total: page.total,
          tasks: page.items.map(compactTask),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          ...(report.unreadable.length > 0 ? { unreadable: report.unreadable } : {}),
        });
      }),
  );

  registerTool(server, 
    'get_task',
    {
      title: 'Get one task',
      description:
        'One task in full: its row (id, title, status, agent, file, line, group), every field written on it (description, depends_on, ' +
        'timestamps, ...), the lifecycle moves it can make next, what it waits on (waitingOn: its depends_on tasks not yet finished, with their status), ' +
        'the work-log entries about it (newest last), and mentionedIn: where entries about other tasks name it in passing. ' +
        'Call it before working on a task, and after a refused move to see its state now.',
      inputSchema: {
        id: z.string().min(1).describe('The task id, e.g. "TASK_004".'),
        file: z.string().optional().describe('The file holding it, when the same id is in more than one file.'),
        workLogLimit: z.number().int().min(0).max(50).optional().describe('How many of the newest work-log entries to include (default 5).'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const id = args.id.trim();
        const file = args.file ? insideRoot(root, args.file).relative : undefined;
        const tasks = tasksInScope({ root });
        const found = tasks.filter((t) => t.id === id && (file === undefined || t.file === file));
        const matches = found.map(listRow);
        if (matches.length === 0) {
          return toolError(`No task ${id}${file ? ` in ${file}` : ''}.`, { next: 'Call list_tasks (with query) to find the id.' });
        }
        if (matches.length > 1) {
          return toolError(`${id} is in ${matches.map((m) => m.file).join(' and ')}.`, { next: 'Call get_task again with file.' });
        }
        const row = matches[0]!;
        const waitingOn = new DependencyStatuses(tasks, lifecycleOf(root)).waitingOn(found[0]!);
        const log = workLogFor({ root, id });
        const limit = args.workLogLimit ?? 5;
        // The index lists them newest first: the newest `limit`, given oldest first (newest last, as described).
        const entries = log.entries.slice(0, limit).reverse().map((e) => {
          const hasFields = Object.keys(e.fields).length > 0;
          return {
            file: e.file,
            line: e.line,
            heading: e.heading,
            ...(e.timestamp ? { timestamp: e.timestamp } : {}),
            // The nine fields when the entry has them; its markdown otherwise, so free-form logs are not lost.
            ...(hasFields ? { fields: e.fields } : { markdown: clipped(e.markdown, MARKDOWN_MAX) }),
          };
        });
        // Entries about other tasks that name this one in passing ("unblocks TASK_002"): where, not what.
        const mentionedIn = log.mentions.slice(0, limit).map((m) => ({ file: m.file, line: m.line, heading: m.heading || m.summary }));
        return toolOk({
          task: compactTask(row),
          ...(row.kind === 'board' ? { fields: boardFieldsOf(root, row) } : {}),
          nextMoves: nextMovesOf(row, lifecycleOf(root), found[0]),
          ...(waitingOn.length > 0 ? { waitingOn } : {}),
          workLog: { total: log.entries.length, entries, ...(log.mentions.length > 0 ? { mentionedIn } : {}) },
        });
      }),
  );

  registerTool(server, 
    'lint',
    {
      title: 'Lint task files',
      description:
        'Check the task files (boards, checklists, work logs, agent definitions) and return their problems: ' +
        '{file, line, column, severity, code, message, fixes?} with 1-based lines. Codes are stable (yaml-syntax, unknown-status, ' +
        'missing-status, duplicate-id, claim-without-agent, tab-indent, stale-claim, unknown-dependency, dependency-cycle, ...). A task with a syntax problem cannot be moved ' +
        'until its item is fixed; `npx agent-task-board fix` applies the listed fixes. Paged like list_tasks.',
      inputSchema: {
        file: z.string().optional().describe('Only this file, relative to the workspace root.'),
        severity: z.enum(['error', 'warning', 'info']).optional().describe('Only problems at least this severe (default: all).'),
        code: z.string().optional().describe('Only problems with this code.'),
        ...pagingShape,
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const files = args.file ? [insideRoot(root, args.file).relative] : undefined;
        const all = lintFiles({ root, files });
        const floor = args.severity ? SEVERITY_RANK[args.severity] : 2;
        const rows = all.filter((p) => SEVERITY_RANK[p.severity] <= floor && (args.code === undefined || p.code === args.code));
        const counts = { error: 0, warning: 0, info: 0 };
        for (const p of rows) counts[p.severity]++;
        const page = pageOf(rows, args.limit, args.cursor);
        return toolOk({
          total: page.total,
          counts,
          problems: page.items.map(compactProblem),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        });
      }),
  );
}

/** The item's fields other than those already in the row, as plain data. */
function boardFieldsOf(root: string, row: TaskRow): Record<string, unknown> {
  let text: string;
  try {
    text = withLfBreaks(fs.readFileSync(insideRoot(root, row.file).path, 'utf8'));
  } catch {
    return {};
  }
  const task = parseBoard({ file: row.file, text }).tasks.find((t) => t.id === row.id && t.line + 1 === row.line);
  if (!task) return {};
  const shown = new Set([row.id, 'id', 'title', 'status', 'priority', 'assigned_agent']);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(task.fields)) {
    if (!shown.has(key)) out[key] = typeof value === 'string' ? clipped(value, MARKDOWN_MAX) : value;
  }
  return out;
}

const TOOL_OF: Readonly<Record<MoveKind, string>> = { claim: 'claim_task', start: 'start_task', complete: 'complete_task', release: 'release_task' };

/** The tools that move the task on from where it is, for an agent deciding what to call. */
export function nextMovesOf(row: Pick<TaskRow, 'status' | 'kind'>, lifecycle: Lifecycle = DEFAULT_LIFECYCLE, task?: Task): string[] {
  if (row.status === null || !isKnownStatus(lifecycle, row.status)) return ['lint'];
  const from = row.status;
  // A box that alone says the status: ticked is all the file can say (planMove refuses every other move).
  if (task && tickOnly(task)) return from === firstStatus(lifecycle, 'checklist') ? [TOOL_OF.complete] : [];
  return nextStatuses(lifecycle, from, row.kind).map((to) => {
    const named = moveNamed(lifecycle, from, to, row.kind);
    // A checklist's claim is its start: the file already names the agent.
    if (named === 'claim' && row.kind === 'checklist') return 'start_task';
    return named ? TOOL_OF[named] : `move_task to ${to}`;
  });
}
