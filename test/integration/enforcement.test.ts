// Lifecycle enforcement in the real extension host: typing an illegal move,
// saving under `revert` and `warn`, illegal and legal writes on disk, `strict`,
// and the accepted state surviving a restart. Each test uses its own TODO.md
// in a folder of its own, so the suites sharing the workspace do not meet.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { TaskStore } from '../../src/extension/taskStore';
import { typeOver, waitFor, waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

interface Summary {
  readonly taskId: string;
  readonly code: string;
  readonly move: string;
}
interface Report {
  readonly file: string;
  readonly source: 'save' | 'disk' | 'startup';
  readonly violations: readonly Summary[];
  readonly reverted: boolean;
  readonly message: string;
}
interface Snapshot {
  readonly tasks: readonly { id: string; kind?: string; status?: string; assignedAgent?: string }[];
}

function board(...items: string[]): string {
  return ['# TODO', '', '```yaml', items.join('\n\n'), '```', ''].join('\n');
}

function item(id: string, status: string, agent = ''): string {
  return [`- ${id}: "Task ${id}"`, '  priority: high', `  assigned_agent:${agent ? ' ' + agent : ''}`, `  status: ${status}`].join('\n');
}

function fileUri(folder: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, folder, 'TODO.md');
}

async function removeFolder(folder: string): Promise<void> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, folder);
  await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function writeDisk(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/**
 * Writes `text` to `uri` while enforcement is stopped (VS Code closed, as far as it knows), starts it again,
 * and returns the report its start-up check makes of the file.
 */
async function writtenWhileStopped(uri: vscode.Uri, text: string): Promise<Report> {
  await vscode.commands.executeCommand('_agentTaskBoard.enforcement.stop');
  try {
    await writeDisk(uri, text);
    await waitFor('the store to read the write', async () =>
      (await vscode.commands.executeCommand<string | undefined>('_agentTaskBoard.enforcement.storeText', uri.toString())) === text,
    );
  } finally {
    await vscode.commands.executeCommand('_agentTaskBoard.enforcement.start');
  }
  return waitFor('the start-up report', async () => {
    const r = await lastReport(uri);
    return r?.file === uri.toString() && r.source === 'startup' && r;
  });
}

function accepted(uri: vscode.Uri): Thenable<Snapshot | undefined> {
  return vscode.commands.executeCommand<Snapshot | undefined>('_agentTaskBoard.enforcement.accepted', uri.toString());
}

function lastReport(uri: vscode.Uri): Thenable<Report | undefined> {
  return vscode.commands.executeCommand<Report | undefined>('_agentTaskBoard.enforcement.lastReport', uri.toString());
}

/** A new task file on disk, and the moment enforcement has accepted it as first seen. */
async function newBoard(folder: string, text: string): Promise<vscode.Uri> {
  const uri = fileUri(folder);
  await writeDisk(uri, text);
  await waitForDisk(`${folder}/TODO.md accepted`, async () => (await accepted(uri))?.tasks.length);
  return uri;
}

function statusOf(snapshot: Snapshot | undefined, id: string): string | undefined {
  return snapshot?.tasks.find((t) => t.id === id)?.status;
}

async function setEnforcement(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('agentTaskBoard').update('enforcement', value, vscode.ConfigurationTarget.Workspace);
}

function lifecycleDiagnostics(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Agent Task Board' && typeof d.code === 'object' && d.code.value === code);
}

describe('lifecycle enforcement', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await setEnforcement(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // The workspace copy is shared with the other suites: leave it as it was.
  after(async () => {
    for (const folder of ['enf-typing', 'enf-warn', 'enf-disk', 'enf-cas', 'enf-legal', 'enf-strict', 'enf-restart', 'enf-two-moves', 'enf-steps', 'enf-restart-strict', 'enf-accept', 'enf-lock', 'enf-one-move', 'enf-one-revert', 'enf-gone']) {
      await removeFolder(folder);
    }
  });

  it('shows a typed illegal move as an error on the status line, and reverts it inside the save', async () => {
    const legal = board(item('TASK_101', 'todo'), item('TASK_102', 'claimed', 'alice'));
    const uri = await newBoard('enf-typing', legal);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const at = await typeOver(doc, 'status: todo', 'status: done');
    const [diagnostic] = await waitFor('illegal-transition diagnostic', () => {
      const found = lifecycleDiagnostics(uri, 'illegal-transition');
      return found.length > 0 && found;
    });
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic!.range.start.line, at.line, 'on the status line');
    assert.equal(doc.getText(diagnostic!.range), 'done');
    assert.match(diagnostic!.message, /TASK_101/);

    assert.equal(await doc.save(), true);
    assert.equal(await readDisk(uri), legal, 'the illegal value never reached the disk');
    assert.equal(doc.getText(), legal);
    const report = await waitFor('the save report', async () => {
      const r = await lastReport(uri);
      return r?.file === uri.toString() && r.source === 'save' && r;
    });
    assert.deepEqual(
      report.violations.map((v) => [v.taskId, v.move]),
      [['TASK_101', 'todo → done']],
    );
    assert.equal(report.reverted, true);
    await waitFor('the diagnostic to go', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 0);
  });

  it('keeps the typed value on disk under warn, with the error still shown', async () => {
    const legal = board(item('TASK_111', 'todo'));
    const uri = await newBoard('enf-warn', legal);
    await setEnforcement('warn');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await typeOver(doc, 'status: todo', 'status: done');
    assert.equal(await doc.save(), true);
    assert.equal(await readDisk(uri), legal.replace('status: todo', 'status: done'));
    await waitFor('the error to stay after the save', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
    assert.equal(statusOf(await accepted(uri), 'TASK_111'), 'todo', 'the illegal state is not accepted');
  });

  it('reports an illegal write on disk naming the tasks and moves, and its Revert restores the fields', async () => {
    const legal = board(item('TASK_121', 'todo'), item('TASK_122', 'claimed', 'alice'), item('TASK_123', 'todo'));
    const uri = await newBoard('enf-disk', legal);
    const before = await lastReport(uri);
    const illegal = board(item('TASK_121', 'done'), item('TASK_122', 'claimed', 'bob'), item('TASK_123', 'claimed', 'carol'));
    await writeDisk(uri, illegal);

    const report = await waitFor('the disk report', async () => {
      const r = await lastReport(uri);
      return r !== before && r?.file === uri.toString() && r.source === 'disk' && r;
    });
    assert.deepEqual(
      report.violations.map((v) => [v.taskId, v.code, v.move]),
      [
        ['TASK_121', 'illegal-transition', 'todo → done'],
        ['TASK_122', 'stolen-claim', 'assigned_agent alice → bob'],
      ],
    );
    assert.equal(report.reverted, false);
    assert.match(report.message, /TASK_121 todo → done/);
    await waitFor('diagnostics for the disk write', () => lifecycleDiagnostics(uri, 'stolen-claim').length === 1);
    assert.equal(statusOf(await accepted(uri), 'TASK_123'), 'claimed', 'the legal move in the same write is accepted');

    // What the notification's Revert button runs.
    const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
      '_agentTaskBoard.enforcement.revert',
      uri.toString(),
      illegal,
    );
    assert.deepEqual(result, { ok: true });
    assert.equal(await readDisk(uri), board(item('TASK_121', 'todo'), item('TASK_122', 'claimed', 'alice'), item('TASK_123', 'claimed', 'carol')));
    await waitFor('the diagnostics to go', () => lifecycleDiagnostics(uri, 'stolen-claim').length + lifecycleDiagnostics(uri, 'illegal-transition').length === 0);
  });

  it('refuses a revert computed on a text the file no longer has', async () => {
    const legal = board(item('TASK_131', 'todo'));
    const uri = await newBoard('enf-cas', legal);
    const illegal = board(item('TASK_131', 'done'));
    await writeDisk(uri, illegal);
    await waitFor('the disk violation', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
    const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
      '_agentTaskBoard.enforcement.revert',
      uri.toString(),
      board(item('TASK_131', 'in_progress')),
    );
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /changed again/);
    assert.equal(await readDisk(uri), illegal);
  });

  it('accepts a legal move written on disk without a report', async () => {
    const uri = await newBoard('enf-legal', board(item('TASK_141', 'todo')));
    const before = await lastReport(uri);
    await writeDisk(uri, board(item('TASK_141', 'claimed', 'cli-agent')));
    await waitFor('the claim to be accepted', async () => statusOf(await accepted(uri), 'TASK_141') === 'claimed');
    assert.equal(await lastReport(uri), before, 'no report for a legal move');
    assert.deepEqual(lifecycleDiagnostics(uri, 'illegal-transition'), []);
  });

  it('reverts an illegal write on disk by itself under strict', async () => {
    const legal = board(item('TASK_151', 'in_progress', 'alice'));
    const uri = await newBoard('enf-strict', legal);
    await setEnforcement('strict');
    await writeDisk(uri, board(item('TASK_151', 'claimed', 'alice')));
    const report = await waitFor('the strict report', async () => {
      const r = await lastReport(uri);
      return r?.source === 'disk' && r;
    });
    assert.equal(report.reverted, true, report.message);
    assert.match(report.message, /TASK_151 in_progress → claimed/);
    assert.equal(await readDisk(uri), legal);
  });

  it('keeps the accepted state across a restart and reports a violation made while stopped', async () => {
    const legal = board(item('TASK_161', 'claimed', 'alice'));
    const uri = await newBoard('enf-restart', legal);
    const report = await writtenWhileStopped(uri, board(item('TASK_161', 'done', 'alice')));
    assert.deepEqual(report.violations.map((v) => [v.taskId, v.move]), [['TASK_161', 'claimed → done']]);
    await waitFor('the diagnostic after the restart', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
  });

  it('keeps a deleted board\'s accepted state as entries of its own, not its last parse, and judges the board against it when it comes back', async () => {
    const uri = await newBoard('enf-gone', board(item('TASK_171', 'claimed', 'alice')));
    // Accepted whole: the entry is the parsed task itself (it has a span).
    assert.ok((await accepted(uri))?.tasks.every((t) => 'span' in t));
    await vscode.workspace.fs.delete(uri, { useTrash: false });
    const kept = await waitForDisk('the accepted state held as entries', async () => {
      const snapshot = await accepted(uri);
      return snapshot && snapshot.tasks.length > 0 && snapshot.tasks.every((t) => !('span' in t)) && snapshot;
    });
    assert.deepEqual(kept.tasks, [{ id: 'TASK_171', kind: 'board', status: 'claimed', statusText: 'claimed', assignedAgent: 'alice', title: 'Task TASK_171' }]);
    await writeDisk(uri, board(item('TASK_171', 'done', 'alice')));
    const report = await waitFor('the report of the board that came back', async () => {
      const r = await lastReport(uri);
      return r?.source === 'disk' && r.violations.length > 0 && r;
    });
    assert.deepEqual(report.violations.map((v) => [v.taskId, v.move]), [['TASK_171', 'claimed → done']]);
  });

  it('keeps two moves made in one unsaved buffer (Claim, then Start) on save', async () => {
    const legal = board(item('TASK_171', 'todo'), item('TASK_172', 'todo'));
    const uri = await newBoard('enf-two-moves', legal);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // An unsaved edit elsewhere: moves then stay in the buffer, unsaved.
    await typeOver(doc, '# TODO', '# TODO list');
    const ref = (status: string) => ({ file: uri.toString(), id: 'TASK_171', status });
    assert.deepEqual(await vscode.commands.executeCommand('agentTaskBoard.claim', ref('todo'), 'alice'), { ok: true });
    assert.deepEqual(await vscode.commands.executeCommand('agentTaskBoard.start', ref('claimed')), { ok: true });
    assert.equal(doc.isDirty, true);
    await waitFor('the accepted state to follow the moves', async () => statusOf(await accepted(uri), 'TASK_171') === 'in_progress');
    assert.equal(lifecycleDiagnostics(uri, 'illegal-transition').length, 0);
    assert.equal(await doc.save(), true);
    const disk = await readDisk(uri);
    assert.match(disk, /TASK_171: "Task TASK_171"\n {2}priority: high\n {2}assigned_agent: alice\n {2}status: in_progress/);
    assert.notEqual((await lastReport(uri))?.source, 'save', 'nothing was reverted on save');
  });

  it('accepts several legal steps seen at once when the text records them, even under strict', async () => {
    const uri = await newBoard('enf-steps', board(item('TASK_181', 'todo'), item('TASK_182', 'todo')));
    await setEnforcement('strict');
    const before = await lastReport(uri);
    const stamps = ['  claimed_at: "2026-11-02T09:00:00Z"', '  started_at: "2026-11-02T09:01:00Z"', '  completed_at: "2026-11-02T10:00:00Z"'].join('\n');
    const finished = board(item('TASK_181', 'done', 'cli-agent') + '\n' + stamps, item('TASK_182', 'todo'));
    await writeDisk(uri, finished);
    await waitForDisk('the finished task to be accepted', async () => statusOf(await accepted(uri), 'TASK_181') === 'done');
    assert.equal(await lastReport(uri), before, 'no report for recorded steps');
    assert.equal(await readDisk(uri), finished, 'nothing was reverted');
  });

  it('never reverts by itself a change found at start-up, even under strict: it reports it', async () => {
    const legal = board(item('TASK_191', 'claimed', 'alice'));
    const uri = await newBoard('enf-restart-strict', legal);
    await setEnforcement('strict');
    const illegal = board(item('TASK_191', 'done', 'alice'));
    const report = await writtenWhileStopped(uri, illegal);
    assert.equal(report.reverted, false);
    assert.deepEqual(report.violations.map((v) => [v.taskId, v.move]), [['TASK_191', 'claimed → done']]);
    assert.equal(await readDisk(uri), illegal);
  });

  // A store made here, as the extension makes one when VS Code starts: its first scan's reads are the files as
  // found, which start-up judges (and only reports); a read after it is a write on disk.
  it('a new store reads the files it first finds as found, not as writes on disk, and a write after that as one', async () => {
    const store = new TaskStore();
    const writes: string[] = [];
    const listening = store.onDidWriteOnDisk((write) => writes.push(write.file));
    try {
      await store.ready;
      assert.ok(store.files().length > 1, 'the workspace has task files');
      assert.equal(writes.length, 0, `told as writes on disk: ${writes.join(', ')}`);
      const uri = fileUri('enf-new-store');
      await writeDisk(uri, board(item('TASK_193', 'todo')));
      await waitForDisk('the write told as one', () => writes.includes(uri.toString()));
    } finally {
      listening.dispose();
      store.dispose();
      await removeFolder('enf-new-store');
    }
  });

  it('Accept New State accepts the text that was reported, not unsaved edits made since, and only while the file still has it', async () => {
    const uri = await newBoard('enf-accept', board(item('TASK_201', 'todo'), item('TASK_202', 'todo')));
    const before = await lastReport(uri);
    const reported = board(item('TASK_201', 'done'), item('TASK_202', 'todo'));
    await writeDisk(uri, reported);
    await waitForDisk('the disk report', async () => {
      const r = await lastReport(uri);
      return r !== before && r?.source === 'disk' && r;
    });
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor('the editor to show the write', () => doc.getText() === reported);
    await vscode.window.showTextDocument(doc);
    // The user types an illegal move of another task, unsaved, before answering the notification.
    const second = doc.getText().indexOf('status: todo');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(second), doc.positionAt(second + 'status: todo'.length)), 'status: done');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const stale = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('_agentTaskBoard.enforcement.accept', uri.toString(), board(item('TASK_201', 'in_progress'), item('TASK_202', 'todo')));
    assert.equal(stale.ok, false);
    assert.equal(statusOf(await accepted(uri), 'TASK_201'), 'todo', 'a text the file no longer has is not accepted');
    const result = await vscode.commands.executeCommand<{ ok: boolean }>('_agentTaskBoard.enforcement.accept', uri.toString(), reported);
    assert.equal(result.ok, true);
    const snapshot = await accepted(uri);
    assert.equal(statusOf(snapshot, 'TASK_201'), 'done', 'the reported move is accepted');
    assert.equal(statusOf(snapshot, 'TASK_202'), 'todo', 'the unsaved typed move is not');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reverts under the file lock that moves and the CLI take', async () => {
    const legal = board(item('TASK_211', 'todo'));
    const uri = await newBoard('enf-lock', legal);
    const illegal = board(item('TASK_211', 'done'));
    await writeDisk(uri, illegal);
    await waitForDisk('the disk violation', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
    const lock = `${uri.fsPath}.lock`;
    // An agent holds the lock (a live pid: this process).
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), { flag: 'wx' });
    let settled = false;
    const reverting = Promise.resolve(
      vscode.commands.executeCommand<{ ok: boolean; message?: string }>('_agentTaskBoard.enforcement.revert', uri.toString(), illegal),
    ).finally(() => (settled = true));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(settled, false, 'the revert waits for the lock');
      assert.equal(await readDisk(uri), illegal, 'nothing was written while the lock was held');
    } finally {
      fs.rmSync(lock, { force: true });
    }
    assert.deepEqual(await reverting, { ok: true });
    assert.equal(await readDisk(uri), legal);
    assert.equal(fs.existsSync(lock), false, 'the revert released the lock');
  });

  it('reverts against the accepted state as it is once it holds the lock, not as it was when it asked', async () => {
    const uri = await newBoard('enf-lock-moves', board(item('TASK_213', 'todo'), item('TASK_214', 'todo')));
    const illegal = board(item('TASK_213', 'todo'), item('TASK_214', 'done'));
    await writeDisk(uri, illegal);
    await waitForDisk('the disk violation', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
    // Open before the agent writes, as the file is once a revert has begun: its writes come as the document's reloads.
    await vscode.workspace.openTextDocument(uri);
    const lock = `${uri.fsPath}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), { flag: 'wx' });
    // As a revert of moves auto-saved in a file the user has left: no text to compare with, the file's own.
    const reverting = Promise.resolve(vscode.commands.executeCommand<{ ok: boolean; message?: string }>('_agentTaskBoard.enforcement.revert', uri.toString()));
    let agentsText = '';
    try {
      // The agent holding the lock claims TASK_213 and starts it, in two legal steps, each taken as accepted.
      for (const status of ['claimed', 'in_progress']) {
        agentsText = board(item('TASK_213', status, 'alice'), item('TASK_214', 'done'));
        await writeDisk(uri, agentsText);
        await waitForDisk(`TASK_213 ${status} accepted`, async () => statusOf(await accepted(uri), 'TASK_213') === status);
      }
    } finally {
      fs.rmSync(lock, { force: true });
    }
    assert.deepEqual(await reverting, { ok: true });
    assert.equal(await readDisk(uri), board(item('TASK_213', 'in_progress', 'alice'), item('TASK_214', 'todo')), 'only the illegal move was put back');
  });

  it('refuses a revert while the editor has not shown a write on disk of the same size, and keeps that write', async () => {
    const uri = await newBoard('enf-lagging-model', board(item('TASK_217', 'todo'), item('TASK_218', 'todo')));
    const illegal = board(item('TASK_217', 'todo'), item('TASK_218', 'done'));
    await writeDisk(uri, illegal);
    await waitForDisk('the disk violation', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), illegal);
    // A write of the same size that keeps the file's time: the editor keeps its model, as it does for a quick
    // agent's write it has not reloaded yet. A save of the model would put TASK_217's priority back.
    const { mtime, atime } = fs.statSync(uri.fsPath);
    const agents = illegal.replace('priority: high', 'priority: crit');
    fs.writeFileSync(uri.fsPath, agents);
    fs.utimesSync(uri.fsPath, atime, mtime);
    await waitForDisk('the store to read the write', async () =>
      (await vscode.commands.executeCommand<string | undefined>('_agentTaskBoard.enforcement.storeText', uri.toString())) === agents,
    20_000);
    assert.equal(doc.getText(), illegal, 'the editor still shows the text before the write');
    const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('_agentTaskBoard.enforcement.revert', uri.toString(), illegal);
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /changed again since the violation was reported; nothing was reverted/);
    assert.equal(await readDisk(uri), agents);
    // The refusal refreshed the store from the disk, not from the editor's old text.
    assert.equal(await vscode.commands.executeCommand<string | undefined>('_agentTaskBoard.enforcement.storeText', uri.toString()), agents);
  });

  it('reverts an illegal write on disk in a file with a BOM that is open in a clean editor, keeping the BOM', async () => {
    const bom = '\uFEFF';
    const legal = board(item('TASK_219', 'todo'));
    const uri = await newBoard('enf-bom', bom + legal);
    const doc = await vscode.workspace.openTextDocument(uri);
    await writeDisk(uri, bom + board(item('TASK_219', 'done')));
    await waitForDisk('the disk violation', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
    const reported = await vscode.commands.executeCommand<string>('_agentTaskBoard.enforcement.storeText', uri.toString());
    assert.deepEqual(await vscode.commands.executeCommand('_agentTaskBoard.enforcement.revert', uri.toString(), reported), { ok: true });
    assert.equal(doc.getText(), legal);
    const bytes = await vscode.workspace.fs.readFile(uri);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
    assert.equal(new TextDecoder().decode(bytes), legal);
  });

  it('accepts the reported text of a file with a BOM that no editor holds', async () => {
    const bom = '\uFEFF';
    const uri = await newBoard('enf-bom-accept', bom + board(item('TASK_220', 'todo')));
    await writeDisk(uri, bom + board(item('TASK_220', 'done')));
    await waitForDisk('the disk violation', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
    const reported = await vscode.commands.executeCommand<string>('_agentTaskBoard.enforcement.storeText', uri.toString());
    assert.deepEqual(await vscode.commands.executeCommand('_agentTaskBoard.enforcement.accept', uri.toString(), reported), { ok: true });
    assert.equal(statusOf(await accepted(uri), 'TASK_220'), 'done');
  });

  it('judges a write on disk that a document opened before the file watcher told of it', async () => {
    const uri = await newBoard('enf-open-race', board(item('TASK_216', 'todo')));
    // The document's text is the write; the watcher's event, when it comes, finds the store already holding it.
    fs.writeFileSync(uri.fsPath, board(item('TASK_216', 'claimed', 'alice')));
    await vscode.workspace.openTextDocument(uri);
    await waitForDisk('TASK_216 claimed accepted', async () => statusOf(await accepted(uri), 'TASK_216') === 'claimed', 20_000);
  });

  it('under auto-save, leaves a typed illegal move as an error while the user is in the file, and puts it back when they leave', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Workspace);
    await files.update('autoSaveDelay', 200, vscode.ConfigurationTarget.Workspace);
    try {
      const legal = board(item('TASK_221', 'todo'));
      const uri = await newBoard('enf-autosave', legal);
      const other = vscode.Uri.joinPath(uri, '..', 'notes.md');
      await writeDisk(other, '# notes\n');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      await typeOver(doc, 'status: todo', 'status: done');
      await waitFor('the auto-save', async () => !doc.isDirty && (await readDisk(uri)).includes('status: done'));
      await waitFor('the error on the line', () => lifecycleDiagnostics(uri, 'illegal-transition').length === 1);
      // Well past the auto-save: nothing was put back under the cursor, and no toast said so.
      await new Promise((r) => setTimeout(r, 1500));
      assert.match(doc.getText(), /status: done/);
      assert.equal(await lastReport(uri), undefined);

      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other));
      await waitFor('the move put back once the user left the file', async () => (await readDisk(uri)) === legal);
      const report = await waitFor('the report', async () => (await lastReport(uri)) ?? false);
      assert.equal(report.reverted, true);
      assert.match(report.message, /put back when you left it: TASK_221 todo → done/);
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Workspace);
      await removeFolder('enf-autosave');
    }
  });

  // The editor's writer tells enforcement what it wrote (editorWrites.ts): the move's save events, the
  // watcher and the reload bring the same text back, and none of them takes it a second time.
  it('takes a saved move into the accepted state once', async () => {
    const uri = await newBoard('enf-one-move', board(item('TASK_231', 'todo'), item('TASK_232', 'todo')));
    const writes = (): Thenable<number> => vscode.commands.executeCommand<number>('_agentTaskBoard.enforcement.acceptedWrites', uri.toString());
    const before = await writes();
    const ref = { file: uri.toString(), id: 'TASK_231', status: 'todo' };
    assert.deepEqual(await vscode.commands.executeCommand('agentTaskBoard.claim', ref, 'alice'), { ok: true });
    assert.match(await readDisk(uri), /TASK_231: "Task TASK_231"\n {2}priority: high\n {2}assigned_agent: alice\n {2}status: claimed/);
    assert.equal(statusOf(await accepted(uri), 'TASK_231'), 'claimed');
    assert.equal(await writes(), before + 1, 'the move replaced the accepted state once');
    // A later legal write on disk is taken once too, after whatever the move's save set going has landed.
    const next = (await readDisk(uri)).replace('assigned_agent:\n  status: todo', 'assigned_agent: bob\n  status: claimed');
    await writeDisk(uri, next);
    await waitForDisk('the write on disk accepted', async () => statusOf(await accepted(uri), 'TASK_232') === 'claimed');
    assert.equal(await writes(), before + 2, 'the move once, the write on disk once');
    assert.equal(await lastReport(uri), undefined);
  });

  it('takes a revert into the accepted state once', async () => {
    const legal = board(item('TASK_241', 'todo'));
    const uri = await newBoard('enf-one-revert', legal);
    const writes = (): Thenable<number> => vscode.commands.executeCommand<number>('_agentTaskBoard.enforcement.acceptedWrites', uri.toString());
    const illegal = board(item('TASK_241', 'done'));
    await writeDisk(uri, illegal);
    await waitForDisk('the disk report', async () => (await lastReport(uri))?.source === 'disk');
    const before = await writes();
    const result = await vscode.commands.executeCommand<{ ok: boolean }>('_agentTaskBoard.enforcement.revert', uri.toString(), illegal);
    assert.deepEqual(result, { ok: true });
    assert.equal(await readDisk(uri), legal);
    assert.equal(await writes(), before + 1, 'the revert replaced the accepted state once');
    assert.equal(statusOf(await accepted(uri), 'TASK_241'), 'todo');
  });
});
