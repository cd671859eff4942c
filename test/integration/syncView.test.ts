// The board branch in the real extension host: a clone in the workspace whose
// `.agent-task-board.yml` turns sync on. A claim made by another agent in
// another clone shows in the Tasks view, on the board and in the status bar
// after a fetch, marked as the branch's; a claim from the editor goes through
// the board branch (pushed, and the clone fast-forwarded: nothing left
// uncommitted, no enforcement report); a claim of a task taken there is
// refused naming the holder.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BoardSnapshot } from '../../src/extension/board/boardPanel';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import { waitFor, waitForDisk } from './support';

const FETCH_COMMAND = 'agentTaskBoard.fetchBoardBranch';

const EXTENSION_ID = 'agent-task-board.agent-task-board';
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function identity(cwd: string, name: string): void {
  git(cwd, 'config', 'user.email', `${name}@example.com`);
  git(cwd, 'config', 'user.name', name);
}

function board(): string {
  const items = ['TASK_001', 'TASK_002', 'TASK_003'].map((id) => `- ${id}: "Synced ${id}"\n  assigned_agent:\n  status: todo\n`);
  return `# TODO\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n\n## Session History\n\n`;
}

function rows(all: readonly TreeSnapshotRow[], file: string): TreeSnapshotRow[] {
  return all.flatMap((r) => [...(r.node.type === 'task' && r.node.task.file === file ? [r] : []), ...rows(r.children, file)]);
}

interface FetchAnswer {
  readonly repositories: number;
  readonly message?: string;
}

// Before the suite below makes a clone that syncs: the workspace's other task files are in no repository that does.
describe('Fetch the Board Branch where nothing syncs', function () {
  this.timeout(60_000);

  it('says there is nothing to fetch, and why', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const answer = await vscode.commands.executeCommand<FetchAnswer>(FETCH_COMMAND);
    assert.deepEqual(answer, {
      repositories: 0,
      message: 'Nothing to fetch: no repository in this workspace syncs its task board through a board branch (sync: enabled: true in .agent-task-board.yml).',
    });
  });
});

describe('the board branch in the editor (sync on)', function () {
  this.timeout(120_000);
  let tmp: string;
  let local: string;
  let other: string;
  let remote: string;
  let uri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-syncview-'));
    remote = path.join(tmp, 'remote.git');
    git(tmp, 'init', '-q', '--bare', '-b', 'main', remote);
    const seed = path.join(tmp, 'seed');
    git(tmp, 'clone', '-q', remote, seed);
    identity(seed, 'planner');
    fs.writeFileSync(path.join(seed, 'TODO.md'), board());
    fs.writeFileSync(path.join(seed, '.agent-task-board.yml'), 'sync:\n  enabled: true\n');
    git(seed, 'add', '-A');
    git(seed, 'commit', '-q', '-m', 'board');
    git(seed, 'push', '-q', 'origin', 'main');
    other = path.join(tmp, 'other');
    git(tmp, 'clone', '-q', remote, other);
    identity(other, 'agent-b');
    local = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'syncview');
    git(tmp, 'clone', '-q', remote, local);
    identity(local, 'alice');
    uri = vscode.Uri.file(path.join(local, 'TODO.md'));
    await vscode.commands.executeCommand('agentTaskBoard.openBoard');
  });

  after(() => {
    fs.rmSync(local, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows a claim made in another clone, marked as the branch state, in the tree, on the board and in the status bar', async () => {
    const status = await waitForDisk('the status bar to name the board branch', async () => {
      const s = await vscode.commands.executeCommand<{ visible: boolean; text: string; tooltip: string }>('_agentTaskBoard.boardBranchStatus');
      return s.visible && /origin\/main/.test(s.text) && s;
    });
    assert.match(status.text, /origin\/main/);
    assert.match(status.tooltip, /Tasks show the board branch origin\/main, fetched at/);
    assert.deepEqual(await vscode.commands.executeCommand<FetchAnswer>(FETCH_COMMAND), { repositories: 1 });

    execFileSync(process.execPath, [CLI, 'claim', 'TASK_001', '--agent', 'agent-b', '--sync'], { cwd: other, stdio: 'pipe' });
    assert.match(fs.readFileSync(uri.fsPath, 'utf8'), /TASK_001: "Synced TASK_001"\n {2}assigned_agent:\n {2}status: todo/, 'this clone still says todo');
    // Nothing asks for a fetch here: the timer brings the claim (every second for the test).
    await vscode.workspace.getConfiguration('agentTaskBoard').update('sync.fetchIntervalSeconds', 1, vscode.ConfigurationTarget.Global);

    // When it fails, say what the tree and the status bar showed last: whether the fetches ran.
    let seen = '';
    const row = await waitFor('TASK_001 claimed in the tree', async () => {
      const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
      const task = rows(snap.rows, uri.toString()).find((r) => r.node.type === 'task' && r.node.task.id === 'TASK_001');
      const bar = await vscode.commands.executeCommand<{ text: string; tooltip: string }>('_agentTaskBoard.boardBranchStatus');
      seen = `the row: ${task ? `${task.node.type === 'task' ? task.node.task.status : ''} "${task.description ?? ''}"` : 'none'}; the status bar: ${bar.text} (${bar.tooltip})`;
      return task?.node.type === 'task' && task.node.task.status === 'claimed' && task;
    }).catch((err: Error) => assert.fail(`${err.message}; ${seen}`));
    assert.match(row.description ?? '', /claimed by agent-b on origin\/main \(todo here\)/);
    const key = `${uri.toString()}#TASK_001`;
    const snap = await waitFor('TASK_001 in the Claimed column', async () => {
      const s = await vscode.commands.executeCommand<BoardSnapshot | undefined>('_agentTaskBoard.boardSnapshot');
      return s?.columns.claimed.includes(key) && s;
    });
    assert.equal(snap.branch[key], 'claimed by agent-b on origin/main (todo here)');
    await vscode.workspace.getConfiguration('agentTaskBoard').update('sync.fetchIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('claims through the board branch from the editor, and refuses a task taken there naming the holder', async () => {
    const before = await vscode.commands.executeCommand('_agentTaskBoard.enforcement.lastReport', uri.toString());
    const claimed = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
      'agentTaskBoard.claim',
      { file: uri.toString(), id: 'TASK_002', status: 'todo' },
      'alice',
    );
    assert.deepEqual(claimed, { ok: true });
    assert.match(git(remote, 'show', 'main:TODO.md'), /TASK_002: "Synced TASK_002"\n {2}assigned_agent: alice\n {2}status: claimed/);
    assert.equal(git(local, 'status', '--porcelain'), '', 'the clone on main was fast-forwarded: nothing left uncommitted');
    await waitForDisk('the fast-forward read by the store', async () =>
      /assigned_agent: alice\n {2}status: claimed/.test(fs.readFileSync(uri.fsPath, 'utf8')) &&
      (await vscode.commands.executeCommand<string | undefined>('_agentTaskBoard.enforcement.storeText', uri.toString()))?.includes('assigned_agent: alice'),
    );
    assert.equal(await vscode.commands.executeCommand('_agentTaskBoard.enforcement.lastReport', uri.toString()), before, 'the fast-forward is git\'s: no report');

    // The status bar's command fetches at once: a claim made elsewhere shows without waiting for the timer.
    execFileSync(process.execPath, [CLI, 'start', 'TASK_001', '--agent', 'agent-b', '--sync'], { cwd: other, stdio: 'pipe' });
    await vscode.commands.executeCommand('agentTaskBoard.fetchBoardBranch');
    // The fetch is done; the tree takes the change on its next rebuild (a few milliseconds).
    await waitFor('TASK_001 in progress after Fetch the Board Branch', async () => {
      const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
      return rows(snap.rows, uri.toString()).some((r) => r.node.type === 'task' && r.node.task.id === 'TASK_001' && r.node.task.status === 'in_progress');
    }, 5_000);

    // A stale view: the user saw TASK_003 todo, agent-b has taken it meanwhile.
    execFileSync(process.execPath, [CLI, 'claim', 'TASK_003', '--agent', 'agent-b', '--sync'], { cwd: other, stdio: 'pipe' });
    const refused = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
      'agentTaskBoard.claim',
      { file: uri.toString(), id: 'TASK_003', status: 'todo' },
      'alice',
    );
    assert.equal(refused.ok, false);
    assert.match(refused.message ?? '', /TASK_003 is now claimed by agent-b/);

    // From the board: a release through the board branch, which Ctrl+Z does not take back, and says so.
    const key = `${uri.toString()}#TASK_002`;
    await vscode.commands.executeCommand('_agentTaskBoard.boardReceive', { type: 'move', key, from: 'claimed', to: 'todo' });
    const board = () => vscode.commands.executeCommand<BoardSnapshot | undefined>('_agentTaskBoard.boardSnapshot');
    assert.deepEqual((await board())?.lastResult, { type: 'moveResult', key, ok: true });
    assert.match(git(remote, 'show', 'main:TODO.md'), /TASK_002: "Synced TASK_002"\n {2}assigned_agent:\n {2}status: todo/);
    await vscode.commands.executeCommand('_agentTaskBoard.boardReceive', { type: 'undo' });
    assert.deepEqual((await board())?.lastResult, {
      type: 'undoResult',
      ok: false,
      message: 'TASK_002 was moved through the board branch, which Undo does not reach: move it back from its menu.',
    });
    assert.match(git(remote, 'show', 'main:TODO.md'), /TASK_002: "Synced TASK_002"\n {2}assigned_agent:\n {2}status: todo/);
  });

  it('shows the lines of the settings file it cannot read on the file, and keeps what it could read', async () => {
    const settings = vscode.Uri.file(path.join(local, '.agent-task-board.yml'));
    fs.writeFileSync(settings.fsPath, 'sync:\n  enabled: true\n  colour: red\n');
    const problems = await waitForDisk('the settings diagnostics', () => {
      const found = vscode.languages.getDiagnostics(settings).filter((d) => d.source === 'Agent Task Board');
      return found.length > 0 && found;
    });
    assert.deepEqual(
      problems.map((d) => [d.range.start.line, d.severity, d.message]),
      [[2, vscode.DiagnosticSeverity.Error, 'unknown setting "sync.colour" (known: enabled, remote, branch)']],
    );
    const status = await vscode.commands.executeCommand<{ visible: boolean }>('_agentTaskBoard.boardBranchStatus');
    assert.equal(status.visible, true, 'sync stays on: enabled: true was read');
    fs.writeFileSync(settings.fsPath, 'sync:\n  enabled: true\n');
    await waitForDisk('the diagnostics to go', () => vscode.languages.getDiagnostics(settings).length === 0);
  });

  it('refuses a move while the sync setting cannot be read, as the command line does', async () => {
    const settings = vscode.Uri.file(path.join(local, '.agent-task-board.yml'));
    const before = fs.readFileSync(uri.fsPath, 'utf8');
    fs.writeFileSync(settings.fsPath, 'sync:\n  enabled: maybe\n');
    await waitForDisk('the settings problem shown', () => vscode.languages.getDiagnostics(settings).length > 0);
    const refused = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('agentTaskBoard.claim', { file: uri.toString(), id: 'TASK_002' }, 'carol');
    assert.equal(refused?.ok, false);
    assert.match(refused?.message ?? '', /The sync setting in .*\.agent-task-board\.yml cannot be read, so whether moves go through the board branch is not known/);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), before, 'nothing written here');
    fs.writeFileSync(settings.fsPath, 'sync:\n  enabled: true\n');
    await waitForDisk('the settings problem gone', () => vscode.languages.getDiagnostics(settings).length === 0);
  });

  it('syncs a task file whose folder became a clone after the views first showed it', async () => {
    const late = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'latesync');
    fs.mkdirSync(late);
    const lateUri = vscode.Uri.file(path.join(late, 'TODO.md')).toString();
    fs.writeFileSync(path.join(late, 'TODO.md'), board());
    const statusOf = async (id: string): Promise<string | undefined> => {
      const snap = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
      const row = rows(snap.rows, lateUri).find((r) => r.node.type === 'task' && r.node.task.id === id);
      return row?.node.type === 'task' ? row.node.task.status : undefined;
    };
    // Shown while no repository holds it: as written. Then left alone past the kept answer of "no repository here".
    await waitForDisk('the file in the tree, todo', async () => (await statusOf('TASK_003')) === 'todo');
    await new Promise((r) => setTimeout(r, 2500));
    // The folder becomes a clone of the synced remote, on its first commit (every task todo); the board branch
    // has TASK_003 claimed by agent-b since the test before last.
    git(late, 'init', '-q', '-b', 'main');
    git(late, 'remote', 'add', 'origin', remote);
    git(late, 'fetch', '-q', 'origin');
    const first = git(late, 'rev-list', '--max-parents=0', 'origin/main').trim();
    git(late, 'checkout', '-q', '-f', '-B', 'main', first);
    git(late, 'branch', '-q', '-u', 'origin/main');
    try {
      await waitForDisk('TASK_003 shown as the board branch has it', async () => (await statusOf('TASK_003')) === 'claimed');
    } finally {
      fs.rmSync(late, { recursive: true, force: true });
    }
  });
});
