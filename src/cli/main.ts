// `agent-task-board`: the command-line twin of the extension (DESIGN section 5).
// This file only routes: arguments in, operations called, results printed,
// exit code set. The work is in operations.ts.
import * as path from 'node:path';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { LockTimeoutError, WriteRefusedError } from '../node/lockedWrite';
import { GitError } from '../node/git';
import { isSetUp } from '../node/gitSetup';
import { describeGitSetup, gitSetup } from './gitSetup';
import {
  checkAgainst,
  FileError,
  fixFiles,
  isStatus,
  lintFiles,
  listTasks,
  moveKindOf,
  moveTask,
  workLogFor,
  type ProblemRow,
} from './operations';

export const EXIT = { ok: 0, problems: 1, usage: 2, refused: 3 } as const;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export async function run(argv: readonly string[], cwd: string, io: Output): Promise<number> {
  // The MCP server owns stdin/stdout until the client goes away; it parses its own options.
  if (argv[0] === 'mcp') return runMcp(argv.slice(1), cwd, io);
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, cwd);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await dispatch({ ...args, root: path.resolve(cwd, args.root) }, io);
  } catch (err) {
    // A file that must not be written (read-only, binary, not UTF-8, gone): refused, like an illegal move.
    if (err instanceof WriteRefusedError) {
      io.err(`${err.message}\n`);
      return EXIT.refused;
    }
    if (err instanceof UsageError || err instanceof FileError || err instanceof LockTimeoutError || err instanceof GitError) {
      io.err(`${err.message}\n`);
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
      const rows = listTasks({ root: args.root, files: args.positionals });
      if (args.json) print(rows);
      else {
        for (const r of rows) {
          const who = r.assignedAgent ? ` @${r.assignedAgent}` : '';
          io.out(`${r.file}:${r.line} ${r.id} [${r.status ?? '?'}]${who} ${r.title}\n`);
        }
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
      const { applied, failed } = await fixFiles({
        root: args.root,
        files: args.positionals,
        code: args.code,
        now: args.now,
        staleMs: args.staleHours * 3_600_000,
      });
      if (args.json) print(applied);
      else if (applied.length === 0 && failed.length === 0) io.out('Nothing to fix.\n');
      else for (const a of applied) io.out(`${a.file}: ${a.code}${a.taskId ? ` ${a.taskId}` : ''}: ${a.title}\n`);
      // A file that could not be written is named; the others were still fixed.
      for (const f of failed) io.err(`agent-task-board: ${f.message}\n`);
      return failed.length > 0 ? EXIT.refused : EXIT.ok;
    }
    case 'claim':
    case 'start':
    case 'done':
    case 'release':
      return runMove(args, args.command, io);
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
      const outcome = gitSetup(args.root, __filename, args.check);
      if (args.json) print({ topLevel: outcome.plan.topLevel, attributeLines: outcome.plan.attributeLines, config: Object.fromEntries(outcome.plan.config), applied: outcome.applied });
      else io.out(describeGitSetup(outcome));
      return args.check && !isSetUp(outcome.plan) ? EXIT.problems : EXIT.ok;
    }
    case 'log': {
      const [id, ...files] = args.positionals;
      if (!id) throw new UsageError('log needs a task id: agent-task-board log TASK_001');
      const { task, entries } = workLogFor({ root: args.root, files, id });
      if (!task) {
        io.err(`No task ${id} under ${args.root}. Run \`agent-task-board list\` to see the ids.\n`);
        return EXIT.usage;
      }
      if (args.json) print(entries);
      else if (entries.length === 0) io.out(`No work-log entry names ${id} ("${task.title}").\n`);
      else for (const e of entries) io.out(`${e.file}:${e.line}\n${e.markdown.trimEnd()}\n\n`);
      return EXIT.ok;
    }
  }
}

async function runMove(args: CliArgs, command: 'claim' | 'start' | 'done' | 'release', io: Output): Promise<number> {
  const [id, ...files] = args.positionals;
  if (!id) throw new UsageError(`${command} needs a task id: agent-task-board ${command} TASK_001${command === 'claim' ? ' --agent NAME' : ''}`);
  if (args.expect !== undefined && !isStatus(args.expect)) {
    throw new UsageError(`--expect ${args.expect} is not a status (todo, claimed, in_progress, done).`);
  }
  const outcome = await moveTask({
    root: args.root,
    files,
    id,
    move: moveKindOf(command),
    agent: args.agent,
    expectedStatus: args.expect !== undefined && isStatus(args.expect) ? args.expect : undefined,
    now: args.now,
    stamps: args.stamps,
    history: args.history,
  });
  if (args.json) io.out(`${JSON.stringify(outcome, null, 2)}\n`);
  if (outcome.ok) {
    if (!args.json) {
      const by = outcome.agent ? ` by ${outcome.agent}` : '';
      io.out(`${outcome.file}:${outcome.line} ${outcome.id} ${outcome.from} → ${outcome.to}${by}\n`);
    }
    return EXIT.ok;
  }
  const where = outcome.file ? `${outcome.file}${outcome.line !== undefined ? `:${outcome.line}` : ''}: ` : '';
  io.err(`${where}${outcome.message}\n`);
  return outcome.code === 'not-found' || outcome.code === 'ambiguous' || outcome.code === 'no-agent' ? EXIT.usage : EXIT.refused;
}

/** The MCP server and its SDK load only for `mcp`, so every other command starts fast. */
async function runMcp(argv: readonly string[], cwd: string, io: Output): Promise<number> {
  const { runMcpCommand } = await import('./mcp/server');
  return runMcpCommand(argv, cwd, io.err);
}

function printProblems(rows: readonly ProblemRow[], io: Output): void {
  for (const r of rows) io.out(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
}

if (require.main === module) {
  run(process.argv.slice(2), process.cwd(), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`agent-task-board: ${String(err)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}
