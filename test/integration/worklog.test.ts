// Work-log entries next to their tasks, in the real extension host: children in
// the Tasks tree, the Work Log view, the rendered entry panel, and the hover
// and CodeLens on task ids in TODO.md.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import type { WorkLogSnapshotRow } from '../../src/extension/workLog/registerWorkLog';
import { demoTreeRow as row } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

function todoUri(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return vscode.Uri.joinPath(f.uri, 'TODO.md');
}

async function taskRow(labelStart: string): Promise<TreeSnapshotRow> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
    const found = row(snap.rows, labelStart);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no row ${labelStart}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    // appendText escapes markdown and keeps spaces as &nbsp;: read it back as plain text.
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

describe('Work log in the sidebar and the editor', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand('agentTaskBoard.groupByStatus');
    await vscode.commands.executeCommand('agentTaskBoard.clearFilter');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a task\'s linked entries as its children (time and summary)', async () => {
    // The row can be there before the work log is read: wait for its children.
    const t001 = await waitFor('TASK_001 entries', async () => {
      const r = await taskRow('TASK_001');
      return r.children.length > 0 ? r : undefined;
    });
    const entries = t001.children.filter((c) => c.contextValue === 'workLogEntry');
    assert.ok(entries.length >= 1, `TASK_001 has no entry children: ${JSON.stringify(t001.children.map((c) => c.label))}`);
    const first = entries[0]!;
    assert.match(first.label, /2026-11-02 15:40/);
    assert.equal(first.description, 'Designed the users and sessions tables and their first migration.');
    assert.equal(first.icon, 'notebook');
  });

  it('lists an entry about another task that names this one apart, as "mentioned in"', async () => {
    const t002 = await waitFor('TASK_002 entries', async () => {
      const r = await taskRow('TASK_002');
      return r.children.length > 1 ? r : undefined;
    });
    const rows = t002.children.map((c) => [c.contextValue, c.label, c.icon]);
    // TASK_001's entry says it "unblocks TASK_002": TASK_002's own entry first, then that mention.
    assert.deepEqual(rows, [
      ['workLogEntry', '2026-11-03 18:05 UTC', 'notebook'],
      ['workLogMention', 'mentioned in 2026-11-02 15:40 UTC', 'link'],
    ]);
  });

  it('opens an entry rendered with markdown-it, raw HTML shown as text', async () => {
    const t001 = await taskRow('TASK_001');
    const entry = t001.children.find((c) => c.contextValue === 'workLogEntry');
    assert.ok(entry);
    await vscode.commands.executeCommand('_agentTaskBoard.openWorkLogEntry', entry.node);
    const html = await vscode.commands.executeCommand<string>('_agentTaskBoard.workLogPanelHtml');
    assert.ok(html, 'no panel html');
    assert.match(html, /<strong>Task Summary<\/strong>/);
    assert.match(html, /<code>db\/migrations\/0001_users_sessions.sql<\/code>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(html, /<script/);
  });

  it('shows raw HTML an agent wrote in an entry as text, never as markup', async () => {
    const log = vscode.Uri.joinPath(todoUri(), '..', 'BACKEND_WORK_LOG.md').fsPath;
    const original = fs.readFileSync(log);
    try {
      fs.appendFileSync(
        log,
        '\n---\n\n## 2026-11-05 09:00 UTC — Spec draft (TASK_005)\n\n**Task Summary**: Drafted <script>alert(1)</script> the spec <img src=x onerror=alert(2)>.\n',
      );
      const t005 = await waitFor('TASK_005 entry', async () => {
        const r = await taskRow('TASK_005');
        return r.children.find((c) => c.contextValue === 'workLogEntry' && c.label.startsWith('2026-11-05'));
      });
      await vscode.commands.executeCommand('_agentTaskBoard.openWorkLogEntry', t005.node);
      const html = await vscode.commands.executeCommand<string>('_agentTaskBoard.workLogPanelHtml');
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /&lt;img src=x onerror=alert\(2\)&gt;/);
      assert.doesNotMatch(html, /<script|<img/);
    } finally {
      fs.writeFileSync(log, original);
      await waitFor('entry gone', async () => ((await taskRow('TASK_005')).children.length === 0 ? true : undefined));
    }
  });

  it('lists every entry newest first in the Work Log view, with fields as children', async () => {
    const rows = await vscode.commands.executeCommand<WorkLogSnapshotRow[]>('_agentTaskBoard.workLogSnapshot');
    assert.deepEqual(
      rows.map((r) => r.label.slice(0, 16)),
      ['2026-11-03 18:05', '2026-11-02 15:40'],
    );
    assert.equal(rows[0]!.description, 'Endpoint skeleton with request validation.');
    const fields = rows[0]!.children.map((c) => c.label);
    assert.equal(fields[0], 'Task Summary');
    assert.ok(fields.includes('API Changes'), fields.join(', '));
    assert.ok(fields.includes('Potential Issues'), fields.join(', '));
  });

  it('hovers a task id in TODO.md with its entries, and puts a CodeLens above it', async () => {
    const doc = await vscode.workspace.openTextDocument(todoUri());
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('TASK_001:'));
    const column = doc.lineAt(line).text.indexOf('TASK_001') + 3;

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, column));
    const text = hoverText(hovers);
    assert.match(text, /TASK_001: 1 work-log entry/);
    assert.match(text, /Designed the users and sessions tables/);

    const noHover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0));
    assert.doesNotMatch(hoverText(noHover), /work-log entr/);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const ours = lenses.filter((l) => l.command?.command === '_agentTaskBoard.showWorkLogEntries');
    const onTask001 = ours.find((l) => l.range.start.line === line);
    assert.ok(onTask001, `no lens on line ${line}: ${ours.map((l) => `${l.range.start.line}:${l.command?.title}`).join(', ')}`);
    assert.equal(onTask001.command?.title, '1 work-log entry');
    // Tasks no entry names get no lens.
    const t007 = doc.getText().split('\n').findIndex((l) => l.includes('TASK_007:'));
    assert.equal(ours.find((l) => l.range.start.line === t007), undefined);
  });
});
