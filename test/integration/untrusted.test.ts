// Restricted mode in the real extension host: this suite runs only in the
// session whose workspace is NOT trusted (`runIntegration --untrusted`,
// index.ts picks untrusted*.test.js there). The extension activates (limited
// support), the views read the files, and nothing writes: no moves, no
// enforcement revert, no fix-all, no new TODO.md; the tree says why.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MoveResult } from '../../src/extension/taskMover';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import { UNTRUSTED_MESSAGE } from '../../src/extension/trust';
import { waitFor } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri;
}

function todoUri(): vscode.Uri {
  return vscode.Uri.joinPath(root(), 'TODO.md');
}

function board(...items: string[]): string {
  return ['# TODO', '', '```yaml', items.join('\n\n'), '```', ''].join('\n');
}

function item(id: string, status: string, agent = ''): string {
  return [`- ${id}: "Task ${id}"`, '  priority: high', `  assigned_agent:${agent ? ' ' + agent : ''}`, `  status: ${status}`].join('\n');
}

async function snapshot(): Promise<TreeSnapshot> {
  const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
  assert.ok(snap, 'the tree snapshot command returned nothing');
  return snap;
}

/** Every task row of the tree (any grouping depth) from `file`, as `id status`. */
function taskRows(rows: readonly TreeSnapshotRow[], file: string): string[] {
  return rows.flatMap((r) =>
    r.node.type === 'task' ? (r.node.task.file === file ? [`${r.node.task.id} ${r.node.task.status ?? ''}`] : []) : taskRows(r.children, file),
  );
}

function accepted(uri: vscode.Uri): Thenable<{ tasks: { id: string; status?: string }[] } | undefined> {
  return vscode.commands.executeCommand('_agentTaskBoard.enforcement.accepted', uri.toString());
}

function ours(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Agent Task Board' && (code === undefined || (typeof d.code === 'object' && d.code.value === code)));
}

/** A board of this suite's own in a folder of its own, once enforcement has accepted it as first seen. */
async function newBoard(folder: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(root(), folder, 'TODO.md');
  const bytes = new TextEncoder().encode(text);
  // The store learns of a new file from the file watcher, which can miss a file written into a
  // folder made a moment before (inotify watches the new folder only once it sees it): the file is
  // written again, into the now watched folder, until the store has read it.
  for (let attempt = 1; ; attempt++) {
    await vscode.workspace.fs.writeFile(uri, bytes);
    try {
      await waitFor(`${folder}/TODO.md accepted`, async () => (await accepted(uri))?.tasks.length, 5_000);
      return uri;
    } catch (error) {
      if (attempt < 6) continue;
      const seen = await vscode.commands.executeCommand<string | undefined>('_agentTaskBoard.enforcement.storeText', uri.toString());
      throw new Error(`${String(error)}; the store ${seen === undefined ? 'never saw the file' : `has it (${seen.length} chars)`}`);
    }
  }
}

describe('untrusted workspace (Restricted Mode)', function () {
  this.timeout(60_000);
  const folders = ['untrusted-enf', 'untrusted-strict', 'untrusted-fix', 'untrusted-create'];

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => {
    // Removed with node's fs: the suite must not need a write permission it is testing the absence of.
    for (const folder of folders) fs.rmSync(vscode.Uri.joinPath(root(), folder).fsPath, { recursive: true, force: true });
  });

  it('runs in a workspace that is not trusted, and the extension activates there', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this session must open the folder in Restricted Mode');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    assert.equal(extension.isActive, true);
    const manifest = extension.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } };
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
  });

  it('lists the demo tasks in the tree, and the tree says why it is read-only', async () => {
    await vscode.commands.executeCommand('agentTaskBoard.groupByStatus');
    const todo = todoUri().toString();
    const snap = await waitFor('the demo tasks in the tree', async () => {
      const s = await snapshot();
      return taskRows(s.rows, todo).length > 0 && s;
    });
    const firstFive = taskRows(snap.rows, todo).filter((row) => /^TASK_00[1-5] /.test(row));
    assert.deepEqual(firstFive.sort(), ['TASK_001 done', 'TASK_002 in_progress', 'TASK_003 claimed', 'TASK_004 todo', 'TASK_005 todo']);
    assert.match(UNTRUSTED_MESSAGE, /not trusted/);
    assert.equal(snap.message, UNTRUSTED_MESSAGE);
  });

  it('refuses Claim, Start, Complete and Release and leaves TODO.md byte for byte as it was', async () => {
    const file = todoUri().toString();
    const before = fs.readFileSync(todoUri().fsPath);
    const moves: [string, string, string][] = [
      ['agentTaskBoard.claim', 'TASK_004', 'todo'],
      ['agentTaskBoard.start', 'TASK_003', 'claimed'],
      ['agentTaskBoard.complete', 'TASK_002', 'in_progress'],
      ['agentTaskBoard.release', 'TASK_003', 'claimed'],
    ];
    for (const [command, id, status] of moves) {
      const result = await vscode.commands.executeCommand<MoveResult>(command, { file, id, status }, 'alice');
      assert.ok(result && !result.ok, `${command} ${id} was refused`);
      assert.match(result.message, /not trusted/, `${command} says why`);
    }
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(before), 'TODO.md is byte-identical');
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file);
    assert.ok(!open?.isDirty, 'no unsaved edit was made either');
  });

  it('makes no enforcement edit on save: the illegal value is saved as typed, reported, and Revert refuses', async () => {
    const legal = board(item('TASK_701', 'todo'), item('TASK_702', 'claimed', 'alice'));
    const uri = await newBoard('untrusted-enf', legal);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('status: todo');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'status: todo'.length)), 'status: done');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const illegal = legal.replace('status: todo', 'status: done');
    await waitFor('the illegal-transition diagnostic', () => ours(uri, 'illegal-transition').length === 1);

    assert.equal(doc.isDirty, true, 'the typed change is unsaved before the save');
    // doc.save() can answer false on a loaded machine and still save a moment later (seen: false,
    // then the buffer clean and the text on disk), so what is checked is where the text ends up.
    await doc.save();
    await waitFor('the save to finish', () => !doc.isDirty && fs.readFileSync(uri.fsPath, 'utf8') !== legal);
    // The user's file: what they typed reaches the disk untouched, and the buffer keeps it.
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), illegal);
    assert.equal(doc.getText(), illegal);
    assert.equal(doc.isDirty, false, 'no revert edit was left in the buffer');
    // Enforcement saw the save (the problem is still shown, the move not accepted) and did not revert it.
    await waitFor('the error to stay after the save', () => ours(uri, 'illegal-transition').length === 1);
    assert.equal((await accepted(uri))?.tasks.find((t) => t.id === 'TASK_701')?.status, 'todo', 'the illegal state is not accepted');
    const report = await vscode.commands.executeCommand<{ source: string; reverted: boolean } | undefined>('_agentTaskBoard.enforcement.lastReport', uri.toString());
    assert.ok(!report?.reverted, 'no report of a revert');

    // What a notification's Revert button would run.
    const revert = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('_agentTaskBoard.enforcement.revert', uri.toString(), illegal);
    assert.deepEqual(revert, { ok: false, message: 'This workspace is not trusted; nothing was changed.' });
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), illegal);
    assert.equal(doc.getText(), illegal);
    // The explanation the user sees next to the task list.
    assert.equal((await snapshot()).message, UNTRUSTED_MESSAGE);
  });

  it('reports an illegal write on disk without reverting it, even under strict', async () => {
    await vscode.workspace.getConfiguration('agentTaskBoard').update('enforcement', 'strict', vscode.ConfigurationTarget.Global);
    try {
      const legal = board(item('TASK_711', 'todo'));
      const uri = await newBoard('untrusted-strict', legal);
      const illegal = board(item('TASK_711', 'done'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(illegal));
      const report = await waitFor('the disk report', async () => {
        const r = await vscode.commands.executeCommand<{ source: string; reverted: boolean; message: string } | undefined>(
          '_agentTaskBoard.enforcement.lastReport',
          uri.toString(),
        );
        return r?.source === 'disk' && r;
      });
      assert.equal(report.reverted, false);
      assert.match(report.message, /TASK_711 todo → done/);
      await waitFor('the illegal-transition diagnostic', () => ours(uri, 'illegal-transition').length === 1);
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), illegal, 'strict did not revert the file');
    } finally {
      await vscode.workspace.getConfiguration('agentTaskBoard').update('enforcement', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('fix-all refuses: no source.fixAll action is offered and the command changes nothing', async () => {
    const text = board(item('TASK_721', 'todo'), item('TASK_721', 'todo'));
    const uri = await newBoard('untrusted-fix', text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('the duplicate-id diagnostic', () => ours(uri, 'duplicate-id').length > 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, doc.lineCount, 0),
      vscode.CodeActionKind.SourceFixAll.value,
    );
    assert.deepEqual(
      actions.filter((a) => a.kind?.value.startsWith('source.fixAll.agentTaskBoard')).map((a) => a.title),
      [],
      'no fix-all action in restricted mode',
    );
    await vscode.commands.executeCommand('agentTaskBoard.fixAllProblems');
    assert.equal(doc.getText(), text);
    assert.equal(doc.isDirty, false);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), text);
  });

  it('Create TODO.md refuses and creates no file', async () => {
    const folder = vscode.Uri.joinPath(root(), 'untrusted-create');
    fs.mkdirSync(folder.fsPath, { recursive: true });
    const target: vscode.WorkspaceFolder = { uri: folder, name: 'untrusted-create', index: 0 };
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('agentTaskBoard.createTodo', target);
    assert.equal(created, undefined);
    assert.equal(fs.existsSync(vscode.Uri.joinPath(folder, 'TODO.md').fsPath), false, 'no TODO.md was written');
  });

  it('makes no offer to set up git merging, even in a git repository', async () => {
    const git = path.join(root().fsPath, '.git');
    execFileSync('git', ['init', '-q'], { cwd: root().fsPath, stdio: 'pipe' });
    try {
      assert.deepEqual(await vscode.commands.executeCommand('_agentTaskBoard.gitSetup.offer', 'setUp', true), {});
      assert.equal(fs.existsSync(path.join(root().fsPath, '.gitattributes')), false);
    } finally {
      fs.rmSync(git, { recursive: true, force: true });
    }
  });
});
