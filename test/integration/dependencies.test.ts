// Dependencies between tasks in the real extension host: a task that waits on
// an unfinished one shows as waiting in the Tasks tree (description, icon,
// tooltip naming what it waits for) and on the board (the card's waiting
// list); it follows a dependency in another file; the Claim command refuses
// it with a message naming the ids, and forced claims it with a Session
// History line that says so; unknown ids and cycles are diagnostics that
// another file's change clears.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { BoardSnapshot } from '../../src/extension/board/boardPanel';
import type { MoveResult } from '../../src/extension/taskMover';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import { waitFor, waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';
const FOLDERS = ['deps-a', 'deps-b', 'deps-lint', 'deps-lint-more'];

function workspaceUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...parts);
}

async function tree(): Promise<TreeSnapshot> {
  const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
  assert.ok(snap, 'the tree snapshot command returned nothing');
  return snap;
}

/** The tree row of task `id` of `file`, wherever it is grouped. */
function rowOf(snap: TreeSnapshot, file: vscode.Uri, id: string): TreeSnapshotRow | undefined {
  const walk = (rows: readonly TreeSnapshotRow[]): TreeSnapshotRow | undefined => {
    for (const r of rows) {
      if (r.node.type === 'task' && r.node.task.file === file.toString() && r.node.task.id === id) return r;
      const inner = walk(r.children);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(snap.rows);
}

/** A tooltip as plain text: appendText escapes markdown and keeps spaces as &nbsp;. */
function plain(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

function ours(uri: vscode.Uri): { code: string; line: number; message: string }[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Agent Task Board')
    .map((d) => ({ code: typeof d.code === 'object' ? String(d.code.value) : String(d.code), line: d.range.start.line, message: d.message }));
}

function board(items: readonly string[][]): string {
  return ['```yaml', items.map((lines) => lines.join('\n')).join('\n\n'), '```', ''].join('\n');
}

describe('dependencies between tasks', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await vscode.commands.executeCommand('agentTaskBoard.groupByStatus');
    await vscode.commands.executeCommand('agentTaskBoard.clearFilter');
  });

  // The workspace copy is shared with the other suites: leave it as it was.
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const folder of FOLDERS) {
      await vscode.workspace.fs.delete(workspaceUri(folder), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });

  it('shows the demo TASK_006 as waiting on TASK_002 in the tree and on the board, refuses its claim naming TASK_002, and claims it when forced', async () => {
    const todo = workspaceUri('TODO.md');
    const before = fs.readFileSync(todo.fsPath, 'utf8');
    const t006 = await waitFor('TASK_006 in the tree', async () => rowOf(await tree(), todo, 'TASK_006'));
    assert.equal(t006.description, 'waiting on TASK_002 · low');
    assert.equal(t006.icon, 'watch');
    assert.match(plain(t006.tooltip ?? ''), /\$\(watch\) Waiting on TASK_002 \(in_progress\)/);
    // TASK_007 names no dependency: its row is as it was.
    const t007 = rowOf(await tree(), todo, 'TASK_007');
    assert.equal(t007?.description, 'low');
    assert.equal(t007?.icon, 'circle-large-outline');

    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
    const key = `${todo.toString()}#TASK_006`;
    const snap = await waitFor('the board with TASK_006', async () => {
      const s = await vscode.commands.executeCommand<BoardSnapshot | undefined>('_agentTaskBoard.boardSnapshot');
      return s?.pageReady && s.columns.todo.includes(key) ? s : undefined;
    });
    assert.deepEqual(snap.waiting[key], [{ id: 'TASK_002', known: true, status: 'in_progress' }]);
    assert.equal(snap.waiting[`${todo.toString()}#TASK_007`], undefined);

    const refused = await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.claim', { file: todo.toString(), id: 'TASK_006', status: 'todo' }, 'deps-agent');
    assert.equal(refused?.ok, false);
    assert.equal(!refused?.ok && refused?.code, 'waiting');
    assert.match(!refused?.ok ? refused!.message : '', /^TODO\.md:44: TASK_006 is waiting on unfinished tasks: TASK_002 \(in_progress\)\./);
    assert.equal(fs.readFileSync(todo.fsPath, 'utf8'), before, 'nothing was written');

    // Forced (what Claim Anyway does): claimed, and the Session History line says past what.
    try {
      const forced = await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.claim', { file: todo.toString(), id: 'TASK_006', status: 'todo' }, 'deps-agent', { force: true });
      assert.deepEqual(forced, { ok: true });
      const after = fs.readFileSync(todo.fsPath, 'utf8');
      assert.match(after, /- TASK_006: "Integrate Stripe webhooks: payment_intent\.succeeded"\n {2}priority: low\n {2}assigned_agent: deps-agent\n {2}status: claimed\n/);
      assert.match(after, /\n- \S+ deps-agent claimed TASK_006 \(forced past TASK_002 unfinished\)\n/);
    } finally {
      // Back as it was: claimed → todo on disk is a legal release, so enforcement leaves it.
      fs.writeFileSync(todo.fsPath, before);
      await waitForDisk('TASK_006 back in To Do', async () => rowOf(await tree(), todo, 'TASK_006')?.description === 'waiting on TASK_002 · low');
    }
  });

  it('follows a dependency in another file: waiting while it is in progress, ready once it is done', async () => {
    const a = workspaceUri('deps-a', 'TODO.md');
    const b = workspaceUri('deps-b', 'TODO.md');
    const dependency = (status: string) => board([['- DEP_B1: "Auth"', '  assigned_agent: deps-agent', `  status: ${status}`]]);
    fs.mkdirSync(workspaceUri('deps-b').fsPath, { recursive: true });
    fs.writeFileSync(b.fsPath, dependency('in_progress'));
    fs.mkdirSync(workspaceUri('deps-a').fsPath, { recursive: true });
    fs.writeFileSync(a.fsPath, board([['- DEP_A1: "Webhooks"', '  assigned_agent:', '  status: todo', '  depends_on: DEP_B1']]));
    const waiting = await waitForDisk('DEP_A1 waiting on DEP_B1', async () => {
      const r = rowOf(await tree(), a, 'DEP_A1');
      return r?.description?.startsWith('waiting on DEP_B1') ? r : undefined;
    });
    assert.match(plain(waiting.tooltip ?? ''), /Waiting on DEP_B1 \(in_progress\)/);
    // Only deps-b changes: the tree must rebuild DEP_A1's row too.
    fs.writeFileSync(b.fsPath, dependency('done'));
    const ready = await waitForDisk('DEP_A1 ready', async () => {
      const r = rowOf(await tree(), a, 'DEP_A1');
      return r && r.description === '' ? r : undefined;
    });
    assert.equal(ready.icon, 'circle-large-outline');
  });

  it('reports an unknown id and a cycle on the lines that name them, and clears the unknown id when another file adds it', async () => {
    const file = workspaceUri('deps-lint', 'TODO.md');
    fs.mkdirSync(workspaceUri('deps-lint').fsPath, { recursive: true });
    fs.writeFileSync(
      file.fsPath,
      board([
        ['- LINT_1: "One"', '  status: todo', '  depends_on: [LINT_2, LINT_404]'],
        ['- LINT_2: "Two"', '  status: todo', '  blocked_by: LINT_1'],
      ]),
    );
    const found = await waitForDisk('the dependency diagnostics', () => {
      const d = ours(file).filter((p) => p.code.includes('dependency'));
      return d.length === 3 ? d : undefined;
    });
    assert.deepEqual(
      found.map((d) => `${d.line + 1} ${d.code}`).sort(),
      ['4 dependency-cycle', '4 unknown-dependency', '8 dependency-cycle'],
    );
    assert.ok(found.some((d) => d.message.includes('LINT_1 depends on LINT_2, which leads back to it (LINT_1 → LINT_2 → LINT_1)')));
    // The missing task appears in another file: this file's warning goes, without an edit to it.
    const more = workspaceUri('deps-lint-more', 'TODO.md');
    fs.mkdirSync(workspaceUri('deps-lint-more').fsPath, { recursive: true });
    fs.writeFileSync(more.fsPath, board([['- LINT_404: "Found"', '  status: todo']]));
    await waitForDisk('the unknown-dependency warning gone', () => {
      const codes = ours(file).map((d) => d.code);
      return !codes.includes('unknown-dependency') && codes.filter((c) => c === 'dependency-cycle').length === 2;
    });
  });
});
