// A checkbox board and a table board in the real extension host: the Tasks
// tree and the board show their tasks in the columns their headings, boxes and
// Status cells say, and a drop on the board writes the file's own shape (the
// box ticked and the item moved under the done heading; the Status cell
// rewritten in its padding).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { BoardSnapshot } from '../../src/extension/board/boardPanel';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import { waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

const CHECKBOX = [
  '# Release board',
  '',
  '## Active / In Progress',
  '',
  '- [ ] **R12 / v2.4 search index rebuild** behind a flag',
  '  - Verified on staging.',
  '',
  '## Recently Completed',
  '',
  '- [x] Rotate the signing keys',
  '',
  '## Phase 2：Later',
  '',
  '- [ ] Move the docs site',
  '',
].join('\n');

const TABLE = [
  '# TODO',
  '',
  '| ID  | Title                | Status      | Priority | Owner   |',
  '| --- | -------------------- | ----------- | -------- | ------- |',
  '| 006 | Cache the search API | In Progress | P1       | planner |',
  '| 007 | Export to CSV        | Backlog     | P2       |         |',
  '',
].join('\n');

function uri(relative: string): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return vscode.Uri.joinPath(f.uri, ...relative.split('/'));
}

function treeTasks(rows: readonly TreeSnapshotRow[], file: string, out: string[] = []): string[] {
  for (const r of rows) {
    if (r.node.type === 'task' && r.node.task.file === file) out.push(`${r.node.task.id} ${r.node.task.status ?? '?'} ${r.contextValue ?? ''}`);
    treeTasks(r.children, file, out);
  }
  return out;
}

async function board(): Promise<BoardSnapshot | undefined> {
  return vscode.commands.executeCommand<BoardSnapshot | undefined>('_agentTaskBoard.boardSnapshot');
}

function column(snap: BoardSnapshot, file: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [status, keys] of Object.entries(snap.columns)) {
    const mine = keys.filter((k) => k.startsWith(`${file}#`)).map((k) => k.slice(file.length + 1));
    if (mine.length) out[status] = mine;
  }
  return out;
}

describe('Checkbox and table boards', function () {
  this.timeout(120_000);
  const checkbox = uri('shapes-checkbox/TODO.md');
  const table = uri('shapes-table/TODO.md');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    fs.mkdirSync(uri('shapes-checkbox').fsPath, { recursive: true });
    fs.mkdirSync(uri('shapes-table').fsPath, { recursive: true });
    fs.writeFileSync(checkbox.fsPath, CHECKBOX);
    fs.writeFileSync(table.fsPath, TABLE);
    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(uri('shapes-checkbox').fsPath, { recursive: true, force: true });
    fs.rmSync(uri('shapes-table').fsPath, { recursive: true, force: true });
  });

  it('lists their tasks in the tree, with the moves their lifecycle allows', async () => {
    const tree = async (): Promise<TreeSnapshot> => (await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot'))!;
    const rows = await waitForDisk('the two boards in the tree', async () => {
      const snap = await tree();
      const found = [...treeTasks(snap.rows, checkbox.toString()), ...treeTasks(snap.rows, table.toString())];
      return found.length === 5 ? found.sort() : undefined;
    });
    assert.deepEqual(rows, [
      '006 in_progress task.board.in_progress.can-complete.can-release',
      '007 todo task.board.todo.can-claim',
      'R12 in_progress task.checklist.in_progress.can-complete.can-release',
      'move-the-docs-site todo task.checkbox.todo.can-complete',
      'rotate-the-signing-keys done task.checklist.done',
    ]);
  });

  it('puts them on the board in their columns, and a drop writes the box and the Status cell', async () => {
    const snap = await waitForDisk('the two boards on the board', async () => {
      const s = await board();
      return s?.pageReady && Object.keys(column(s, checkbox.toString())).length > 0 && Object.keys(column(s, table.toString())).length > 0 ? s : undefined;
    });
    assert.deepEqual(column(snap, checkbox.toString()), { todo: ['move-the-docs-site'], in_progress: ['R12'], done: ['rotate-the-signing-keys'] });
    assert.deepEqual(column(snap, table.toString()), { todo: ['007'], in_progress: ['006'] });

    await vscode.commands.executeCommand('_agentTaskBoard.boardReceive', { type: 'move', key: `${checkbox.toString()}#R12`, from: 'in_progress', to: 'done' });
    assert.deepEqual((await board())?.lastResult, { type: 'moveResult', key: `${checkbox.toString()}#R12`, ok: true, undoable: true });
    assert.equal(
      fs.readFileSync(checkbox.fsPath, 'utf8'),
      CHECKBOX.replace('- [ ] **R12 / v2.4 search index rebuild** behind a flag\n  - Verified on staging.\n', '').replace(
        '- [x] Rotate the signing keys\n',
        '- [x] Rotate the signing keys\n- [x] **R12 / v2.4 search index rebuild** behind a flag\n  - Verified on staging.\n',
      ),
    );

    // A box with no status heading: ticking is its one move.
    await vscode.commands.executeCommand('_agentTaskBoard.boardReceive', { type: 'move', key: `${checkbox.toString()}#move-the-docs-site`, from: 'todo', to: 'done' });
    assert.equal((await board())?.lastResult?.ok, true);
    assert.ok(fs.readFileSync(checkbox.fsPath, 'utf8').includes('## Phase 2：Later\n\n- [x] Move the docs site\n'));

    await vscode.commands.executeCommand('_agentTaskBoard.boardReceive', { type: 'move', key: `${table.toString()}#006`, from: 'in_progress', to: 'done' });
    assert.equal((await board())?.lastResult?.ok, true);
    assert.equal(fs.readFileSync(table.fsPath, 'utf8'), TABLE.replace('| 006 | Cache the search API | In Progress |', '| 006 | Cache the search API | Done        |'));
    await waitForDisk('the moved cards in Done', async () => {
      const s = await board();
      return s && column(s, table.toString()).done?.includes('006') && column(s, checkbox.toString()).done?.length === 3;
    });
  });
});
