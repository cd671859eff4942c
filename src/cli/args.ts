// The command line's arguments: `agent-task-board <command> [options] [args...]`.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { givenAgent } from '../core/board/agentValue';
import { PROBLEM_CODES } from '../core/model';
import { rootProblem } from '../node/withinRoot';

export const COMMANDS = ['list', 'lint', 'fix', 'claim', 'start', 'done', 'release', 'move', 'add', 'next', 'check', 'log', 'mcp', 'merge-file', 'git-setup', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: Command;
  readonly json: boolean;
  readonly root: string;
  /** Positional arguments after the command (an id, then files, for the moves and `log`). */
  readonly positionals: readonly string[];
  readonly agent?: string;
  readonly code?: string;
  readonly base: string;
  readonly expect?: string;
  readonly now?: Date;
  readonly staleHours: number;
  readonly stamps: boolean;
  readonly history: boolean;
  /** `--sync` / `--no-sync`; undefined: as the settings file says. */
  readonly sync?: boolean;
  /** `add`: the new task's priority and group. */
  readonly priority?: string;
  readonly group?: string;
  /** `log ID --append SUMMARY`: a new work-log entry, its Task Summary from `--details` (default the summary). */
  readonly append?: string;
  readonly details?: string;
  /** `next --claim`: claim the task it picks. */
  readonly claim: boolean;
  /** `claim --force`: claim a task that waits on unfinished dependencies anyway. */
  readonly force: boolean;
  /** merge-file: the conflict marker length git passes as `%L`. */
  readonly markerSize?: number;
  /** git-setup: report what is missing, change nothing. */
  readonly check: boolean;
  /** `move --to STATUS`. */
  readonly to?: string;
}

export class UsageError extends Error {}

export const USAGE = `Usage: agent-task-board <command> [--json] [--root DIR] [files...]

Commands:
  list                      every task: id, title, status, priority, agent, file, line
  lint                      every problem in the task files (exit 1 when any error)
  fix [--code CODE]         apply the preferred fix of each problem (only CODE's, if given); lifecycle
                            moves (stale-claim, claim-without-agent releases) only with --code
  claim ID --agent NAME     todo → claimed, assigned to NAME (the lifecycle's first step); refused (exit 3)
   [--force]                while a task it depends on is unfinished; --force claims anyway, said in the output
                            and in Session History (when the board has one)
  start ID [--agent NAME]   claimed → in_progress (the step after the claim)
  done ID [--agent NAME]    in_progress → done (the last step; refused where review comes first)
  release ID                a held status → todo, assigned_agent emptied;
                            claimed_at / started_at stay (the task's history)
  move ID --to STATUS       any legal step of the lifecycle in .agent-task-board.yml (review, blocked…)
  add TITLE [FILE]          a new todo task at the end of its group in FILE (default: the root's TODO.md or
   [--priority P] [--group G]  todo.md, made when there is none), with the board's next free id, free in
                            the other boards too (printed)
  next [--agent NAME]       the task to take now: todo, every depends_on done, highest priority, oldest
   [--claim]                first, none named for another agent; --claim claims it (another one if someone
                            takes it first); exit 1 when none is ready
  check [--base REV]        lifecycle violations between REV (default HEAD) and the working tree (exit 1 when any)
  log ID                    the work-log entries about a task, then those that only mention it
  log ID --append SUMMARY   a new entry about ID at the end of FILE (default BACKEND_WORK_LOG.md)
   [--details TEXT] [FILE]  (its Task Summary: TEXT, or SUMMARY)
  mcp                       a Model Context Protocol server on stdio with the commands above as tools
  merge-file BASE OURS THEIRS [PATH]
                            git's merge driver for task files: merges task by task, writes OURS
                            (exit 0 clean, 1 when conflicts are left in the file)
  git-setup [--check]       make git merge task files with merge-file (.gitattributes and git config);
                            --check says what is missing (exit 1 when anything is)

Options:
  --json                    machine-readable output
  --root DIR                the workspace to scan (default: the current directory)
  --expect STATUS           moves: refuse unless the task is in STATUS now (compare-and-swap)
  --no-stamps               moves: do not write claimed_at / started_at / completed_at
  --no-history              moves, and fix's releases: do not append to ## Session History
  --sync                    moves and list: through the board branch (git), so agents in other worktrees
                            and clones see the same claims; the default when .agent-task-board.yml says
                            sync: { enabled: true } (--no-sync then works on this copy only)
  --stale-hours N           lint: a held task idle this long is stale (default 4)
  --now ISO                 lint: the time to measure staleness against (default: now)
  --marker-size N           merge-file: conflict marker length (git's %L)

Exit codes: 0 ok, 1 problems found, 2 usage or file error, 3 move refused (illegal, or the task moved under you).`;

export function parseCliArgs(argv: readonly string[], cwd: string): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        root: { type: 'string' },
        agent: { type: 'string' },
        code: { type: 'string' },
        base: { type: 'string' },
        expect: { type: 'string' },
        now: { type: 'string' },
        'stale-hours': { type: 'string' },
        'no-stamps': { type: 'boolean', default: false },
        'no-history': { type: 'boolean', default: false },
        sync: { type: 'boolean' },
        priority: { type: 'string' },
        group: { type: 'string' },
        append: { type: 'string' },
        claim: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        details: { type: 'string' },
        'no-sync': { type: 'boolean' },
        'marker-size': { type: 'string' },
        check: { type: 'boolean', default: false },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const command = values.help || first === undefined ? 'help' : first;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`Unknown command "${command}". Commands: ${COMMANDS.join(', ')}.`);
  }
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${values.now} is not a date (use ISO 8601, e.g. 2026-11-21T10:00:00Z).`);
  }
  if (values.code !== undefined && !(PROBLEM_CODES as readonly string[]).includes(values.code)) {
    throw new UsageError(`--code ${values.code} is not a problem code. Known codes: ${PROBLEM_CODES.join(', ')}.`);
  }
  // A mistyped --root would otherwise list nothing and exit 0, as if the workspace had no tasks.
  const rootIssue = command === 'help' ? undefined : rootProblem(path.resolve(cwd, values.root ?? cwd));
  if (rootIssue) throw new UsageError(`agent-task-board: ${rootIssue}; give --root a workspace folder.`);
  const staleHours = values['stale-hours'] === undefined ? 4 : Number(values['stale-hours']);
  if (!Number.isFinite(staleHours) || staleHours < 0) {
    throw new UsageError(`--stale-hours ${values['stale-hours']} is not a number of hours.`);
  }
  const markerSize = values['marker-size'] === undefined ? undefined : Number(values['marker-size']);
  if (markerSize !== undefined && !(Number.isInteger(markerSize) && markerSize > 0)) {
    throw new UsageError(`--marker-size ${values['marker-size']} is not a positive whole number.`);
  }
  return {
    command: command as Command,
    json: values.json ?? false,
    root: values.root ?? cwd,
    positionals: rest,
    agent: givenAgent(values.agent),
    code: values.code,
    base: values.base ?? 'HEAD',
    expect: values.expect,
    now,
    staleHours,
    stamps: !values['no-stamps'],
    history: !values['no-history'],
    sync: values['no-sync'] ? false : values.sync,
    priority: values.priority,
    group: values.group,
    append: values.append,
    claim: values.claim ?? false,
    force: values.force ?? false,
    details: values.details,
    markerSize,
    check: values.check ?? false,
    to: values.to,
  };
}
