// The rest of the sidebar in the real extension host: unsaved edits reaching
// the tree as they are typed, checklist moves between sections, the palette
// form of the move commands (task under the cursor), and Create TODO.md.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseBoard } from '../../src/core/board/parseBoard';
import { todoTemplate } from '../../src/extension/commands/createTodo';
import type { MoveResult } from '../../src/extension/taskMover';
import type { TreeSnapshot } from '../../src/extension/tree/registerTaskTree';
import { demoTreeRow as row, serverReport } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

function workspaceFile(...parts: string[]): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return vscode.Uri.joinPath(f.uri, ...parts);
}

async function until(what: string, check: (snap: TreeSnapshot) => boolean, timeoutMs = 10_000): Promise<TreeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
    if (check(snap)) return snap;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Sidebar: live edits, checklist moves, palette, Create TODO.md', function () {
  this.timeout(60_000);
  const originals = new Map<string, Buffer>();

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand('agentTaskBoard.groupByStatus');
    await vscode.commands.executeCommand('agentTaskBoard.clearFilter');
    for (const uri of [workspaceFile('TODO.md'), workspaceFile('.claude', 'tasks', 'frontend-engineer-tasks.md')]) {
      originals.set(uri.fsPath, fs.readFileSync(uri.fsPath));
    }
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    // A save still running when its move answered holds the file's lock until it ends: restoring the
    // file before then would be overwritten by it, and every later suite would start from a moved board.
    const lock = `${workspaceFile('TODO.md').fsPath}.lock`;
    for (const deadline = Date.now() + 20_000; fs.existsSync(lock) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    if (fs.existsSync(lock)) throw new Error('TODO.md.lock is still held 20 s after the test: a save of the move has not ended, and restoring the file now would be lost under it');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [file, bytes] of originals) if (!fs.readFileSync(file).equals(bytes)) fs.writeFileSync(file, bytes);
    await until('files restored', (s) => row(s.rows, 'TASK_003')?.contextValue?.startsWith('task.board.claimed.can-start.can-release') === true && row(s.rows, 'Sign-up form')?.contextValue === 'task.checklist.todo.can-start');
    // A buffer still open that is not the disk's text (and not marked unsaved) would make the next move refuse: said here.
    for (const deadline = Date.now() + 5_000; stale().length > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(stale(), [], 'a task file open in the editor is marked saved but differs from the disk after the test');
  });

  /** The open task files of this suite whose buffer is marked saved and differs from the disk. */
  function stale(): string[] {
    return vscode.workspace.textDocuments.filter((d) => originals.has(d.uri.fsPath) && !d.isDirty && !sameText(d)).map((d) => vscode.workspace.asRelativePath(d.uri));
  }

  function sameText(doc: vscode.TextDocument): boolean {
    return fs.readFileSync(doc.uri.fsPath, 'utf8') === doc.getText();
  }

  it('shows unsaved edits in an open editor as they are typed', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('TODO.md'));
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('"Add Sentry tracing to the API gateway"');
    assert.ok(at > 0);
    const start = doc.positionAt(at + 1);
    await editor.edit((b) => b.insert(start, 'Live: '));
    assert.equal(doc.isDirty, true);
    await until('the typed title in the tree', (s) => row(s.rows, 'TASK_007: Live: Add Sentry tracing') !== undefined);
    assert.ok(fs.readFileSync(doc.uri.fsPath).equals(originals.get(doc.uri.fsPath)!), 'the edit reached the disk');
    // Taken back here, not left to afterEach's revert: a revert reloads from disk, and on a loaded machine it left
    // the typed title in a buffer marked saved, so the next test's move was refused as the disk changing under it.
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.isDirty, false);
    assert.ok(sameText(doc), 'the undo did not bring the buffer back to the disk');
    await until('the title back in the tree', (s) => row(s.rows, 'TASK_007: Add Sentry tracing') !== undefined);
  });

  it('moves a checklist item between its sections, and one undo puts it back', async () => {
    const uri = workspaceFile('.claude', 'tasks', 'frontend-engineer-tasks.md');
    const before = fs.readFileSync(uri.fsPath, 'utf8');
    const item = row((await until('checklist item', (s) => row(s.rows, 'Sign-up form') !== undefined)).rows, 'Sign-up form');
    assert.equal(item?.contextValue, 'task.checklist.todo.can-start');
    const result = await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.start', item!.node);
    assert.deepEqual(result, { ok: true });
    const after = fs.readFileSync(uri.fsPath, 'utf8');
    assert.equal(
      after,
      before
        .replace('## To Do\n- [ ] Sign-up form wired to POST /api/users\n', '## To Do\n')
        .replace('## In Progress\n', '## In Progress\n- [ ] Sign-up form wired to POST /api/users\n'),
    );
    await until('item under In Progress', (s) => row(s.rows.find((g) => g.label.startsWith('In Progress'))!.children, 'Sign-up form') !== undefined);

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
  });

  it('moves the task under the cursor when run from the palette (no argument)', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('TODO.md'));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('TASK_003'));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line + 3, 2, line + 3, 2) });
    // A move in an unsaved buffer stays in the buffer: the file on disk would then not change.
    assert.equal(doc.isDirty, false, 'TODO.md was left unsaved by an earlier test');
    // Release, not Start: putting the file back afterwards is then a legal move (a re-claim), which
    // lifecycle enforcement accepts; a restore from in_progress to claimed would be reverted on the next save.
    // VS Code traces its text file models' saves while this move's runs: a failed run prints the trace (runIntegration).
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    const started = Date.now();
    const result = await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.release');
    assert.deepEqual(result, { ok: true });
    const answered = Date.now() - started;
    // A move answers once VS Code's save ends, or after 10 s with the save still running (seen in CI:
    // the save of this move had not ended 50 s later). Waited for here, and said when it fails.
    const released = /- TASK_003: "Add JWT refresh-token rotation"\n {2}priority: high\n {2}assigned_agent:\n {2}status: todo\n/;
    let disk = fs.readFileSync(doc.uri.fsPath, 'utf8');
    for (const deadline = Date.now() + 30_000; !released.test(disk) && Date.now() < deadline; disk = fs.readFileSync(doc.uri.fsPath, 'utf8')) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!released.test(disk)) {
      const buffer = `buffer ${doc.isDirty ? 'unsaved' : 'saved'}, ${released.test(doc.getText()) ? 'released' : 'not released'} in the buffer`;
      // TASK_003's lines only, so the server's report below fits in what CI keeps; the whole file when it is not there.
      const from = disk.indexOf('- TASK_003');
      const to = from < 0 ? -1 : disk.indexOf('\n- ', from + 1);
      const onDisk = from < 0 ? `(no TASK_003 in the file's ${disk.length} characters)\n${disk.slice(0, 2000)}` : disk.slice(from, to < 0 ? undefined : to + 1);
      assert.fail(`TASK_003 not released on disk ${Date.now() - started} ms after the move (answered after ${answered} ms; ${buffer}):\n${onDisk}${serverReport(doc.uri.fsPath)}`);
    }
    // Kept in the run's output: a save that outlasts the move's wait is what to look into when this test fails.
    if (answered >= 10_000) console.warn(`sidebar: the save of the palette Release outlasted the move's 10 s wait; on disk after ${Date.now() - started} ms`);
    await until('TASK_003 back to todo', (s) => row(s.rows, 'TASK_003')?.contextValue === 'task.board.todo.can-claim');
  });

  it('creates TODO.md from the template: one todo task and a Session History section', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-create-todo-'));
    try {
      const folder: vscode.WorkspaceFolder = { uri: vscode.Uri.file(dir), name: 'scratch', index: 99 };
      const created = await vscode.commands.executeCommand<vscode.Uri>('agentTaskBoard.createTodo', folder);
      assert.equal(created?.fsPath, path.join(dir, 'TODO.md'));
      const text = fs.readFileSync(path.join(dir, 'TODO.md'), 'utf8');
      const stamp = /created_at: "([^"]+)"/.exec(text)?.[1];
      assert.ok(stamp);
      assert.equal(text, todoTemplate(new Date(stamp)));
      const board = parseBoard({ file: 'TODO.md', text });
      assert.deepEqual(
        board.tasks.map((t) => [t.id, t.status, t.priority, t.group]),
        [['TASK_001', 'todo', 'medium', 'Tasks']],
      );
      assert.equal(board.problems.length, 0, JSON.stringify(board.problems));
      assert.notEqual(board.historyInsertAt, undefined);
      // Run again: the existing file is opened, not overwritten.
      fs.appendFileSync(path.join(dir, 'TODO.md'), 'kept\n');
      await vscode.commands.executeCommand('agentTaskBoard.createTodo', folder);
      assert.match(fs.readFileSync(path.join(dir, 'TODO.md'), 'utf8'), /kept\n$/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
