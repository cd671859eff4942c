// One truth for what lint reports (docs/architecture.md, "Layers"): the command
// line's `lint --json`, the MCP server's `lint` tool and the editor's
// diagnostics, on the demo workspace, the malformed board, the demo board
// in the middle of a merge conflict and the malformed board deep in a board of
// over 1 MB, name the same problems (file, line, code). All three read the same workspace copy, so the work logs that feed
// the stale-claim rule are the same for each.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';
const FOLDER = 'same-problems';

interface Row {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** `file:line code` per problem, sorted: a multiset that two sources can be compared on. */
function keys(rows: readonly Row[]): string[] {
  return rows.map((r) => `${r.file}:${r.line} ${r.code}`).sort();
}

function extensionPath(): string {
  return vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
}

// In desktop VS Code the extension host's executable is Electron: run it as plain node.
const NODE_ENV = { ...process.env, ELECTRON_RUN_AS_NODE: '1' } as Record<string, string>;

/** `agent-task-board lint --json` over the whole workspace (exit 1 means problems were found). */
function cliRows(root: string): Promise<Row[]> {
  const cli = path.join(extensionPath(), 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'lint', '--json', '--root', root], { env: NODE_ENV, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && error.code !== 1) return reject(new Error(`lint exited ${String(error.code)}: ${stderr}`));
      resolve(JSON.parse(stdout) as Row[]);
    });
  });
}

/** The MCP server's `lint` tool over the whole workspace, every page. */
async function mcpRows(client: Client): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const result = (await client.callTool({ name: 'lint', arguments: { limit: 500, ...(cursor ? { cursor } : {}) } })) as { content: { text: string }[]; isError?: boolean };
    assert.notEqual(result.isError, true, result.content[0]?.text);
    const page = JSON.parse(result.content[0]!.text) as { problems: Row[]; nextCursor?: string };
    rows.push(...page.problems);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** The editor's diagnostics of `files` (workspace-relative), as rows. */
function editorRows(root: vscode.Uri, files: readonly string[]): Row[] {
  return files.flatMap((file) =>
    vscode.languages
      .getDiagnostics(vscode.Uri.joinPath(root, file))
      .filter((d) => d.source === 'Agent Task Board')
      .map((d) => ({ file, line: d.range.start.line + 1, code: typeof d.code === 'object' ? String(d.code.value) : String(d.code) })),
  );
}

describe('the CLI, the MCP server and the editor report the same problems', function () {
  this.timeout(180_000);
  const root = vscode.workspace.workspaceFolders![0]!.uri;
  const fixtures = (): vscode.Uri => vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'test', 'fixtures');
  let client: Client;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(fixtures(), 'demo-workspace'), vscode.Uri.joinPath(root, FOLDER, 'demo'), { overwrite: true });
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(fixtures(), 'malformed'), vscode.Uri.joinPath(root, FOLDER, 'malformed'), { overwrite: true });
    // The demo board as a merge left it: TASK_001 done on one side, in progress on the other.
    const demo = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(fixtures(), 'demo-workspace', 'TODO.md')));
    const status = '  status: done\n  created_at: "2026-11-02T09:00:00Z"';
    assert.ok(demo.includes(status), 'the demo board has TASK_001 done');
    const conflicted = demo.replace(status, '<<<<<<< HEAD\n  status: done\n=======\n  status: in_progress\n>>>>>>> theirs\n  created_at: "2026-11-02T09:00:00Z"');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, FOLDER, 'conflicted', 'TODO.md'), new TextEncoder().encode(conflicted));
    // The malformed board after 14,000 good tasks: over 1 MB, so the editor reads it in pieces and parses it in its
    // worker, and places each problem (some 70,000 lines down) by where the worker found the lines.
    const malformed = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(fixtures(), 'malformed', 'TODO.md')));
    const padding: string[] = [];
    for (let i = 1000; i < 15_000; i++) padding.push(`- TASK_${i}: "Padding task ${i}"\n  priority: low\n  status: todo\n  created_at: "2026-11-05T10:00:00Z"\n\n`);
    const large = malformed.replace('```yaml\n', `\`\`\`yaml\n${padding.join('')}`);
    assert.ok(large.length > 1024 * 1024, `the large board is ${large.length} characters`);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, FOLDER, 'large', 'TODO.md'), new TextEncoder().encode(large));
    const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(extensionPath(), 'dist', 'cli.js'), 'mcp', '--root', root.fsPath], env: NODE_ENV });
    client = new Client({ name: 'same-problems-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, FOLDER), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  const NAMES: Record<string, string> = {
    demo: 'the demo workspace',
    malformed: 'the malformed board',
    conflicted: 'a board with a merge conflict',
    large: 'the malformed board deep in a board of over 1 MB',
  };
  for (const fixture of Object.keys(NAMES)) {
    it(`on ${NAMES[fixture]}`, async () => {
      const prefix = `${FOLDER}/${fixture}/`;
      const files = (await vscode.workspace.findFiles(`${prefix}**/*.md`)).map((uri) => vscode.workspace.asRelativePath(uri, false)).sort();
      assert.ok(files.length > 0, `the copy of ${fixture} is in the workspace`);
      const cli = keys((await cliRows(root.fsPath)).filter((r) => r.file.startsWith(prefix)));
      assert.ok(cli.length > 0, `lint finds problems in ${fixture} (stale claims in the demo, every rule in the malformed board, the conflict)`);
      const mcp = keys((await mcpRows(client)).filter((r) => r.file.startsWith(prefix)));
      assert.deepEqual(mcp, cli, 'the MCP server\'s lint is the command line\'s');
      // The editor takes the new files through its watcher and parses them on its own turns: wait until it shows them.
      let editor: string[] = [];
      await waitForDisk(`the editor's diagnostics of ${fixture}`, () => {
        editor = keys(editorRows(root, files));
        return editor.join('\n') === cli.join('\n');
      }).catch(() => undefined);
      assert.deepEqual(editor, cli, 'the editor\'s diagnostics are the command line\'s problems');
    });
  }
});
