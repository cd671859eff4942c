// The board's extension side in the real extension host, with its webview
// loaded in the workbench: the handshake fills the columns, messages that do
// not validate are dropped, illegal drops and stale statuses are refused, and
// a legal drop goes through moveTask (one WorkspaceEdit, one undo).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { BoardSnapshot } from '../../src/extension/board/boardPanel';
import { waitFor } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

function todoUri(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return vscode.Uri.joinPath(f.uri, 'TODO.md');
}

async function snapshot(): Promise<BoardSnapshot | undefined> {
  return vscode.commands.executeCommand<BoardSnapshot | undefined>('_agentTaskBoard.boardSnapshot');
}

async function until(what: string, check: (snap: BoardSnapshot) => boolean, timeoutMs = 20_000): Promise<BoardSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snap = await snapshot();
    if (snap && check(snap)) return snap;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}\n${JSON.stringify(snap, null, 1)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ids = (keys: readonly string[]) => keys.map((k) => k.slice(k.lastIndexOf('#') + 1));

function send(message: unknown): Thenable<void> {
  return vscode.commands.executeCommand('_agentTaskBoard.boardReceive', message);
}

describe('Board panel', function () {
  this.timeout(60_000);
  let original: Buffer;
  let todoKey: (id: string) => string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    original = fs.readFileSync(todoUri().fsPath);
    todoKey = (id) => `${todoUri().toString()}#${id}`;
    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    if (!fs.readFileSync(todoUri().fsPath).equals(original)) {
      fs.writeFileSync(todoUri().fsPath, original);
      await until('TODO.md restored on the board', (s) => ids(s.columns.claimed).includes('TASK_003') && !ids(s.columns.in_progress).includes('TASK_003'));
    }
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('answers the page\'s ready with the demo tasks in their columns', async () => {
    const snap = await until('the page is ready and has the tasks', (s) => s.pageReady && s.columns.done.length > 0);
    assert.ok(ids(snap.columns.done).includes('TASK_001'));
    assert.ok(ids(snap.columns.in_progress).includes('TASK_002'));
    assert.ok(ids(snap.columns.claimed).includes('TASK_003'));
    for (const id of ['TASK_004', 'TASK_005', 'TASK_006', 'TASK_007']) assert.ok(ids(snap.columns.todo).includes(id), id);
    // Checklist items are on the board too, in the columns of their sections; none is "claimed".
    assert.ok(snap.columns.todo.some((k) => k.includes('/.claude/tasks/')));
    assert.ok(snap.columns.done.some((k) => k.includes('/.claude/tasks/')));
    assert.ok(!snap.columns.claimed.some((k) => k.includes('/.claude/tasks/')));
  });

  it("marks a card with its task's problems as the Problems view lists them, and clears the mark when they are mended", async () => {
    await until('the page is ready and has the tasks', (s) => s.pageReady && s.columns.todo.length > 0);
    const key = todoKey('TASK_004');
    assert.equal((await snapshot())!.problems[key], undefined);
    fs.writeFileSync(todoUri().fsPath, original.toString('utf8').replace('  priority: medium\n  assigned_agent:\n  status: todo', '  priority: someday\n  assigned_agent:\n  status: todo'));
    const snap = await until('TASK_004 carries its warning', (s) => s.problems[key] !== undefined);
    const shown = vscode.languages.getDiagnostics(todoUri()).filter((d) => d.range.start.line === 28);
    assert.equal(shown.length, 1, 'the Problems view has the warning on the priority line');
    assert.deepEqual(snap.problems[key], [{ severity: 'warning', message: shown[0]!.message, line: 28 }]);
    assert.deepEqual(Object.keys(snap.problems), [key], 'no other card is marked');
    fs.writeFileSync(todoUri().fsPath, original);
    await until('the mark is gone with the problem', (s) => s.problems[key] === undefined);
  });

  it('drops messages that do not validate, and changes nothing', async () => {
    await until('ready', (s) => s.pageReady);
    const before = (await snapshot())?.lastResult;
    for (const bad of [
      { type: 'move', key: todoKey('TASK_003'), from: 'claimed', to: 'shipped' },
      { type: 'move', key: todoKey('TASK_003'), to: 'in_progress' },
      { type: 'move', key: 42, from: 'claimed', to: 'in_progress' },
      { type: 'eval', code: 'process.exit(1)' },
      'move',
      null,
    ]) {
      await send(bad);
    }
    assert.deepEqual((await snapshot())?.lastResult, before);
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original));
  });

  it('refuses a drop the lifecycle forbids, with a message, and leaves the file alone', async () => {
    await send({ type: 'move', key: todoKey('TASK_005'), from: 'todo', to: 'done' });
    const snap = await snapshot();
    assert.equal(snap?.lastResult?.ok, false);
    assert.match(snap?.lastResult?.message ?? '', /TASK_005: A task cannot move from To do to Done/);
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original));
  });

  it('refuses a drop made on a stale status (compare-and-swap)', async () => {
    // TASK_002 is in progress; a page that still showed it as claimed asks to start it.
    await send({ type: 'move', key: todoKey('TASK_002'), from: 'claimed', to: 'in_progress' });
    const snap = await snapshot();
    assert.equal(snap?.lastResult?.ok, false);
    assert.ok(snap?.lastResult?.message, 'a refusal says why');
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original));
  });

  // Release, then undo (a claim again): both legal, so lifecycle enforcement never fights the clean-up.
  it('releases a claimed task by a drop on To do: a WorkspaceEdit that one undo reverts', async () => {
    const before = original.toString('utf8');
    await send({ type: 'move', key: todoKey('TASK_003'), from: 'claimed', to: 'todo' });
    assert.deepEqual((await snapshot())?.lastResult, { type: 'moveResult', key: todoKey('TASK_003'), ok: true, undoable: true });
    const after = fs.readFileSync(todoUri().fsPath, 'utf8');
    assert.match(after, /- TASK_003: "Add JWT refresh-token rotation"\n {2}priority: high\n {2}assigned_agent:\n {2}status: todo\n/);
    await until('TASK_003 in To do on the board', (s) => ids(s.columns.todo).includes('TASK_003'));

    const doc = await vscode.workspace.openTextDocument(todoUri());
    // Beside the board, so the board stays visible (a hidden webview is torn down and gets no deltas).
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
    // Its answer is not asserted: under load VS Code's save() answered false and wrote the file a second later
    // (the move's own write path reads the disk for the same reason, see editorWrites.ts). The disk decides.
    await doc.save();
    await waitFor('the original text on disk after one undo and a save', () => fs.readFileSync(todoUri().fsPath).equals(original), 20_000);
    await until('TASK_003 back in Claimed', (s) => ids(s.columns.claimed).includes('TASK_003'));
  });

  /** The board shown and its page ready: a test before may have closed it. */
  async function boardReady(): Promise<void> {
    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
    await until('ready', (s) => s.pageReady);
  }

  /** Releases TASK_003 from the board (a drop on To do) and waits for the board to show it there. */
  async function releaseFromBoard(): Promise<void> {
    await boardReady();
    await send({ type: 'move', key: todoKey('TASK_003'), from: 'claimed', to: 'todo' });
    assert.equal((await snapshot())?.lastResult?.ok, true);
    await until('TASK_003 in To do', (s) => ids(s.columns.todo).includes('TASK_003'));
  }

  /** What the page is told when Undo put back the release of `id`. */
  const undone = (id: string) => ({ type: 'undoResult', ok: true, message: `Undone: Release ${id}.`, key: todoKey(id) });

  it('undoes its last move on Ctrl+Z (the page asks): the file back byte for byte, the task back in its column, then nothing left to undo', async () => {
    await releaseFromBoard();
    assert.ok(!fs.readFileSync(todoUri().fsPath).equals(original), 'the release is on disk');

    await send({ type: 'undo' });
    assert.deepEqual((await snapshot())?.lastResult, undone('TASK_003'));
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original), 'the file as it was before the move');
    await until('TASK_003 back in Claimed', (s) => ids(s.columns.claimed).includes('TASK_003') && !ids(s.columns.todo).includes('TASK_003'));
    // Enforcement takes the undo as the move back it is: nothing is reverted or reported afterwards.
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original), 'still as it was');
    const problems = vscode.languages.getDiagnostics(todoUri()).filter((d) => d.code === 'illegal-transition' || d.code === 'stolen-claim');
    assert.deepEqual(problems.map((d) => d.message), []);

    await send({ type: 'undo' });
    assert.deepEqual((await snapshot())?.lastResult, { type: 'undoResult', ok: false, message: 'Nothing to undo: no move was made from this board.' });
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original));
  });

  it('does not undo a move whose task another writer changed since: the file keeps their change', async () => {
    await releaseFromBoard();
    // An agent claims the released task, on disk.
    const released = fs.readFileSync(todoUri().fsPath, 'utf8');
    const theirs = released.replace(/(- TASK_003: [^\n]*\n {2}priority: high\n {2}assigned_agent:)\n {2}status: todo\n/, '$1 bob\n  status: claimed\n');
    assert.notEqual(theirs, released);
    fs.writeFileSync(todoUri().fsPath, theirs);
    await until('TASK_003 claimed again on the board', (s) => ids(s.columns.claimed).includes('TASK_003'));

    await send({ type: 'undo' });
    const result = (await snapshot())?.lastResult;
    assert.equal(result?.type, 'undoResult');
    assert.equal(result?.ok, false);
    assert.match(result?.message ?? '', /^TODO\.md changed after "Release TASK_003", so it was not undone: move TASK_003 back from its menu\.$/);
    assert.equal(fs.readFileSync(todoUri().fsPath, 'utf8'), theirs);
  });

  it('undoes two moves newest first, back to the file as it was', async () => {
    await boardReady();
    await send({ type: 'move', key: todoKey('TASK_003'), from: 'claimed', to: 'todo' });
    const afterFirst = fs.readFileSync(todoUri().fsPath, 'utf8');
    await send({ type: 'move', key: todoKey('TASK_002'), from: 'in_progress', to: 'todo' });
    assert.equal((await snapshot())?.lastResult?.ok, true);
    await send({ type: 'undo' });
    assert.deepEqual((await snapshot())?.lastResult, undone('TASK_002'));
    assert.equal(fs.readFileSync(todoUri().fsPath, 'utf8'), afterFirst);
    await send({ type: 'undo' });
    assert.deepEqual((await snapshot())?.lastResult, undone('TASK_003'));
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original));
  });

  it('keeps a move whose undo was refused for a reason that passes (a read-only file), and undoes it once it has passed', async () => {
    await releaseFromBoard();
    const released = fs.readFileSync(todoUri().fsPath);
    fs.chmodSync(todoUri().fsPath, 0o444);
    try {
      await send({ type: 'undo' });
      const refused = (await snapshot())?.lastResult;
      assert.equal(refused?.ok, false);
      assert.match(refused?.message ?? '', /TODO\.md is read-only; nothing was written\./);
      assert.ok(fs.readFileSync(todoUri().fsPath).equals(released));
    } finally {
      fs.chmodSync(todoUri().fsPath, 0o644);
    }
    await send({ type: 'undo' });
    assert.deepEqual((await snapshot())?.lastResult, undone('TASK_003'));
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original));
  });

  it('takes an undo asked while its move is still being written as the undo of that move', async () => {
    await boardReady();
    // Ctrl+Z right after the drop: the page sends both before the move's answer.
    await Promise.all([send({ type: 'move', key: todoKey('TASK_003'), from: 'claimed', to: 'todo' }), send({ type: 'undo' })]);
    assert.deepEqual((await snapshot())?.lastResult, undone('TASK_003'));
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original), 'the release taken back');
  });

  it('does not undo a move when anything else in the file changed since, even a change of the same length', async () => {
    await releaseFromBoard();
    // An agent bumps another task's priority: the file keeps its length, and the move's lines are untouched.
    const released = fs.readFileSync(todoUri().fsPath, 'utf8');
    const theirs = released.replace(/(- TASK_005: [^\n]*\n {2}priority: )medium/, '$1lowish');
    assert.notEqual(theirs, released);
    assert.equal(theirs.length, released.length);
    fs.writeFileSync(todoUri().fsPath, theirs);
    await new Promise((r) => setTimeout(r, 1000));

    await send({ type: 'undo' });
    const result = (await snapshot())?.lastResult;
    assert.equal(result?.type, 'undoResult');
    assert.equal(result?.ok, false, JSON.stringify(result));
    assert.equal(fs.readFileSync(todoUri().fsPath, 'utf8'), theirs);
  });
});
