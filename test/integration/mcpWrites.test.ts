// The extension notices what the MCP server writes like any other write on
// disk: an agent claims and starts a task through the real server process
// (the SDK's client over stdio); the Tasks tree follows, the legal moves
// become the accepted state, and enforcement reports nothing.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';
const FOLDER = 'mcp-writes';

interface TreeRow {
  readonly label: string;
  readonly children: readonly TreeRow[];
}

const BOARD = [
  '# TODO',
  '',
  '```yaml',
  '- TASK_301: "Add the audit log table"',
  '  priority: high',
  '  assigned_agent:',
  '  status: todo',
  '',
  '- TASK_302: "Index the audit log by user"',
  '  priority: low',
  '  assigned_agent:',
  '  status: todo',
  '```',
  '',
  '## Session History',
  '',
  '- 2026-11-02T09:00:00Z planner created TASK_301',
  '',
].join('\n');

function accepted(uri: vscode.Uri): Thenable<{ tasks: { id: string; status?: string; assignedAgent?: string }[] } | undefined> {
  return vscode.commands.executeCommand('_agentTaskBoard.enforcement.accepted', uri.toString());
}

function lastReport(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('_agentTaskBoard.enforcement.lastReport', uri.toString());
}

/** The status group of the tree that holds `id` (by status is the tree's default grouping). */
async function treeGroupOf(id: string): Promise<string | undefined> {
  const snap = await vscode.commands.executeCommand<{ rows: TreeRow[] }>('_agentTaskBoard.treeSnapshot');
  for (const group of snap?.rows ?? []) {
    if (group.children.some((c) => c.label.startsWith(`${id}:`))) return group.label;
  }
  return undefined;
}

function toolText(result: unknown): { error?: string; to?: string } {
  const content = (result as { content: { type: string; text: string }[] }).content;
  return JSON.parse(content[0]!.text) as { error?: string; to?: string };
}

describe('MCP server writes seen by the extension', function () {
  this.timeout(180_000);
  const root = vscode.workspace.workspaceFolders![0]!.uri;
  const folder = vscode.Uri.joinPath(root, FOLDER);
  const board = vscode.Uri.joinPath(folder, 'TODO.md');
  let client: Client;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await vscode.workspace.fs.writeFile(board, new TextEncoder().encode(BOARD));
    await waitForDisk('the new board to be accepted', async () => (await accepted(board))?.tasks.length === 2);
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    // In desktop VS Code the extension host's executable is Electron: run it as plain node.
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' } as Record<string, string>;
    const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--root', folder.fsPath], env });
    client = new Client({ name: 'integration-test-agent', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('shows an agent\'s claim and start in the tree and accepts them without a report', async () => {
    const claim = toolText(await client.callTool({ name: 'claim_task', arguments: { id: 'TASK_301', agent: 'mcp-agent' } }));
    assert.equal(claim.error, undefined);
    assert.equal(claim.to, 'claimed');
    await waitForDisk('the claim in the tree', async () => (await treeGroupOf('TASK_301'))?.startsWith('Claimed'));
    await waitForDisk('the claim accepted', async () => (await accepted(board))?.tasks.find((t) => t.id === 'TASK_301')?.status === 'claimed');

    const start = toolText(await client.callTool({ name: 'start_task', arguments: { id: 'TASK_301', agent: 'mcp-agent' } }));
    assert.equal(start.to, 'in_progress');
    await waitForDisk('the start in the tree', async () => (await treeGroupOf('TASK_301'))?.startsWith('In Progress'));
    const snapshot = await waitForDisk('the start accepted', async () => {
      const s = await accepted(board);
      return s?.tasks.find((t) => t.id === 'TASK_301')?.status === 'in_progress' && s;
    });
    assert.equal(snapshot.tasks.find((t) => t.id === 'TASK_301')?.assignedAgent, 'mcp-agent');
    assert.equal(await lastReport(board), undefined, 'legal moves by the MCP server bring no enforcement report');
    const problems = vscode.languages.getDiagnostics(board).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(problems.map((d) => d.message), []);
  });

  it('refuses an agent\'s illegal move in the server, so the file and the tree stay as they were', async () => {
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(board));
    const result = (await client.callTool({ name: 'complete_task', arguments: { id: 'TASK_302' } })) as { isError?: boolean };
    assert.equal(result.isError, true);
    assert.match(toolText(result).error ?? '', /TASK_302/);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(board)), before);
    assert.ok((await treeGroupOf('TASK_302'))?.startsWith('To Do'));
  });
});
