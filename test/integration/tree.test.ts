// The Tasks tree in the real extension host, on the demo workspace: what the
// TreeDataProvider shows, grouping and filters, a write on disk reaching the
// tree, and Claim from the tree (exact text, one undo, compare-and-swap).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import type { MoveResult } from '../../src/extension/taskMover';
import { taskRowIn, typeOver, waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

function todoUri(): vscode.Uri {
  return vscode.Uri.joinPath(folder(), 'TODO.md');
}

async function snapshot(): Promise<TreeSnapshot> {
  const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
  assert.ok(snap, 'the tree snapshot command returned nothing');
  return snap;
}

function group(snap: TreeSnapshot, labelStart: string): TreeSnapshotRow {
  const found = snap.rows.find((r) => r.label.startsWith(labelStart));
  assert.ok(found, `no group "${labelStart}" in ${snap.rows.map((r) => r.label).join(', ')}`);
  return found;
}

/** The first row whose label starts with `labelStart`: a group, or a task of the demo files (other suites' boards reuse the ids). */
function row(rows: readonly TreeSnapshotRow[], labelStart: string): TreeSnapshotRow | undefined {
  for (const r of rows) {
    const foreign = r.node.type === 'task' && !demoFiles().has(r.node.task.file);
    if (foreign) continue;
    if (r.label.startsWith(labelStart)) return r;
    const inner = row(r.children, labelStart);
    if (inner) return inner;
  }
  return undefined;
}

/** Polls the tree until `check` holds (the watcher and the throttle take a few hundred ms). */
async function until(what: string, check: (snap: TreeSnapshot) => boolean, timeoutMs = 10_000): Promise<TreeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snap = await snapshot();
    if (check(snap)) return snap;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}\n${JSON.stringify(labels(snap), null, 1)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the tree shows of the demo files (group names without counts, since other suites' files count too). */
function labels(snap: TreeSnapshot): unknown {
  const files = demoFiles();
  const walk = (rows: readonly TreeSnapshotRow[]): unknown[] =>
    rows
      .filter((r) => r.node.type !== 'task' || files.has(r.node.task.file))
      .map((r) => {
        const label = r.node.type === 'group' ? r.label.replace(/ \(\d+\)$/, '') : r.label;
        return r.children.length ? { [label]: walk(r.children) } : `${label} — ${r.description ?? ''}`;
      });
  return walk(snap.rows);
}

/** The demo workspace's task files; other suites may leave boards of their own in the shared workspace. */
function demoFiles(): Set<string> {
  return new Set(
    [todoUri(), vscode.Uri.joinPath(todoUri(), '..', '.claude', 'tasks', 'backend-engineer-tasks.md'), vscode.Uri.joinPath(todoUri(), '..', '.claude', 'tasks', 'frontend-engineer-tasks.md')].map(
      (u) => u.toString(),
    ),
  );
}

/** The task rows of a group that come from the demo files. */
function demoTasks(rows: readonly TreeSnapshotRow[]): TreeSnapshotRow[] {
  const files = demoFiles();
  return rows.filter((r) => r.node.type === 'task' && files.has(r.node.task.file));
}

/** `To Do (8)` → 8; and the count must be what the group holds. */
function countOf(groupRow: TreeSnapshotRow): number {
  const n = Number(/\((\d+)\)$/.exec(groupRow.label)?.[1]);
  const held = (rows: readonly TreeSnapshotRow[]): number =>
    rows.reduce((sum, r) => sum + (r.node.type === 'task' ? 1 : r.node.type === 'group' ? held(r.children) : 0), 0);
  assert.equal(n, held(groupRow.children), `the count on "${groupRow.label}" is not the number of tasks under it`);
  return n;
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** A tooltip as plain text: appendText escapes markdown and keeps spaces as &nbsp;. */
function plain(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

// Every change a test makes is undone by a legal lifecycle move (or by undo), so the
// enforcement of the lifecycle, which is on in this host, never fights the clean-up.
describe('Tasks tree', function () {
  this.timeout(60_000);
  let original: Buffer;
  let initial: string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    original = fs.readFileSync(todoUri().fsPath);
    await vscode.commands.executeCommand('agentTaskBoard.groupByStatus');
    await vscode.commands.executeCommand('agentTaskBoard.clearFilter');
    initial = JSON.stringify(labels(await until('the demo tasks', (s) => row(s.rows, 'TASK_001') !== undefined)));
  });

  afterEach(async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('agentTaskBoard.groupByStatus');
    await vscode.commands.executeCommand('agentTaskBoard.clearFilter');
    // Every test leaves TODO.md as it found it, and the tree caught up with it.
    if (!fs.readFileSync(todoUri().fsPath).equals(original)) {
      fs.writeFileSync(todoUri().fsPath, original);
      await until('TODO.md restored in the tree', (s) => JSON.stringify(labels(s)) === initial);
    }
  });

  it('groups the demo tasks by status, with counts, icons, colours and stale claims', async () => {
    const snap = await snapshot();
    assert.equal(snap.groupBy, 'status');
    // Lifecycle order; a "No status" group follows when some file (another suite's) has such tasks.
    assert.deepEqual(
      snap.rows.slice(0, 4).map((r) => r.label.replace(/ \(\d+\)$/, '')),
      ['To Do', 'Claimed', 'In Progress', 'Done'],
    );
    for (const g of snap.rows) countOf(g);
    assert.deepEqual(
      snap.rows.map((g) => demoTasks(g.children).length).slice(0, 4),
      [8, 1, 2, 3],
    );
    assert.equal(snap.rows.slice(4).flatMap((g) => demoTasks(g.children)).length, 0);
    const todo = group(snap, 'To Do');
    assert.deepEqual(
      demoTasks(todo.children).map((r) => r.label),
      // By file path, then position in the file.
      [
        'Add pagination to GET /api/users',
        'Document error codes in the OpenAPI spec',
        'Sign-up form wired to POST /api/users',
        'Show API validation errors inline',
        'TASK_004: Rate-limit the login endpoint',
        'TASK_005: Write OpenAPI spec for the users API',
        'TASK_006: Integrate Stripe webhooks: payment_intent.succeeded',
        'TASK_007: Add Sentry tracing to the API gateway',
      ],
    );
    const t004 = row(todo.children, 'TASK_004')!;
    assert.equal(t004.description, 'medium');
    assert.equal(t004.contextValue, 'task.board.todo.can-claim');
    assert.equal(t004.icon, 'circle-large-outline');
    assert.equal(t004.iconColor, 'charts.yellow');
    assert.equal(row(todo.children, 'Add pagination')?.contextValue, 'task.checklist.todo.can-start');
    assert.equal(row(todo.children, 'Add pagination')?.description, '@backend-engineer');

    // TASK_003 was claimed on 2026-11-04 (Session History) with nothing since: a stale claim.
    const t003 = demoTasks(group(snap, 'Claimed').children)[0]!;
    assert.equal(t003.label, 'TASK_003: Add JWT refresh-token rotation');
    assert.equal(t003.description, 'stale · high · @eng-backend');
    assert.equal(t003.contextValue, 'task.board.claimed.can-start.can-release.stale');
    assert.equal(t003.icon, 'warning');
    assert.match(plain(t003.tooltip ?? ''), /^\*\*TASK_003\*\* — Add JWT refresh-token rotation/);
    assert.match(plain(t003.tooltip ?? ''), /- assigned_agent: eng-backend\n/);
    assert.match(plain(t003.tooltip ?? ''), /claimed by eng-backend with no progress for \d+ days/);

    const done = group(snap, 'Done');
    const t001 = row(done.children, 'TASK_001');
    assert.equal(t001?.icon, 'pass-filled');
    // Done is green whatever the priority (TASK_001 is high): a red check would read as a failure.
    assert.equal(t001?.iconColor, 'charts.green');
    // A checklist item with subtasks shows them as children.
    const inProgress = group(snap, 'In Progress');
    const parent = row(inProgress.children, 'Implement POST /api/users endpoint');
    assert.ok(parent && parent.contextValue?.startsWith('task.checklist.in_progress'));
    assert.deepEqual(
      parent.children.filter((c) => c.contextValue?.startsWith('task.')).map((c) => c.label),
      ['Request validation with zod', 'Password hashing with argon2'],
    );
  });

  it('escapes markdown in tooltips so a title cannot inject links', async () => {
    const text = original.toString('utf8').replace('"Add Sentry tracing to the API gateway"', '"[click](command:workbench.action.quit) *bold*"');
    fs.writeFileSync(todoUri().fsPath, text);
    const snap = await until('TASK_007 renamed', (s) => row(s.rows, 'TASK_007')?.label.includes('[click]') === true);
    const tooltip = row(snap.rows, 'TASK_007')?.tooltip ?? '';
    assert.ok(tooltip.includes('\\[click\\]'), tooltip);
    assert.ok(tooltip.includes('\\*bold\\*'), tooltip);
  });

  it('groups by file and section, and by agent', async () => {
    await vscode.commands.executeCommand('agentTaskBoard.groupByFile');
    let snap = await snapshot();
    assert.equal(snap.groupBy, 'file');
    const labels = snap.rows.map((r) => r.label);
    for (const expected of ['.claude/tasks/backend-engineer-tasks.md (5)', '.claude/tasks/frontend-engineer-tasks.md (2)', 'TODO.md (7)']) {
      assert.ok(labels.includes(expected), `no "${expected}" in ${labels.join(', ')}`);
    }
    assert.deepEqual([...labels].sort((a, b) => a.localeCompare(b)), labels, 'files are not in path order');
    const board = snap.rows.find((r) => r.label === 'TODO.md (7)')!;
    assert.deepEqual(
      board.children.map((r) => r.label),
      ['Tasks (5)', 'Backlog (2)'],
    );
    assert.deepEqual(
      board.children[1]!.children.map((r) => r.label),
      ['TASK_006: Integrate Stripe webhooks: payment_intent.succeeded', 'TASK_007: Add Sentry tracing to the API gateway'],
    );
    assert.deepEqual(
      snap.rows.find((r) => r.label.startsWith('.claude/tasks/backend'))!.children.map((r) => r.label),
      ['In Progress (1)', 'To Do (2)', 'Completed (2)'],
    );

    await vscode.commands.executeCommand('agentTaskBoard.groupByAgent');
    snap = await snapshot();
    for (const g of snap.rows) countOf(g);
    const byAgent = Object.fromEntries(snap.rows.map((g) => [g.label.replace(/ \(\d+\)$/, ''), demoTasks(g.children).map((r) => r.label.split(':')[0])]));
    assert.deepEqual(byAgent['backend-engineer'], [
      'Implement POST /api/users endpoint',
      'Add pagination to GET /api/users',
      'Document error codes in the OpenAPI spec',
      'Design the users and sessions schema',
      'Set up the migrations folder',
      'TASK_001',
      'TASK_002',
    ]);
    assert.deepEqual(byAgent['eng-backend'], ['TASK_003']);
    assert.deepEqual(byAgent['frontend-engineer'], ['Sign-up form wired to POST /api/users', 'Show API validation errors inline']);
    assert.deepEqual(byAgent['Unassigned'], ['TASK_004', 'TASK_005', 'TASK_006', 'TASK_007']);
    assert.equal(snap.rows[snap.rows.length - 1]!.label.startsWith('Unassigned'), true, 'Unassigned comes last');
  });

  it('filters by agent, priority and text, shows the filter in the description, and clears it', async () => {
    await vscode.commands.executeCommand('agentTaskBoard.filter', { priority: 'high' });
    let snap = await snapshot();
    assert.equal(snap.description, '!high');
    for (const g of snap.rows) countOf(g);
    assert.deepEqual(
      snap.rows.slice(0, 4).map((g) => demoTasks(g.children).map((r) => r.label.split(':')[0])),
      [[], ['TASK_003'], ['TASK_002'], ['TASK_001']],
    );
    await vscode.commands.executeCommand('agentTaskBoard.filter', { agent: 'eng-backend', text: 'jwt' });
    snap = await snapshot();
    assert.equal(snap.description, '@eng-backend · "jwt"');
    assert.deepEqual(
      snap.rows.flatMap((r) => demoTasks(r.children).map((c) => c.label)),
      ['TASK_003: Add JWT refresh-token rotation'],
    );
    await vscode.commands.executeCommand('agentTaskBoard.filter', { text: 'nothing matches this' });
    snap = await snapshot();
    assert.equal(snap.message, 'No task matches the filter.');
    await vscode.commands.executeCommand('agentTaskBoard.clearFilter');
    snap = await snapshot();
    assert.equal(snap.description, undefined);
    assert.equal(snap.message, undefined);
    assert.equal(demoTasks(group(snap, 'To Do').children).length, 8);
  });

  it('shows a task written on disk by an agent', async () => {
    const text = original.toString('utf8').replace(
      '```\n\n## Backlog',
      '\n- TASK_008: "Added on disk by an agent"\n  priority: low\n  assigned_agent:\n  status: todo\n```\n\n## Backlog',
    );
    assert.notEqual(text, original.toString('utf8'));
    const todoBefore = demoTasks(group(await snapshot(), 'To Do').children).length;
    fs.writeFileSync(todoUri().fsPath, text);
    const snap = await until('TASK_008 in the tree', (s) => row(s.rows, 'TASK_008') !== undefined);
    countOf(group(snap, 'To Do'));
    assert.equal(demoTasks(group(snap, 'To Do').children).length, todoBefore + 1);
    assert.equal(row(snap.rows, 'TASK_008')?.description, 'low');
  });

  it("marks a task's row with its problems (icon, description, tooltip) as the Problems view lists them, and clears them when mended", async () => {
    const before = row((await snapshot()).rows, 'TASK_004');
    assert.equal(before?.description, 'medium');
    fs.writeFileSync(todoUri().fsPath, original.toString('utf8').replace('  priority: medium\n  assigned_agent:\n  status: todo', '  priority: someday\n  assigned_agent:\n  status: todo'));
    const snap = await until('TASK_004 marked', (s) => row(s.rows, 'TASK_004')?.description?.startsWith('warning') === true);
    const marked = row(snap.rows, 'TASK_004')!;
    assert.equal(marked.description, 'warning · someday');
    assert.deepEqual([marked.icon, marked.iconColor], [before?.icon, 'list.warningForeground'], 'a warning keeps the status icon, in the warning colour');
    const [shown] = vscode.languages.getDiagnostics(todoUri()).filter((d) => d.range.start.line === 28);
    assert.ok(shown, 'the Problems view has the warning');
    assert.ok(plain(marked.tooltip ?? '').includes(`$(warning) ${shown.message} (line 29)`), marked.tooltip);
    assert.equal(row(snap.rows, 'TASK_005')?.description, 'medium', 'the next task is not marked');
    fs.writeFileSync(todoUri().fsPath, original);
    await until('the mark is gone with the problem', (s) => row(s.rows, 'TASK_004')?.description === 'medium');
  });

  it('shows the problems again when only the diagnostics change: enforcement turned off while a move is typed', async () => {
    const file = vscode.Uri.joinPath(folder(), 'tree-problems', 'TODO.md');
    const rowOf = (snap: TreeSnapshot): TreeSnapshotRow | undefined => taskRowIn(snap.rows, file);
    fs.mkdirSync(path.dirname(file.fsPath), { recursive: true });
    fs.writeFileSync(file.fsPath, '# Tasks\n\n```yaml\n- TASK_901: "Cache the session lookups"\n  priority: low\n  assigned_agent:\n  status: todo\n```\n');
    const config = vscode.workspace.getConfiguration('agentTaskBoard');
    try {
      await until('TASK_901 in the tree', (s) => rowOf(s)?.description === 'low');
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      await typeOver(doc, 'status: todo', 'status: done');
      const typed = await until('the illegal move marked on its row', (s) => rowOf(s)?.icon === 'error');
      assert.equal(rowOf(typed)?.description, 'error · low');
      // No task changes: the tree hears of it only from the diagnostics.
      await config.update('enforcement', 'off', vscode.ConfigurationTarget.Workspace);
      const off = await until('the mark gone with the lifecycle error', (s) => rowOf(s)?.icon !== 'error');
      assert.equal(rowOf(off)?.description, 'low');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await config.update('enforcement', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(path.dirname(file.fsPath), { recursive: true, force: true });
      await until('TASK_901 gone', (s) => rowOf(s) === undefined);
    }
  });

  it('claims from the tree: exactly the expected edit, and one undo restores the file byte for byte', async () => {
    const before = original.toString('utf8');
    const node = row((await snapshot()).rows, 'TASK_004');
    assert.ok(node);
    const result = await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.claim', node.node, 'frontend-engineer');
    assert.deepEqual(result, { ok: true });

    const after = fs.readFileSync(todoUri().fsPath, 'utf8');
    const stamp = /claimed_at: "?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"?/.exec(after)?.[1];
    assert.ok(stamp, `no claimed_at in:\n${after}`);
    const expected = before
      .replace(
        '- TASK_004: "Rate-limit the login endpoint"   # needs Redis first\n  priority: medium\n  assigned_agent:\n  status: todo\n',
        `- TASK_004: "Rate-limit the login endpoint"   # needs Redis first\n  priority: medium\n  assigned_agent: frontend-engineer\n  status: claimed\n  claimed_at: "${stamp}"\n`,
      )
      .replace(
        '- 2026-11-04T07:55:00Z eng-backend claimed TASK_003\n',
        `- 2026-11-04T07:55:00Z eng-backend claimed TASK_003\n- ${stamp} frontend-engineer claimed TASK_004\n`,
      );
    assert.equal(after, expected);
    await until('TASK_004 claimed in the tree', (s) => row(s.rows, 'TASK_004')?.contextValue === 'task.board.claimed.can-start.can-release');

    const doc = await vscode.workspace.openTextDocument(todoUri());
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
    assert.ok(await doc.save());
    assert.ok(fs.readFileSync(todoUri().fsPath).equals(original), 'the file on disk differs from the original after one undo');
  });

  it('undoing a Start made from the tree is the move undone, not an illegal step put back', async () => {
    const before = original.toString('utf8');
    assert.deepEqual(await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.claim', { file: todoUri().toString(), id: 'TASK_004', status: 'todo' }, 'frontend-engineer'), { ok: true });
    const claimed = fs.readFileSync(todoUri().fsPath, 'utf8');
    assert.deepEqual(await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.start', { file: todoUri().toString(), id: 'TASK_004', status: 'claimed' }), { ok: true });
    assert.match(fs.readFileSync(todoUri().fsPath, 'utf8'), /assigned_agent: frontend-engineer\n {2}status: in_progress\n/);
    const doc = await vscode.workspace.openTextDocument(todoUri());
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), claimed, 'one undo takes the start back whole');
    assert.ok(await doc.save());
    // In revert mode an illegal in_progress → claimed would be put back on save, half of it (the status only).
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fs.readFileSync(todoUri().fsPath, 'utf8'), claimed);
    assert.ok(!vscode.languages.getDiagnostics(todoUri()).some((d) => typeof d.code === 'object' && d.code.value === 'illegal-transition'));
    await vscode.commands.executeCommand('undo');
    assert.ok(await doc.save());
    assert.equal(fs.readFileSync(todoUri().fsPath, 'utf8'), before);
  });

  it('refuses a claim when an agent moved the task on disk, says who holds it, and refreshes', async () => {
    const taken = original
      .toString('utf8')
      .replace(
        '- TASK_005: "Write OpenAPI spec for the users API"\n  priority: medium\n  assigned_agent:\n  status: todo',
        '- TASK_005: "Write OpenAPI spec for the users API"\n  priority: medium\n  assigned_agent: eng-backend\n  status: claimed',
      );
    assert.notEqual(taken, original.toString('utf8'));
    // The tree showed TASK_005 as todo; an agent claims it on disk before our claim runs.
    const shown = row((await snapshot()).rows, 'TASK_005');
    assert.equal(shown?.contextValue, 'task.board.todo.can-claim');
    fs.writeFileSync(todoUri().fsPath, taken);
    const result = await vscode.commands.executeCommand<MoveResult>(
      'agentTaskBoard.claim',
      { file: todoUri().toString(), id: 'TASK_005', status: 'todo' },
      'frontend-engineer',
    );
    assert.equal(result?.ok, false);
    assert.match(result.ok ? '' : result.message, /eng-backend/);
    assert.equal(fs.readFileSync(todoUri().fsPath, 'utf8'), taken, 'the refused claim wrote something');
    await until('TASK_005 shown as claimed', (s) => row(s.rows, 'TASK_005')?.contextValue === 'task.board.claimed.can-start.can-release');
  });

  it('releases through the same command, and reveals the task under the cursor', async () => {
    const t003 = row((await snapshot()).rows, 'TASK_003');
    assert.ok(t003);
    const released = await vscode.commands.executeCommand<MoveResult>('agentTaskBoard.release', t003.node);
    assert.deepEqual(released, { ok: true });
    const after = fs.readFileSync(todoUri().fsPath, 'utf8');
    assert.match(after, /- TASK_003: "Add JWT refresh-token rotation"\n {2}priority: high\n {2}assigned_agent:\n {2}status: todo\n/);
    await until('TASK_003 back in To Do', (s) => row(group(s, 'To Do').children, 'TASK_003') !== undefined);

    // The palette form: the task under the cursor.
    const doc = await vscode.workspace.openTextDocument(todoUri());
    const line = doc.getText().split('\n').findIndex((l) => l.includes('TASK_002'));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line + 2, 4, line + 2, 4) });
    assert.equal(await vscode.commands.executeCommand('agentTaskBoard.revealActiveTask'), true);
    assert.deepEqual((await snapshot()).selected, ['TASK_002: Implement POST /api/users endpoint']);
  });

  it('opens the file at the task\'s line when a task is clicked', async () => {
    const t006 = row((await snapshot()).rows, 'TASK_006');
    assert.ok(t006);
    const item = t006.node.type === 'task' ? t006.node : undefined;
    assert.ok(item);
    // The row's click command, as the tree runs it.
    await vscode.commands.executeCommand('_agentTaskBoard.openTask', item);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), todoUri().toString());
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^- TASK_006: /);
  });

  it('follows the editor cursor when agentTaskBoard.tree.followCursor is on', async () => {
    const config = vscode.workspace.getConfiguration('agentTaskBoard');
    await config.update('tree.followCursor', true, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('agentTaskBoard.tasks.focus');
      const doc = await vscode.workspace.openTextDocument(todoUri());
      const editor = await vscode.window.showTextDocument(doc);
      for (const id of ['TASK_006', 'TASK_001']) {
        const line = doc.getText().split('\n').findIndex((l) => l.includes(`${id}:`));
        editor.selection = new vscode.Selection(line + 1, 3, line + 1, 3);
        await until(`${id} selected in the tree`, (s) => s.selected.length === 1 && s.selected[0]!.startsWith(id));
      }
    } finally {
      await config.update('tree.followCursor', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('flags a claim that goes stale with the clock, with no edit to its file', async () => {
    const config = vscode.workspace.getConfiguration('agentTaskBoard');
    const dir = vscode.Uri.joinPath(folder(), 'stale-clock');
    const board = vscode.Uri.joinPath(dir, 'TODO.md');
    const text = ['```yaml', '- TASK_401: "Claimed a moment ago"', '  assigned_agent: clock-agent', '  status: claimed',
      `  claimed_at: "${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}"`, '```', ''].join('\n');
    const find = (snap: TreeSnapshot): TreeSnapshotRow | undefined => taskRowIn(snap.rows, board);
    // 0.003 h: stale 10.8 s after the claim (room for the watcher's lag first); re-checked every 2.7 s.
    await config.update('staleClaimHours', 0.003, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.workspace.fs.writeFile(board, new TextEncoder().encode(text));
      const fresh = await waitForDisk('TASK_401 in the tree', async () => {
        const snap = await snapshot();
        return find(snap) !== undefined && snap;
      });
      assert.ok(!find(fresh)!.description?.startsWith('stale'), 'not stale right after the claim');
      const later = await until('TASK_401 flagged stale', (snap) => find(snap)?.description?.startsWith('stale') === true, 30_000);
      assert.equal(find(later)!.contextValue, 'task.board.claimed.can-start.can-release.stale');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(board)), text, 'the file was not touched');
    } finally {
      await config.update('staleClaimHours', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });
});
