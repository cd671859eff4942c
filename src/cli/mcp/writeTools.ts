// The tools that add text: add_task (a new todo item on a board) and
// append_work_log (a seed-002 entry in a *_WORK_LOG.md). Both write under the
// file's lock, to a temp file renamed over the original.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { registerTool } from './registerTool';
import { chosenSync, type SyncDefault } from '../syncSetting';
import { PRIORITIES, type WorkLogField } from '../../core/model';
import { appendWorkLogEntry, unsafeWorkLogInput, workLogAppended } from './appendWorkLog';
import { SYNC_ARG } from './moveTools';
import { updateFileSynced } from '../syncOperations';
import { addTaskTo, DEFAULT_BOARD, rootBoard } from '../addTaskOperation';
import { guarded, toolError, toolOk } from './toolResult';
import { namesNothing } from '../workLogFor';
import { insideRoot } from './workspacePaths';
import { fileKindOf } from '../../core/fileKinds';
import { asOneLine } from '../../core/oneLine';

const DEFAULT_WORK_LOG = 'BACKEND_WORK_LOG.md';

/** Tool argument → seed 002 label, in the seed's order. */
const WORK_LOG_ARGS = {
  taskSummary: 'Task Summary',
  filesModified: 'Files Modified/Created',
  keyDecisions: 'Key Implementation Decisions',
  databaseChanges: 'Database Changes',
  apiChanges: 'API Changes',
  dependencies: 'Dependencies Added/Updated',
  testingPerformed: 'Testing Performed',
  nextSteps: 'Next Steps/Dependencies',
  potentialIssues: 'Potential Issues',
} as const satisfies Record<string, WorkLogField>;

export function registerWriteTools(server: McpServer, root: string, syncByDefault: SyncDefault): void {
  registerTool(server, 
    'add_task',
    {
      title: 'Add a task',
      description:
        'Add a new task to a board (default: the board at the workspace root, TODO.md or todo.md). It always starts in the lifecycle\'s first status (todo unless .agent-task-board.yml says otherwise; returned as status) with no agent; the id is the next free one in ' +
        'the board\'s own style (TASK_008 after TASK_007) that no other board of the workspace holds either; it goes at the end of the chosen group (heading such as "Tasks" or "Backlog"; default: ' +
        'the board\'s first group) as `- ID: "title"` with priority, assigned_agent, status and created_at (one `- {ID: ...}` line on a board of such items). ' +
        'On a checkbox list it is a `- [ ]` item like its neighbours, in a task table a row in its columns, under the first status\'s heading where headings are statuses; ' +
        'a priority, description or dependsOn the board has no place for is refused. Returns the new id. ' +
        'To work on it yourself, call claim_task with that id next.',
      inputSchema: {
        title: z.string().min(1).describe('One line saying what is to be done.'),
        priority: z.enum(PRIORITIES).optional().describe('Default medium.'),
        group: z.string().optional().describe('The heading to add it under, e.g. "Backlog"; created (before Session History) when the board has none.'),
        description: z.string().optional().describe('Longer text; several lines are written as a YAML block.'),
        dependsOn: z.array(z.string()).optional().describe('Ids of tasks that must be done first (written as depends_on).'),
        file: z.string().optional().describe(`The board file relative to the workspace root (default: the root's board, TODO.md or todo.md; ${DEFAULT_BOARD} is created if there is none).`),
        sync: SYNC_ARG,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    (args) =>
      guarded(async () => {
        const board = insideRoot(root, args.file ?? rootBoard(root));
        // Only a board file (the board glob): an agent must not make add_task write into any markdown file it names.
        if (fileKindOf(board.relative) !== 'board') {
          return toolError(`${board.relative} is not a board; tasks are added to a TODO.md board.`, { next: `Omit file to use ${rootBoard(root)}.` });
        }
        const added = await addTaskTo(root, board.relative, args, chosenSync(args.sync, syncByDefault()), new Date(), root);
        const outcome = added.plan;
        const sync = added.sync;
        if (!outcome.ok) return toolError(outcome.message, { next: `Call lint with file "${board.relative}".` });
        return toolOk({
          ...(sync ? { sync } : {}),
          id: outcome.id,
          status: outcome.status,
          file: board.relative,
          line: outcome.line + 1,
          ...(outcome.group ? { group: outcome.group } : {}),
          next: `Call claim_task with id "${outcome.id}" to take it.`,
        });
      }),
  );

  registerTool(server, 
    'append_work_log',
    {
      title: 'Append a work-log entry',
      description:
        'Record what you did on a task, after finishing it (or when stopping), as one entry at the end of BACKEND_WORK_LOG.md (or the *WORK_LOG.md ' +
        'you name): a heading "## YYYY-MM-DD HH:MM UTC — <summary> (<taskId>)", then the nine fields Task Summary, Files Modified/Created, ' +
        'Key Implementation Decisions, Database Changes, API Changes, Dependencies Added/Updated, Testing Performed, Next Steps/Dependencies, ' +
        'Potential Issues as bold labels, entries separated by ---. Fill every field; a field left out is written as "none". ' +
        'get_task shows these entries with the task. Typical order: start_task → work → append_work_log → complete_task.',
      inputSchema: {
        taskId: z.string().min(1).describe('The task the entry is about, e.g. "TASK_004"; it links the entry to the task.'),
        summary: z.string().min(1).describe('A few words for the heading.'),
        taskSummary: z.string().min(1).describe('One line: what was implemented.'),
        filesModified: z.array(z.string()).optional().describe('One item per file: "path — what changed".'),
        keyDecisions: z.string().optional().describe('Technologies, patterns and why.'),
        databaseChanges: z.string().optional().describe('Schema changes, migrations, indexes.'),
        apiChanges: z.string().optional().describe('New or changed endpoints, breaking changes.'),
        dependencies: z.string().optional().describe('Packages added or updated, with versions.'),
        testingPerformed: z.string().optional().describe('What was tested and the results.'),
        nextSteps: z.string().optional().describe('What must happen next, what this unblocks.'),
        potentialIssues: z.string().optional().describe('Concerns, technical debt, follow-ups.'),
        file: z
          .string()
          .optional()
          .describe(`The log file relative to the workspace root, ending in WORK_LOG.md (default ${DEFAULT_WORK_LOG}; created if missing).`),
        sync: SYNC_ARG,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    (args) =>
      guarded(async () => {
        const log = insideRoot(root, args.file ?? DEFAULT_WORK_LOG);
        if (fileKindOf(log.relative) !== 'worklog') {
          return toolError(`${log.relative} is not a work log; its name must end in WORK_LOG.md.`, { next: `Omit file to use ${DEFAULT_WORK_LOG}.` });
        }
        const fields: Partial<Record<WorkLogField, string | readonly string[]>> = {};
        for (const [arg, label] of Object.entries(WORK_LOG_ARGS) as [keyof typeof WORK_LOG_ARGS, WorkLogField][]) {
          const value = args[arg];
          if (value !== undefined) fields[label] = value;
        }
        const unsafe = unsafeWorkLogInput(args);
        if (unsafe) return toolError(`${unsafe}; nothing was written.`, { next: 'Call again with taskId and summary on one line.' });
        // An id no task has (a typo) would leave an entry that belongs to no task; one the logs name already is kept.
        if (namesNothing(root, args.taskId)) {
          return toolError(`No task ${args.taskId} in the workspace, and no work-log entry names it; nothing was written.`, { next: 'Call list_tasks for the ids.' });
        }
        const input = { taskId: args.taskId, summary: args.summary, fields };
        if (chosenSync(args.sync, syncByDefault())) {
          const synced = await updateFileSynced(root, log.relative, '', (text) => {
            const appended = workLogAppended(log.path, text, input, new Date());
            return { text: appended.text, result: appended, message: `work log for ${args.taskId}: ${asOneLine(args.summary)}` };
          });
          return toolOk({ file: log.relative, line: synced.result.line, heading: synced.result.heading, ...(synced.sync ? { sync: synced.sync } : {}) });
        }
        const entry = await appendWorkLogEntry(log.path, input, new Date(), root);
        return toolOk({ file: log.relative, line: entry.line, heading: entry.heading });
      }),
  );
}
