// `agent-task-board`: the command-line twin of the extension; its output
// contract is in docs/architecture.md, "The command line and MCP write path".
// This file only routes: arguments in, operations called, results printed,
// exit code set. The work is in operations.ts.
import * as path from 'node:path';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { printable } from './printable';
import { StandardOutput } from './standardOutput';
import { allowOneRunTuning, flagsTuned } from './oneRun';
import { LockTimeoutError, WriteRefusedError } from '../node/lockedWrite';
import { pathProblem } from '../node/withinRoot';
import {
  checkAgainst,
  FileError,
  fixFiles,
  lifecycleOf,
  lintFiles,
  listReport,
  moveKindOf,
  moveTaskOnDisk,
  refusalText,
  namesNothing,
  workLogFor,
  type ProblemRow,
  type TaskRow,
} from './operations';
import type { SyncedMoveOutcome, SyncReport } from './syncOperations';
import { chosenSync, syncByDefault, UnreadableSyncSetting } from './syncSetting';
import { addTaskTo, rootBoard } from './addTaskOperation';
import { appendWorkLogTo } from './workLogOperation';
import { unsafeWorkLogInput } from './mcp/appendWorkLog';
import { nextTask } from './nextTask';
import { fileKindOf } from '../core/fileKinds';
import { stillOpenText } from '../core/checklist/subtasks';
import { PRIORITIES, type Priority } from '../core/model';
import { allStatuses, readStatusWord } from '../core/lifecycleModel';

export const EXIT = { ok: 0, problems: 1, usage: 2, refused: 3 } as const;

/** The script that runs the command line, which `git-setup` names in git's config: dist/cli.js, once `main` is called. */
let commandScript = __filename;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Runs one command line. `onCommand` hears which command it is once the
 * arguments are read, before it runs (options may come first: `--json mcp`).
 */
export async function run(argv: readonly string[], cwd: string, io: Output, onCommand?: (command: string) => void): Promise<number> {
  // The MCP server owns stdin/stdout until the client goes away; it parses its own options.
  if (argv[0] === 'mcp') {
    onCommand?.('mcp');
    return runMcp(argv.slice(1), cwd, io);
  }
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, cwd);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  onCommand?.(args.command);
  try {
    return await dispatch({ ...args, root: path.resolve(cwd, args.root) }, io);
  } catch (err) {
    // A file that must not be written (read-only, binary, not UTF-8, gone): refused, like an illegal move.
    // By name: the same classes also come from the lazily loaded bundles (dist/sync.js), where instanceof cannot see them.
    const name = err instanceof Error ? err.name : '';
    if (name === WriteRefusedError.name) {
      io.err(`${(err as Error).message}\n`);
      return EXIT.refused;
    }
    if (err instanceof UsageError || [FileError.name, LockTimeoutError.name, 'SyncError', 'GitError', 'UnreadableSyncSetting'].includes(name)) {
      io.err(`${(err as Error).message}\n`);
      return EXIT.usage;
    }
    // Anything else (an I/O error, a bug) is still a message, not a stack trace;
    // AGENT_TASK_BOARD_DEBUG=1 shows where it came from.
    const detail = process.env.AGENT_TASK_BOARD_DEBUG ? (err as Error).stack : (err as Error).message;
    io.err(`agent-task-board: ${detail ?? String(err)}\n`);
    return EXIT.usage;
  }
}

async function dispatch(args: CliArgs, io: Output): Promise<number> {
  const print = (value: unknown): void => io.out(`${JSON.stringify(value, null, 2)}\n`);
  switch (args.command) {
    case 'help':
      io.out(`${USAGE}\n`);
      return EXIT.ok;
    case 'list': {
      if (syncFor(args, io, true)) {
        const synced = await (await syncOperations()).listTasksSynced(args.root, args.positionals);
        for (const link of synced.linked) io.err(`agent-task-board: ${printable(link)} is a symbolic link on ${synced.branch}, which --sync does not follow; its tasks are not listed.\n`);
        if (args.json) print(synced);
        else io.out(`# ${synced.branch} at ${synced.commit.slice(0, 10)}\n${synced.rows.map(taskLine).join('')}`);
        return EXIT.ok;
      }
      const { tasks: rows, unreadable } = listReport({ root: args.root, files: args.positionals });
      for (const why of unreadable) io.err(`agent-task-board: ${printable(why)}\n`);
      if (args.json) print(rows);
      else {
        for (const r of rows) io.out(taskLine(r));
      }
      return EXIT.ok;
    }
    case 'lint': {
      const rows = lintFiles({ root: args.root, files: args.positionals, now: args.now, staleMs: args.staleHours * 3_600_000 });
      if (args.json) print(rows);
      else printProblems(rows, io);
      return rows.some((r) => r.severity === 'error') ? EXIT.problems : EXIT.ok;
    }
    case 'fix': {
      const fix = syncFor(args, io) ? (await syncOperations()).fixFilesSynced : fixFiles;
      const { applied, failed } = await fix({
        root: args.root,
        files: args.positionals,
        code: args.code,
        now: args.now,
        staleMs: args.staleHours * 3_600_000,
        history: args.history,
      });
      if (args.json) print(applied);
      else if (applied.length === 0 && failed.length === 0) io.out('Nothing to fix.\n');
      else for (const a of applied) io.out(`${printable(`${a.file}:${a.line} ${a.code}${a.taskId ? ` ${a.taskId}` : ''}: ${a.title}`)}\n`);
      // A file that could not be written is named; the others were still fixed.
      for (const f of failed) io.err(`agent-task-board: ${f.message}\n`);
      return failed.length > 0 ? EXIT.refused : EXIT.ok;
    }
    case 'claim':
    case 'start':
    case 'done':
    case 'release':
    case 'move':
      return runMove(args, args.command, io);
    case 'add':
      return runAdd(args, io);
    case 'next':
      return runNext(args, io);
    case 'check': {
      const rows = await checkAgainst({ root: args.root, files: args.positionals, base: args.base });
      if (args.json) print(rows);
      else if (rows.length === 0) io.out(`No lifecycle violations since ${args.base}.\n`);
      else printProblems(rows, io);
      return rows.some((r) => r.severity === 'error') ? EXIT.problems : EXIT.ok;
    }
    case 'mcp':
      return runMcp(['--root', args.root], args.root, io);
    case 'merge-file': {
      // Loaded on its own, like the MCP server: git runs it once per conflicted file, and it needs
      // only the merge, the parsers and git, none of the other commands' code.
      const { mergeFile } = await import('./mergeFile');
      const conflicts = mergeFile({ positionals: args.positionals, root: args.root, markerSize: args.markerSize, warn: io.err });
      return conflicts > 0 ? EXIT.problems : EXIT.ok;
    }
    case 'git-setup': {
      // git runs only for the commands that need it: list and claim start without child_process.
      const { describeGitSetup, gitSetup, setUpAfter } = await import('./gitSetup');
      const outcome = gitSetup(args.root, commandScript, args.check);
      const { topLevel, attributeLines, config, overridden } = outcome.plan;
      if (args.json) print({ topLevel, attributeLines, config: Object.fromEntries(config), overridden, applied: outcome.applied });
      else io.out(describeGitSetup(outcome));
      return setUpAfter(outcome, args.check) ? EXIT.ok : EXIT.problems;
    }
    case 'log': {
      const [id, ...files] = args.positionals;
      if (!id) throw new UsageError('log needs a task id: agent-task-board log TASK_001');
      if (args.append !== undefined) return runAppendLog(args, id, files, io);
      const { task, entries, mentions } = workLogFor({ root: args.root, files, id });
      if (!task && entries.length === 0 && mentions.length === 0) {
        io.err(`No task ${id} under ${args.root}, and no work-log entry names it. Run \`agent-task-board list\` to see the ids.\n`);
        return EXIT.usage;
      }
      if (args.json) print([...entries, ...mentions]);
      else {
        // Entries of a task the task files no longer hold (archived, removed) are still the record of its work.
        if (!task) io.err(`${printable(`No task ${id} in the task files (archived or removed?); the work-log entries that name it:`)}\n`);
        else if (entries.length === 0) io.out(`${printable(`No work-log entry names ${id} ("${task.title}").`)}\n`);
        for (const e of entries) io.out(`${printable(`${e.file}:${e.line}`)}\n${e.markdown.trimEnd().split(/\r?\n/).map(printable).join('\n')}\n\n`);
        if (mentions.length > 0) io.out('Mentioned in:\n');
        for (const m of mentions) io.out(`${printable(`  ${m.file}:${m.line} ${m.heading || m.summary}`)}\n`);
      }
      return EXIT.ok;
    }
  }
}

async function runNext(args: CliArgs, io: Output): Promise<number> {
  if (args.claim && !args.agent?.trim()) throw new UsageError('next --claim needs the agent: agent-task-board next --agent NAME --claim');
  const outcome = await nextTask({
    root: args.root,
    files: args.positionals,
    agent: args.agent,
    claim: args.claim,
    sync: syncFor(args, io, !args.claim),
    now: args.now,
    stamps: args.stamps,
    history: args.history,
  });
  if (args.json) io.out(`${JSON.stringify(outcome, null, 2)}\n`);
  if (!outcome.ok) {
    if (!args.json) io.err(`${printable(outcome.message)}\n`);
    return outcome.code === 'none-ready' ? EXIT.problems : EXIT.refused;
  }
  if (!args.json) {
    const t = outcome.task;
    io.out(outcome.claimed ? `${printable(`${t.file}:${t.line} ${t.id} ${outcome.from} → ${t.status}${t.assignedAgent ? ` by ${t.assignedAgent}` : ''} ${t.title}`)}\n` : taskLine(t));
    printSync(io, outcome.sync);
  }
  return EXIT.ok;
}

async function runAdd(args: CliArgs, io: Output): Promise<number> {
  const [title, file = rootBoard(args.root), ...rest] = args.positionals;
  if (!title?.trim() || rest.length > 0) throw new UsageError('add needs a title, then at most one board file: agent-task-board add "Write the docs" [TODO.md]');
  usableFile(args.root, file);
  if (fileKindOf(file) !== 'board') throw new UsageError(`${file} is not a board (TODO.md); tasks are added to boards.`);
  if (args.priority !== undefined && !(PRIORITIES as readonly string[]).includes(args.priority)) {
    throw new UsageError(`--priority ${args.priority} is not one of ${PRIORITIES.join(', ')}.`);
  }
  const { plan, sync } = await addTaskTo(args.root, file, { title, priority: args.priority as Priority | undefined, group: args.group }, syncFor(args, io), args.now);
  if (!plan.ok) {
    if (args.json) io.out(`${JSON.stringify({ ok: false, file, ...(plan.line !== undefined && { line: plan.line }), message: plan.message }, null, 2)}\n`);
    // A refusal about a line of the board names the file and the line itself.
    io.err(`${printable(`${plan.line === undefined ? `${file}: ` : ''}${plan.message}`)}\n`);
    // What was asked cannot be written (a usage error); the board refused it (3).
    return plan.badArgument ? EXIT.usage : EXIT.refused;
  }
  // The task as list shows it (1-based line, group null when none), not the plan's edits and offsets.
  const row = { ok: true, file, line: plan.line + 1, id: plan.id, title: plan.title, status: plan.status, group: plan.group || null };
  if (args.json) io.out(`${JSON.stringify({ ...row, ...(sync && { sync }) }, null, 2)}\n`);
  else {
    io.out(`${printable(`${file}:${row.line} ${row.id} added (${row.status})`)}\n`);
    printSync(io, sync);
  }
  return EXIT.ok;
}

async function runAppendLog(args: CliArgs, id: string, files: readonly string[], io: Output): Promise<number> {
  const [file = 'BACKEND_WORK_LOG.md', ...rest] = files;
  usableFile(args.root, file);
  if (rest.length > 0 || fileKindOf(file) !== 'worklog') throw new UsageError(`log --append writes one work log (a *WORK_LOG.md file), not ${files.join(' ')}.`);
  if (!args.append?.trim()) throw new UsageError('log --append needs a summary: agent-task-board log TASK_001 --append "Schema done"');
  // The id and summary go on the heading's one line: a line break in the id would write a heading of its own.
  const unsafe = unsafeWorkLogInput(
    { taskId: id, summary: args.append, details: args.details, file },
    { taskId: 'The task id', summary: 'The summary', details: 'The details', file: 'The log file' },
  );
  if (unsafe) throw new UsageError(`${unsafe}; nothing was written.`);
  // An id no task has (a typo: TASK_01) would leave an entry that belongs to no task; one the logs already name (a
  // task archived since) is still the record of its work.
  if (namesNothing(args.root, id)) {
    io.err(`${printable(`No task ${id} under ${args.root}, and no work-log entry names it; nothing was written. Run \`agent-task-board list\` to see the ids.`)}\n`);
    return EXIT.refused;
  }
  const input = { taskId: id, summary: args.append, fields: { 'Task Summary': args.details ?? args.append } };
  const done = await appendWorkLogTo(args.root, file, input, syncFor(args, io), args.now);
  // The log's path as the command was given it, as every other command's output says it.
  if (args.json) io.out(`${JSON.stringify({ ...done, entry: { ...done.entry, file } }, null, 2)}\n`);
  else {
    io.out(`${file}:${done.entry.line} ${done.entry.heading}\n`);
    printSync(io, done.sync);
  }
  return EXIT.ok;
}

/** A file the command is to write: one no file system can hold is a usage error in words, not the system's bare code. */
function usableFile(root: string, file: string): void {
  const problem = pathProblem(path.resolve(root, file));
  if (problem) throw new UsageError(`${file} ${problem}; nothing was read or written.`);
}

/**
 * --sync / --no-sync, else the settings file's choice (whose unreadable lines are said on stderr). `reading`: the
 * command only reads (`list`, `next`), so a sync setting that cannot be read is said, and this copy is read.
 */
function syncFor(args: CliArgs, io: Output, reading = false): boolean {
  const byDefault = syncByDefault(args.root, io.err);
  if (reading && byDefault instanceof UnreadableSyncSetting && args.sync === undefined) {
    io.err(`agent-task-board: the sync setting in ${byDefault.path} cannot be read; this copy's task files are read.\n`);
    return false;
  }
  return chosenSync(args.sync, byDefault);
}

/** Where a synced write was published, and what became of this copy. */
function printSync(io: Output, sync: SyncReport | undefined): void {
  if (sync) io.out(`published on ${sync.branch} as ${sync.commit.slice(0, 10)}; here: ${sync.workingCopy}\n`);
}

function taskLine(r: TaskRow): string {
  const who = r.assignedAgent ? ` @${r.assignedAgent}` : '';
  return `${printable(`${r.file}:${r.line} ${r.id} [${r.status ?? '?'}]${who} ${r.title}`)}\n`;
}

async function runMove(args: CliArgs, command: 'claim' | 'start' | 'done' | 'release' | 'move', io: Output): Promise<number> {
  const [id, ...files] = args.positionals;
  const example = command === 'claim' ? ' --agent NAME' : command === 'move' ? ' --to review' : '';
  if (!id) throw new UsageError(`${command} needs a task id: agent-task-board ${command} TASK_001${example}`);
  const lifecycle = lifecycleOf(args.root);
  const known = allStatuses(lifecycle);
  const statusArg = (option: string, value: string): string => {
    const status = readStatusWord(lifecycle, value);
    if (status === undefined) throw new UsageError(`${option} ${value} is not a status of this repository's lifecycle (${known.join(', ')}).`);
    return status;
  };
  if (command === 'move' && args.to === undefined) throw new UsageError(`move needs the status to go to: agent-task-board move ${id} --to STATUS (${known.join(', ')}).`);
  if (command !== 'move' && args.to !== undefined) throw new UsageError(`--to is for move; ${command} always goes to its own status.`);
  const request = {
    root: args.root,
    files,
    id,
    move: command === 'move' ? { to: statusArg('--to', args.to!) } : moveKindOf(command),
    agent: args.agent,
    expectedStatus: args.expect !== undefined ? statusArg('--expect', args.expect) : undefined,
    now: args.now,
    stamps: args.stamps,
    history: args.history,
    force: args.force,
  };
  const outcome: SyncedMoveOutcome = syncFor(args, io) ? await (await syncOperations()).moveTaskSynced(request) : await moveTaskOnDisk(request);
  if (args.json) io.out(`${JSON.stringify(outcome, null, 2)}\n`);
  if (outcome.ok) {
    if (!args.json) {
      const by = outcome.agent ? ` by ${outcome.agent}` : '';
      const forced = outcome.forcedPast ? ` (forced past ${outcome.forcedPast.join(', ')} unfinished)` : '';
      const unrecorded = outcome.unrecordedAgent ? ` (its table has no column for the agent: ${outcome.unrecordedAgent} is not written)` : '';
      const open = outcome.openSubtasks ? ` (${stillOpenText(outcome.openSubtasks)})` : '';
      io.out(`${printable(`${outcome.file}:${outcome.line} ${outcome.id} ${outcome.from} → ${outcome.to}${by}${forced}${unrecorded}${open}`)}\n`);
      printSync(io, outcome.sync);
    }
    return EXIT.ok;
  }
  const force = outcome.code === 'waiting' ? ' (--force claims it anyway.)' : '';
  io.err(`${printable(`${refusalText(outcome)}${force}`)}\n`);
  return ['not-found', 'ambiguous', 'no-agent', 'bad-agent', 'not-task-file'].includes(outcome.code) ? EXIT.usage : EXIT.refused;
}

/** The moves through git (and git itself) load only for --sync: dist/sync.js, see esbuild.mjs. */
function syncOperations(): Promise<typeof import('./syncOperations')> {
  return import('./syncOperations');
}

/** The MCP server and its SDK load only for `mcp`, so every other command starts fast. */
async function runMcp(argv: readonly string[], cwd: string, io: Output): Promise<number> {
  const { runMcpCommand } = await import('./mcp/server');
  return runMcpCommand(argv, cwd, io.err);
}

function printProblems(rows: readonly ProblemRow[], io: Output): void {
  for (const r of rows) io.out(`${printable(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}`)}\n`);
}

/**
 * Runs the command line of this process: dist/cli.js (src/cli/entry.ts), `script`, calls it. Returns whether the run
 * changed V8's flags, asked once it has ended.
 */
export function main(script: string): { readonly flagsTuned: () => boolean } {
  commandScript = script;
  const output = new StandardOutput();
  run(
    process.argv.slice(2),
    process.cwd(),
    {
      out: (text) => output.out(text),
      err: (text) => output.err(text),
    },
    (command) => {
      if (command !== 'mcp') allowOneRunTuning();
    },
  ).then(
    (code) => {
      output.flush();
      process.exitCode = code;
    },
    (err: unknown) => {
      output.err(`agent-task-board: ${String(err)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
  return { flagsTuned };
}
