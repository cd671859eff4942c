// What a new user reads in the sidebar, in the real extension host: a done
// task's check does not look like a failure, counts are in the singular when
// there is one, work-log rows show text rather than markdown punctuation, a
// task file in which nothing could be read is named, and the tree's context
// menu commands do what they say.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import type { WorkLogSnapshotRow } from '../../src/extension/workLog/registerWorkLog';
import { demoTreeRow, waitFor, waitForDisk } from './support';

const snapshot = (): Thenable<TreeSnapshot> => vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

async function demoRow(labelStart: string): Promise<TreeSnapshotRow> {
  return waitFor(`tree row ${labelStart}`, async () => demoTreeRow((await snapshot()).rows, labelStart));
}

function flatten(rows: readonly WorkLogSnapshotRow[]): WorkLogSnapshotRow[] {
  return rows.flatMap((r) => [r, ...flatten(r.children)]);
}

describe('First run: what the sidebar says', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.extensions.getExtension('agent-task-board.agent-task-board')?.activate();
  });

  it('shows a done high-priority task with a green check, and one work-log entry in the singular', async () => {
    const row = await demoRow('TASK_001:');
    assert.equal(row.node.type === 'task' && row.node.task.priority, 'high');
    assert.equal(row.icon, 'pass-filled');
    assert.equal(row.iconColor, 'charts.green');
    // The tooltip is markdown with its text escaped (`&nbsp;`, `\-`): read as the hover shows it.
    const tooltip = (row.tooltip ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(tooltip, /\b1 work-log entry\b/);
    assert.doesNotMatch(tooltip, /1 work-log entries/);
  });

  it('shows work-log text without its markdown marks in the Work Log view', async () => {
    const log = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'BACKEND_WORK_LOG.md'));
    assert.match(Buffer.from(log).toString('utf8'), /`src\/db\/schema\.ts`/, 'the demo log writes code spans');
    const rows = flatten(await vscode.commands.executeCommand<WorkLogSnapshotRow[]>('_agentTaskBoard.workLogSnapshot'));
    const files = rows.find((r) => r.label === 'Files Modified/Created' && /schema\.ts/.test(r.description ?? ''));
    assert.ok(files, `no Files Modified/Created row naming schema.ts: ${rows.map((r) => r.label).join(', ')}`);
    assert.match(files.description ?? '', /src\/db\/schema\.ts — typed table definitions/);
    const marked = rows.filter((r) => /[`]|\*\*/.test(`${r.label} ${r.description ?? ''}`));
    assert.deepEqual(marked.map((r) => `${r.label}: ${r.description}`), []);
  });

  it('names a task file in which no task could be read, until it holds one', async () => {
    const file = vscode.Uri.joinPath(folder(), 'firstrun-plain', 'TODO.md');
    // Prose only: no YAML item, no checkbox, no task table (a checkbox list is a board of its own now).
    await vscode.workspace.fs.writeFile(file, Buffer.from('# TODO\n\nNotes for later: write the docs, then ship it.\n'));
    try {
      const message = await waitForDisk('the tree to name firstrun-plain/TODO.md', async () => {
        const m = (await snapshot()).message;
        return m?.includes('firstrun-plain/TODO.md') ? m : undefined;
      });
      assert.match(message, /No tasks could be read in firstrun-plain\/TODO\.md: a board holds YAML items/);
      await vscode.workspace.fs.writeFile(file, Buffer.from('# TODO\n\n- FR_001: "Write the docs"\n  status: todo\n'));
      await waitForDisk('the message to go once the file holds a task', async () => !(await snapshot()).message?.includes('firstrun-plain'));
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'firstrun-plain'), { recursive: true });
    }
  });

  it('names files in Problems messages by their workspace path, not a file:// URI', async () => {
    const dir = vscode.Uri.joinPath(folder(), 'firstrun-diag');
    const file = vscode.Uri.joinPath(dir, '.claude', 'tasks', 'writer-tasks.md');
    // A checklist with status sections: a heading that is none of them and holds items is flagged. (With no status
    // heading at all, the headings are phases and each box is its item's status.)
    await vscode.workspace.fs.writeFile(file, Buffer.from('# writer\n\n## To Do\n\n- [ ] outline the guide\n\n## Someday\n\n- [ ] draft the guide\n'));
    try {
      const diagnostic = await waitForDisk('a diagnostic on the unknown heading', () =>
        vscode.languages.getDiagnostics(file).find((d) => /not a checklist section/.test(d.message)),
      );
      assert.match(diagnostic.message, /^firstrun-diag\/\.claude\/tasks\/writer-tasks\.md: heading "Someday"/);
      assert.doesNotMatch(diagnostic.message, /file:/);
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  it('copies a task id from the context menu command', async () => {
    const row = await demoRow('TASK_004:');
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('agentTaskBoard.copyTaskId', row.node);
    assert.equal(await vscode.env.clipboard.readText(), 'TASK_004');
  });
});
