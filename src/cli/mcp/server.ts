// `agent-task-board mcp`: the task board as a Model Context Protocol server on
// stdio, so agents claim and move tasks through the same locked
// compare-and-swap path as the CLI instead of editing the YAML themselves.
// stdout carries the protocol only; anything for a person goes to stderr.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { rootProblem } from '../../node/withinRoot';
import { registerMoveTools } from './moveTools';
import { linesWithin, tooLargeMessage } from './messageSize';
import { answerError, guardProtocol } from './protocolGuard';
import { registerReadTools } from './readTools';
import { registerWriteTools } from './writeTools';
import { syncByDefault } from '../syncSetting';

const SERVER_NAME = 'agent-task-board';
const SERVER_VERSION = '0.1.0';

const INSTRUCTIONS = `Task board of this repository (TODO.md boards, .claude/tasks checklists, *WORK_LOG.md).
Lifecycle: todo → claim_task → claimed → start_task → in_progress → complete_task → done; release_task gives a claim back.
To work: list_tasks {status:["todo"]} → claim_task {id, agent} → start_task → do the work → append_work_log → complete_task.
If a claim is refused, someone else holds the task: pick another. Never edit task statuses in the files by hand.`;

/** The server with every tool registered, rooted at `root` (absolute). */
export function createTaskBoardServer(root: string, options: { readonly sync?: boolean } = {}): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { instructions: INSTRUCTIONS });
  // Writes go through the board branch when the server was started so, or the repository's settings file says so.
  // Without --sync / --no-sync, the settings file is read on each write, as the CLI reads it on each call.
  const told = options.sync;
  const sync = told === undefined ? () => syncByDefault(root) : () => told;
  registerReadTools(server, root);
  registerMoveTools(server, root, sync);
  registerWriteTools(server, root, sync);
  return server;
}

export const MCP_USAGE = 'Usage: agent-task-board mcp [--root DIR] [--sync | --no-sync]   (a Model Context Protocol server on stdio)';

/**
 * Runs `agent-task-board mcp [--root DIR]` until the client closes stdin.
 * Resolves to the exit code.
 */
export async function runMcpCommand(argv: readonly string[], cwd: string, err: (text: string) => void): Promise<number> {
  let root: string;
  let sync: boolean | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { root: { type: 'string' }, sync: { type: 'boolean' }, 'no-sync': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    root = path.resolve(cwd, values.root ?? '.');
    sync = values['no-sync'] ? false : values.sync;
  } catch (e) {
    err(`${(e as Error).message}\n${MCP_USAGE}\n`);
    return 2;
  }
  // Serving an empty answer for every call from a mistyped root would look like a board with no tasks.
  const rootIssue = rootProblem(root);
  if (rootIssue) {
    err(`agent-task-board mcp: ${rootIssue}; not starting.\n${MCP_USAGE}\n`);
    return 2;
  }
  const server = createTaskBoardServer(root, { sync });
  // A line over the transport's limit would close it without a word (see messageSize.ts): it is answered instead.
  const stdin = process.stdin.pipe(
    linesWithin(STDIO_DEFAULT_MAX_BUFFER_SIZE, (bytes, id) => {
      const message = tooLargeMessage(bytes, STDIO_DEFAULT_MAX_BUFFER_SIZE);
      err(`agent-task-board mcp: ${id === undefined ? 'a message with no readable id' : `request ${JSON.stringify(id)}`}: ${message}\n`);
      answerError(transport, id ?? null, ErrorCode.InvalidRequest, message);
    }),
  );
  const transport = new StdioServerTransport(stdin, process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  guardProtocol(transport);
  err(`agent-task-board MCP server on stdio, root ${root}\n`);
  await closed;
  await server.close();
  return 0;
}
