// The lifecycle tools: claim_task, start_task, complete_task, release_task.
// Each is one call of the CLI's `moveTaskOnDisk`: the file's lock, a re-read, the
// compare-and-swap against the status seen before locking, a temp file and a
// rename. A refusal comes back as a tool error saying where the task is now
// and which tool to call instead.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { givenAgent } from '../../core/board/agentValue';
import { registerTool } from './registerTool';
import { chosenSync, type SyncDefault } from '../syncSetting';
import type { MoveKind, Status } from '../../core/model';
import { allStatuses, isHeld, readStatusWord, type Lifecycle, type MoveRequest } from '../../core/lifecycleModel';
import { lifecycleOf, listRow, moveTaskOnDisk, tasksInScope, type MoveOutcome } from '../operations';
import { moveTaskSynced, type SyncedMoveOutcome } from '../syncOperations';
import { nextTask } from '../nextTask';
import { nextMovesOf } from './readTools';
import { compactTask } from './taskRows';
import { guarded, toolError, toolOk } from './toolResult';
import { insideRoot } from './workspacePaths';

/** Every write tool's `sync` argument. */
export const SYNC_ARG = z
  .boolean()
  .optional()
  .describe(
    'Move through the board branch (git) so agents in other worktrees and clones see it at once: fetch, move there, push (retried when someone pushed first). ' +
      'Default: the server\'s --sync flag, or sync.enabled in .agent-task-board.yml.',
  );

const LIFECYCLE =
  'Lifecycle: todo → claim_task → claimed → start_task → in_progress → complete_task → done (release_task puts a claimed or started task back to todo). ' +
  'A repository may set its own in .agent-task-board.yml (a review step, blocked, cancelled): get_task\'s nextMoves names the calls, move_task makes any legal step.';

interface MoveToolSpec {
  readonly name: string;
  readonly move: MoveKind;
  readonly title: string;
  readonly description: string;
  readonly agentRequired: boolean;
  /** What to do after the move succeeded. */
  readonly then: string;
}

const START_HINT = 'Call start_task with this id when you begin the work.';

const MOVE_TOOLS: readonly MoveToolSpec[] = [
  {
    name: 'claim_task',
    move: 'claim',
    title: 'Claim a task',
    description:
      'Claim a todo task for an agent before working on it: status todo → claimed, assigned_agent set, claimed_at stamped, a Session History line added. ' +
      'Atomic: when several agents claim the same task at once exactly one wins; the others get an error naming the holder — pick another todo task then. ' +
      'A task whose depends_on (dependencies, blocked_by) tasks are not all done is refused, naming them; force: true claims it anyway and the Session History line says so. ' +
      'Never edit TODO.md by hand to claim. ' + LIFECYCLE,
    agentRequired: true,
    then: START_HINT,
  },
  {
    name: 'start_task',
    move: 'start',
    title: 'Start a claimed task',
    description:
      'Start work on a task you claimed: status claimed → in_progress, started_at stamped. Only the holder may start it (pass your agent name). ' +
      'For an agent checklist item (.claude/tasks/<agent>-tasks.md) this moves it from To Do to In Progress. ' + LIFECYCLE,
    agentRequired: false,
    then: 'Do the work, call append_work_log, then complete_task.',
  },
  {
    name: 'complete_task',
    move: 'complete',
    title: 'Complete a task',
    description:
      'Mark a task you are working on as done: status in_progress → done, completed_at stamped. Only from in_progress (start_task first). ' +
      'Record what you did with append_work_log. ' + LIFECYCLE,
    agentRequired: false,
    then: 'Call append_work_log if you have not, then list_tasks with status ["todo"] for the next task.',
  },
  {
    name: 'release_task',
    move: 'release',
    title: 'Release a claim',
    description:
      'Give up a task you cannot finish: status claimed or in_progress → todo, assigned_agent emptied, so another agent can claim it. ' +
      'Also the fix for a stale claim left by an agent that stopped: leave agent out for a claim that is not yours. ' + LIFECYCLE,
    agentRequired: false,
    then: 'The task is todo again; any agent may claim_task it.',
  },
];

export function registerMoveTools(server: McpServer, root: string, syncByDefault: SyncDefault): void {
  for (const spec of MOVE_TOOLS) {
    const agent = spec.agentRequired
      ? z.string().min(1).describe('Your agent name, as in .claude/agents/<name>.md (e.g. "backend-engineer").')
      : z.string().optional().describe('Your agent name; when given, the move is refused unless you hold the task.');
    registerTool(server, 
      spec.name,
      {
        title: spec.title,
        description: spec.description,
        inputSchema: {
          id: z.string().min(1).describe('The task id, e.g. "TASK_004" (from list_tasks).'),
          agent,
          file: z.string().optional().describe('The file holding the task, relative to the workspace root; needed only when the id is in more than one file.'),
          expectedStatus: z
            .string()
            .optional()
            .describe('Refuse unless the task is in this status now (compare-and-swap on what you last saw). Default: the status read just before the write.'),
          sync: SYNC_ARG,
          ...(spec.move === 'claim' && {
            force: z.boolean().optional().describe('Claim even though tasks it depends on are unfinished (recorded in Session History). Default false: such a claim is refused.'),
          }),
        },
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
      },
      (args) =>
        guarded(async () => {
          const force = spec.move === 'claim' && (args as { force?: boolean }).force === true;
          return moveAndAnswer(root, syncByDefault, { ...args, force }, spec.move, spec.then);
        }),
    );
  }
  registerTool(
    server,
    'move_task',
    {
      title: 'Move a task to a status',
      description:
        'Move a task one legal step to any status of the repository\'s lifecycle (.agent-task-board.yml): to review, blocked, cancelled, or back from blocked. ' +
        'The same lock, compare-and-swap and Session History line as the other move tools; an illegal step is refused naming the legal ones. ' + LIFECYCLE,
      inputSchema: {
        id: z.string().min(1).describe('The task id, e.g. "TASK_004" (from list_tasks).'),
        to: z.string().min(1).describe('The status to move to, e.g. "review" (get_task\'s nextMoves lists the legal ones).'),
        agent: z.string().optional().describe('Your agent name; when given, the move is refused unless you hold the task (or are claiming it).'),
        file: z.string().optional().describe('The file holding the task, relative to the workspace root; needed only when the id is in more than one file.'),
        expectedStatus: z.string().optional().describe('Refuse unless the task is in this status now (compare-and-swap on what you last saw).'),
        sync: SYNC_ARG,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    (args) =>
      guarded(async () => {
        const lifecycle = lifecycleOf(root);
        const to = readStatusWord(lifecycle, args.to);
        if (to === undefined) {
          return toolError(`"${args.to}" is not a status of this repository's lifecycle (${allStatuses(lifecycle).join(', ')}).`, {
            code: 'illegal-move',
            next: 'Call get_task to see the legal next moves of the task.',
          });
        }
        return moveAndAnswer(root, syncByDefault, args, { to }, 'Call get_task to see where it can go next.');
      }),
  );
  registerTool(
    server,
    'claim_next_task',
    {
      title: 'Claim the next ready task',
      description:
        'Pick and claim the task to work on now: a todo task whose depends_on tasks are all done, highest priority first, then the oldest. ' +
        'Atomic like claim_task: when another agent takes it first, the next ready one is claimed instead, so agents asking at once get different tasks. ' +
        'Answers with the task, or an error saying none is ready and which tasks wait on others. ' + LIFECYCLE,
      inputSchema: {
        agent: z.string().min(1).describe('Your agent name, as in .claude/agents/<name>.md (e.g. "backend-engineer").'),
        sync: SYNC_ARG,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    (args) =>
      guarded(async () => {
        const outcome = await nextTask({ root, agent: givenAgent(args.agent), claim: true, sync: chosenSync(args.sync, syncByDefault()) });
        if (!outcome.ok) {
          return toolError(outcome.message, {
            code: outcome.code,
            ...(outcome.code === 'none-ready' ? { waiting: outcome.waiting } : {}),
            next: 'Call list_tasks to see the board, or wait for the tasks others hold to be done.',
          });
        }
        return toolOk({ task: compactTask(outcome.task), ...(outcome.sync ? { sync: outcome.sync } : {}), next: afterClaim(lifecycleOf(root), outcome.task.status ?? '', START_HINT) });
      }),
  );
}

interface MoveArgs {
  readonly id: string;
  readonly agent?: string;
  readonly file?: string;
  readonly expectedStatus?: string;
  readonly sync?: boolean;
  /** A claim past unfinished dependencies, recorded in Session History. */
  readonly force?: boolean;
}

/** One move, answered with where the task went and what to call next, or why not. */
async function moveAndAnswer(root: string, syncByDefault: SyncDefault, args: MoveArgs, move: MoveRequest, then: string) {
  const files = args.file ? [insideRoot(root, args.file).relative] : undefined;
  const lifecycle = lifecycleOf(root);
  const expectedStatus = args.expectedStatus === undefined ? undefined : readStatusWord(lifecycle, args.expectedStatus);
  if (args.expectedStatus !== undefined && expectedStatus === undefined) {
    // A word that is no status would read as "someone moved it first", which nobody did.
    return toolError(`expectedStatus ${JSON.stringify(args.expectedStatus)} is not a status of this repository's lifecycle (${allStatuses(lifecycle).join(', ')}).`, {
      next: 'Call again with expectedStatus set to the status you saw, or without it.',
    });
  }
  const request = { root, files, id: args.id.trim(), move, agent: givenAgent(args.agent), expectedStatus, force: args.force === true };
  const outcome: SyncedMoveOutcome = chosenSync(args.sync, syncByDefault()) ? await moveTaskSynced(request) : await moveTaskOnDisk(request);
  if (outcome.ok) {
    return toolOk({
      id: outcome.id,
      from: outcome.from,
      to: outcome.to,
      ...(outcome.agent ? { agent: outcome.agent } : {}),
      file: outcome.file,
      line: outcome.line,
      ...(outcome.forcedPast ? { forcedPast: outcome.forcedPast } : {}),
      ...(outcome.unrecordedAgent ? { unrecordedAgent: outcome.unrecordedAgent } : {}),
      ...(outcome.openSubtasks ? { openSubtasks: outcome.openSubtasks } : {}),
      ...(outcome.sync ? { sync: outcome.sync } : {}),
      next: move === 'claim' ? afterClaim(lifecycleOf(root), outcome.to, then) : then,
    });
  }
  return refusal(root, args.id.trim(), givenAgent(args.agent), outcome);
}

/**
 * What to call after a claim, from where it put the task: start_task (`startHint`) where a step lies between the
 * claim and the work; where the claim started it (`[backlog, doing, review, done]`), the work and the next step.
 */
function afterClaim(lifecycle: Lifecycle, at: Status, startHint: string): string {
  const moves = nextMovesOf({ status: at, kind: 'board' }, lifecycle);
  if (moves.includes('start_task')) return startHint;
  const onward = moves.find((m) => m !== 'release_task' && m !== 'lint');
  return onward ? `Do the work, call append_work_log, then ${onward}.` : 'Do the work, and call append_work_log.';
}

/** The refused move, the task as it is now, and what to call instead. */
function refusal(root: string, id: string, agent: string | undefined, outcome: Extract<MoveOutcome, { ok: false }>) {
  let found;
  if (outcome.file) {
    try {
      found = tasksInScope({ root, files: [outcome.file] }).find((t) => t.id === id);
    } catch {
      found = undefined;
    }
  }
  const now = found && listRow(found);
  const task = now ? compactTask(now) : undefined;
  const lifecycle = lifecycleOf(root);
  const heldByOther = now?.assignedAgent && agent && now.assignedAgent !== agent && isHeld(lifecycle, now.status ?? undefined, now.kind);
  return toolError(outcome.message, {
    code: outcome.code,
    ...(task ? { task } : {}),
    ...(outcome.waitingOn ? { waitingOn: outcome.waitingOn } : {}),
    next:
      heldByOther && outcome.code !== 'not-found'
        ? `${id} is held by ${now?.assignedAgent}, not you; leave it. Call list_tasks with status ["todo"] to pick another task.`
        : nextHint(outcome.code, now ? nextMovesOf(now, lifecycle, found) : [], now?.status ?? undefined),
  });
}

function nextHint(code: Extract<MoveOutcome, { ok: false }>['code'], moves: readonly string[], status?: string): string {
  switch (code) {
    case 'not-found':
      return 'Call list_tasks (with query) to find the id.';
    case 'ambiguous':
      return 'Call again with file set to the file that holds the task.';
    case 'not-task-file':
      return 'Omit file, or name the TODO.md board or .claude/tasks/<agent>-tasks.md checklist that holds the task.';
    case 'no-agent':
      return 'Call again with agent set to your agent name.';
    case 'conflicted':
      return 'The file has git merge conflicts: a person must keep one version of each conflicted task first. Pick another task or wait.';
    case 'bad-agent':
      return 'Call again with agent set to your agent name, on one line.';
    case 'invalid-item':
      return 'Call lint with this file to see the problem; fix the item (or run `npx agent-task-board fix`), then retry.';
    case 'waiting':
      return 'Pick another todo task (claim_next_task picks a ready one), or call claim_task again with force: true if it must start now.';
    case 'moved':
      return 'Someone else moved it first; do not work on it unless you hold it. Call list_tasks with status ["todo"] to pick another task.';
    case 'illegal-move':
      return moves.length > 0
        ? `From its current status the legal next call is ${moves.join(' or ')}.`
        : `It is ${status ?? 'finished'}, which is final; nothing further. Call list_tasks with status ["todo"] for other work.`;
  }
}
