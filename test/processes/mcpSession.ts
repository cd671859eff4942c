// Talking to the built MCP server over stdio, as an agent client would: the
// real bundle (`node dist/cli.js mcp --root <tmp workspace>`) and the SDK's
// Client. Shared by the MCP test files; each calls `closeSessions` after each
// test and `removeWorkspaces` at the end.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildBundles } from './cliRun';

export const REPO = path.resolve(__dirname, '../../..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const DEMO = path.join(REPO, 'test', 'fixtures', 'demo-workspace');

/** A small board: two todo tasks under `## Tasks`, and a Session History. */
export const BOARD = [
  '# TODO',
  '',
  '## Tasks',
  '',
  '```yaml',
  '- TASK_001: "First"',
  '  priority: high',
  '  assigned_agent:',
  '  status: todo',
  '',
  '- TASK_002: "Second"',
  '  priority: low',
  '  assigned_agent:',
  '  status: todo',
  '```',
  '',
  '## Session History',
  '',
  '- 2026-11-01T10:00:00Z planner created the board',
  '',
].join('\n');

export interface ToolAnswer {
  isError: boolean;
  // The JSON the tool put in its text block.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const temps: string[] = [];
const clients: Client[] = [];

/** Builds dist/cli.js, which the server tests run. */
export function buildCli(): void {
  buildBundles();
  assert.ok(fs.existsSync(CLI), 'dist/cli.js was built');
}

export function tempWorkspace(from?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-mcp-'));
  temps.push(dir);
  if (from) fs.cpSync(from, dir, { recursive: true });
  return dir;
}

export async function connect(root: string): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', root], stderr: 'pipe' });
  const client = new Client({ name: 'mcp-test', version: '0.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  assert.equal(content.length, 1, `${name} answers with one text block`);
  assert.equal(content[0]!.type, 'text');
  return { isError: result.isError === true, body: JSON.parse(content[0]!.text) };
}

export async function ok(client: Client, name: string, args: Record<string, unknown> = {}) {
  const answer = await call(client, name, args);
  assert.equal(answer.isError, false, `${name} failed: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function closeSessions(): Promise<void> {
  for (const c of clients.splice(0)) await c.close();
}

export function removeWorkspaces(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
