// The repository's own lifecycle in the real extension host: a
// `.agent-task-board.yml` with review and blocked gives the board a column per
// main status and a chip for blocked, drops only where the lifecycle allows,
// the tree its groups and menus, and enforcement reverts what it forbids on
// save. A bad file keeps the last good lifecycle; no file is the default one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { BoardSnapshot } from '../../src/extension/board/boardPanel';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import { nudgeRescan, waitFor, waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';
const FOLDER = 'life-flow';

const SETTINGS = `lifecycle:
  - todo
  - claimed
  - in_progress
  - review
  - done
side_statuses:
  blocked: [claimed, in_progress]
  cancelled: any
status_aliases:
  in-review: review
`;

function item(id: string, status: string, agent = ''): string {
  return [`- ${id}: "Flow task ${id}"`, `  assigned_agent:${agent ? ` ${agent}` : ''}`, `  status: ${status}`].join('\n');
}

const BOARD = ['# TODO', '', '```yaml', [item('FLOW_1', 'in_progress', 'ann'), item('FLOW_2', 'blocked', 'bob'), item('FLOW_3', 'todo'), item('FLOW_4', 'in-review', 'carl'), item('FLOW_5', 'in_progress', 'dee')].join('\n\n'), '```', ''].join('\n');

function root(): vscode.Uri {
  return vscode.workspace.workspaceFolders![0]!.uri;
}
const settingsUri = (): vscode.Uri => vscode.Uri.joinPath(root(), '.agent-task-board.yml');
const boardUri = (): vscode.Uri => vscode.Uri.joinPath(root(), FOLDER, 'TODO.md');
const key = (id: string): string => `${boardUri().toString()}#${id}`;

function boardSnapshot(): Thenable<BoardSnapshot | undefined> {
  return vscode.commands.executeCommand<BoardSnapshot | undefined>('_agentTaskBoard.boardSnapshot');
}

function treeSnapshot(): Thenable<TreeSnapshot> {
  return vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
}

function findRow(rows: readonly TreeSnapshotRow[], start: string): TreeSnapshotRow | undefined {
  for (const r of rows) {
    if (r.label.startsWith(start)) return r;
    const inner = findRow(r.children, start);
    if (inner) return inner;
  }
  return undefined;
}

const send = (message: unknown): Thenable<void> => vscode.commands.executeCommand('_agentTaskBoard.boardReceive', message);

async function setEnforcement(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('agentTaskBoard').update('enforcement', value, vscode.ConfigurationTarget.Workspace);
}

describe('the repository lifecycle (.agent-task-board.yml)', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    fs.mkdirSync(vscode.Uri.joinPath(root(), FOLDER).fsPath, { recursive: true });
    fs.writeFileSync(boardUri().fsPath, BOARD);
    fs.writeFileSync(settingsUri().fsPath, SETTINGS);
    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
  });

  after(async () => {
    await setEnforcement(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(settingsUri().fsPath, { force: true });
    fs.rmSync(vscode.Uri.joinPath(root(), FOLDER).fsPath, { recursive: true, force: true });
    await nudgeRescan();
    await waitForDisk('the default lifecycle back', async () => {
      const snap = await treeSnapshot();
      return !snap.rows.some((r) => r.label.startsWith('Review')) && !findRow(snap.rows, 'FLOW_');
    });
  });

  it('gives the board a column per main status, review among them, and blocked as a chip in its column', async () => {
    // A new folder's file: the watcher may be slow to tell, so this wait asks the store to rescan.
    const snap = await waitForDisk('review on the board', async () => {
      const s = await boardSnapshot();
      return s?.pageReady && s.columns.review?.includes(key('FLOW_4')) && s;
    });
    assert.deepEqual(Object.keys(snap.columns), ['todo', 'claimed', 'in_progress', 'review', 'done']);
    assert.ok(snap.columns.in_progress!.includes(key('FLOW_1')));
    // Blocked is no column: the card stays in the last column it is entered from, and says so.
    assert.ok(snap.columns.in_progress!.includes(key('FLOW_2')));
    assert.equal(snap.sides[key('FLOW_2')], 'blocked');
  });

  it('groups the tree by the lifecycle, and offers only the legal moves in its menus', async () => {
    const snap = await waitForDisk('the Review group', async () => {
      const s = await treeSnapshot();
      return s.rows.some((r) => r.label.startsWith('Review')) && findRow(s.rows, 'FLOW_4') && s;
    });
    const groups = snap.rows.map((r) => r.label.replace(/ \(\d+\)$/, ''));
    assert.deepEqual(groups.slice(0, 5), ['To Do', 'Claimed', 'In Progress', 'Review', 'Done']);
    assert.ok(groups.includes('Blocked'), groups.join(', '));
    const inProgress = findRow(snap.rows, 'FLOW_1')!.contextValue!;
    assert.match(inProgress, /\.can-move/);
    assert.doesNotMatch(inProgress, /\.can-complete/);
    assert.match(findRow(snap.rows, 'FLOW_4')!.contextValue!, /^task\.board\.review\.can-complete\b/);
    assert.match(findRow(snap.rows, 'FLOW_2')!.contextValue!, /^task\.board\.blocked\.(.*\.)?can-release\b/);
  });

  it('refuses a drop from in progress onto Done, where review comes first, and takes one onto Review', async () => {
    await send({ type: 'move', key: key('FLOW_1'), from: 'in_progress', to: 'done' });
    let snap = await boardSnapshot();
    assert.equal(snap?.lastResult?.ok, false);
    assert.match(snap?.lastResult?.message ?? '', /FLOW_1: A task cannot move from In progress to Done: the lifecycle is To do → Claimed → In progress → Review → Done\. From In progress it can go to Review or Blocked or Cancelled or To do\./);
    assert.match(fs.readFileSync(boardUri().fsPath, 'utf8'), /FLOW_1[^-]*status: in_progress/);

    await send({ type: 'move', key: key('FLOW_1'), from: 'in_progress', to: 'review' });
    snap = await boardSnapshot();
    assert.deepEqual(snap?.lastResult, { type: 'moveResult', key: key('FLOW_1'), ok: true, undoable: true });
    assert.match(fs.readFileSync(boardUri().fsPath, 'utf8'), /FLOW_1"\n {2}assigned_agent: ann\n {2}status: review\n/);
    await waitFor('FLOW_1 in Review on the board', async () => (await boardSnapshot())?.columns.review?.includes(key('FLOW_1')));
    // Back from blocked to where it was: legal.
    await send({ type: 'move', key: key('FLOW_2'), from: 'blocked', to: 'in_progress' });
    assert.equal((await boardSnapshot())?.lastResult?.ok, true, JSON.stringify((await boardSnapshot())?.lastResult));
  });

  it('reverts on save a typed in_progress → done, and keeps a typed in_progress → review', async () => {
    await setEnforcement('revert');
    const doc = await vscode.workspace.openTextDocument(boardUri());
    await vscode.window.showTextDocument(doc);
    const type = async (from: string, to: string): Promise<void> => {
      const at = doc.getText().indexOf(from);
      assert.ok(at >= 0, from);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    const legal = doc.getText();
    await type('assigned_agent: dee\n  status: in_progress', 'assigned_agent: dee\n  status: done');
    await waitFor('the illegal-transition diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).some((d) => typeof d.code === 'object' && d.code.value === 'illegal-transition' && /FLOW_5 moved in_progress → done/.test(d.message)),
    );
    assert.ok(await doc.save());
    assert.equal(fs.readFileSync(boardUri().fsPath, 'utf8'), legal, 'the save put in_progress back');
    await type('assigned_agent: dee\n  status: in_progress', 'assigned_agent: dee\n  status: review');
    assert.ok(await doc.save());
    await new Promise((r) => setTimeout(r, 500));
    assert.match(fs.readFileSync(boardUri().fsPath, 'utf8'), /assigned_agent: dee\n {2}status: review\n/, 'a legal step stays');
  });

  it('asks which agent when a move takes hold of a task by a way round the claim (parked → claimed)', async () => {
    await setEnforcement(undefined);
    fs.writeFileSync(settingsUri().fsPath, SETTINGS.replace('  cancelled: any\n', '  cancelled: any\n  parked: [todo, claimed]\n'));
    const board = fs.readFileSync(boardUri().fsPath, 'utf8');
    fs.writeFileSync(boardUri().fsPath, board.replace('\n```\n', `\n\n${item('FLOW_6', 'parked')}\n\`\`\`\n`));
    await waitForDisk('FLOW_6 parked in the tree', async () => (await treeSnapshot()).rows.some((r) => r.label.startsWith('Parked') && findRow(r.children, 'FLOW_6')));
    // Parked is entered from todo, so nobody holds a parked task: claimed from there is a claim, and asks for its agent.
    let done = false;
    const moving = Promise.resolve(vscode.commands.executeCommand('agentTaskBoard.moveTo', { file: boardUri().toString(), id: 'FLOW_6', status: 'parked' }, 'claimed')).finally(() => (done = true));
    await waitFor('the agent picker taken', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 100));
      return done;
    });
    const result = (await moving) as { ok: boolean; message?: string } | undefined;
    assert.equal(result?.ok, true, result?.message);
    assert.match(fs.readFileSync(boardUri().fsPath, 'utf8'), /FLOW_6"\n {2}assigned_agent: \S+\n {2}status: claimed\n/);
  });

  it('takes a drop onto a column whose status is not written in ASCII (révision)', async () => {
    fs.writeFileSync(settingsUri().fsPath, SETTINGS.replace('  - review\n', '  - révision\n').replace('in-review: review', 'in-review: révision'));
    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
    await waitFor('the révision column', async () => (await boardSnapshot())?.columns['révision'] !== undefined);
    await send({ type: 'move', key: key('FLOW_2'), from: 'in_progress', to: 'révision' });
    assert.equal((await boardSnapshot())?.lastResult?.ok, true, JSON.stringify((await boardSnapshot())?.lastResult));
    assert.match(fs.readFileSync(boardUri().fsPath, 'utf8'), /FLOW_2"\n {2}assigned_agent: bob\n {2}status: révision\n/);
    await waitFor('FLOW_2 in révision on the board', async () => (await boardSnapshot())?.columns['révision']?.includes(key('FLOW_2')));
    // The lifecycle of the tests before, for the tests after.
    fs.writeFileSync(settingsUri().fsPath, SETTINGS);
    await waitFor('the Review group back', async () => (await treeSnapshot()).rows.some((r) => r.label.startsWith('Review')));
  });

  it('keeps the last good lifecycle while the file has an error, with the error on its line', async () => {
    fs.writeFileSync(settingsUri().fsPath, 'lifecycle:\n  - todo\n  - done\nside_statuses:\n  done: any\n');
    const diagnostics = await waitFor('the settings diagnostics', () => {
      const found = vscode.languages.getDiagnostics(settingsUri());
      return found.length >= 2 && found;
    });
    assert.ok(diagnostics.some((d) => d.range.start.line === 4 && d.severity === vscode.DiagnosticSeverity.Error && /"done" is in two places/.test(d.message)));
    assert.ok(diagnostics.some((d) => d.range.start.line === 0 && /the last good lifecycle/.test(d.message)));
    const snap = await treeSnapshot();
    assert.ok(snap.rows.some((r) => r.label.startsWith('Review')), 'review is still a group');
  });

  it('goes back to the default lifecycle when the file is gone: review is then no status', async () => {
    fs.rmSync(settingsUri().fsPath);
    const snap = await waitFor('no Review group', async () => {
      const s = await treeSnapshot();
      return !s.rows.some((r) => r.label.startsWith('Review')) && findRow(s.rows, 'FLOW_4') && s;
    });
    assert.match(findRow(snap.rows, 'FLOW_4')!.description ?? '', /status "in-review"\?/);
    await waitFor('the settings diagnostics gone', () => vscode.languages.getDiagnostics(settingsUri()).length === 0);
    // The editor took the board's place in its group: show the board again, so it gets the new columns.
    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
    const board = await waitFor('four columns again', async () => {
      const s = await boardSnapshot();
      return s && Object.keys(s.columns).length === 4 && s;
    });
    assert.deepEqual(Object.keys(board.columns), ['todo', 'claimed', 'in_progress', 'done']);
  });
});
