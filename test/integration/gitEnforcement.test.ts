// Enforcement and git in the real extension host: a checkout, a reset, a pull
// (fast-forward and merge), a rebase, a stash and its pop, and a merge stopped
// on a conflict rewrite TODO.md in ways that look like illegal moves. Under
// `strict` and `revert`, the working tree after each is exactly what git left,
// no report offers (or makes) a revert, and what git did to the lifecycle is
// shown as information. An agent's illegal write between two git operations
// is still caught, and so is one the agent commits at once, and the same
// one written again. Each mode has its own clone inside the workspace, of a
// bare remote in a temporary folder.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BoardSnapshot } from '../../src/extension/board/boardPanel';
import type { TreeSnapshot, TreeSnapshotRow } from '../../src/extension/tree/registerTaskTree';
import { waitFor, waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

interface Report {
  readonly file: string;
  readonly source: string;
  readonly reverted: boolean;
  readonly message: string;
}
interface Snapshot {
  readonly tasks: readonly { id: string; status?: string; assignedAgent?: string }[];
}

function item(id: string, status: string, agent = ''): string {
  return [`- ${id}: "Task ${id}"`, `  assigned_agent:${agent ? ' ' + agent : ''}`, `  status: ${status}`].join('\n');
}

/** A board whose tasks are separated by notes, so edits to different tasks are different hunks for git. */
function board(...items: string[]): string {
  const blocks = items.map((it, i) => ['```yaml', it, '```', '', `Notes on task ${i + 1}.`, '', 'More notes.', ''].join('\n'));
  return ['# TODO', '', ...blocks].join('\n');
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function commitAll(cwd: string, message: string): void {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
}

function identity(cwd: string): void {
  git(cwd, 'config', 'user.email', 'agent@example.com');
  git(cwd, 'config', 'user.name', 'agent');
}

function accepted(uri: vscode.Uri): Thenable<Snapshot | undefined> {
  return vscode.commands.executeCommand<Snapshot | undefined>('_agentTaskBoard.enforcement.accepted', uri.toString());
}

function lastReport(uri: vscode.Uri): Thenable<Report | undefined> {
  return vscode.commands.executeCommand<Report | undefined>('_agentTaskBoard.enforcement.lastReport', uri.toString());
}

function storeText(uri: vscode.Uri): Thenable<string | undefined> {
  return vscode.commands.executeCommand<string | undefined>('_agentTaskBoard.enforcement.storeText', uri.toString());
}

function statusOf(snapshot: Snapshot | undefined, id: string): string | undefined {
  return snapshot?.tasks.find((t) => t.id === id)?.status;
}

function gitNotes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => typeof d.code === 'object' && d.code.value === 'git-transition')
    .map((d) => {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
      return d.message;
    });
}

/** Every task row of `uri`'s file, however the tree is grouped. */
function treeTasks(rows: readonly TreeSnapshotRow[], uri: vscode.Uri): TreeSnapshotRow[] {
  return rows.flatMap((r) => [...(r.node.type === 'task' && r.node.task.file === uri.toString() ? [r] : []), ...treeTasks(r.children, uri)]);
}

async function setEnforcement(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('agentTaskBoard').update('enforcement', value, vscode.ConfigurationTarget.Workspace);
}

/** One clone in the workspace, an upstream clone in a temporary folder, and the bare remote they share. */
class Repos {
  readonly remote: string;
  readonly upstream: string;
  readonly local: string;
  readonly uri: vscode.Uri;

  constructor(readonly folder: string) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-gitenf-'));
    this.remote = path.join(tmp, 'remote.git');
    this.upstream = path.join(tmp, 'upstream');
    this.local = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, folder);
    this.uri = vscode.Uri.file(path.join(this.local, 'TODO.md'));
    git(tmp, 'init', '-q', '--bare', '-b', 'main', this.remote);
    git(tmp, 'clone', '-q', this.remote, this.upstream);
    identity(this.upstream);
  }

  /** Writes the upstream's TODO.md, commits and pushes it to `branch`. */
  publish(text: string, message: string, branch = 'main'): void {
    fs.writeFileSync(path.join(this.upstream, 'TODO.md'), text);
    commitAll(this.upstream, message);
    git(this.upstream, 'push', '-q', 'origin', `HEAD:${branch}`);
  }

  disk(): string {
    return fs.readFileSync(this.uri.fsPath, 'utf8');
  }

  /** Runs a git command in the workspace clone; what it left in the working tree is returned. */
  run(...args: string[]): string {
    git(this.local, ...args);
    return this.disk();
  }

  remove(): void {
    fs.rmSync(this.local, { recursive: true, force: true });
    fs.rmSync(path.dirname(this.remote), { recursive: true, force: true });
  }
}

describe('enforcement and git', function () {
  this.timeout(240_000);
  const made: Repos[] = [];

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await setEnforcement(undefined);
    for (const repos of made) repos.remove();
  });

  for (const mode of ['strict', 'revert'] as const) {
    it(`leaves what checkout, reset, pull, rebase, stash and a conflicted merge write, under ${mode}, and still catches an agent`, async () => {
      await setEnforcement(mode);
      await vscode.commands.executeCommand('agentTaskBoard.openBoard');
      const repos = new Repos(`gitenf-${mode}`);
      made.push(repos);
      const { uri } = repos;

      // main: TASK_001 done; branch old: TASK_001 still in progress.
      repos.publish(board(item('TASK_001', 'in_progress', 'alice'), item('TASK_002', 'todo')), 'start');
      git(repos.upstream, 'push', '-q', 'origin', 'HEAD:old');
      repos.publish(board(item('TASK_001', 'done', 'alice'), item('TASK_002', 'todo')), 'TASK_001 done');
      git(path.dirname(repos.local), 'clone', '-q', repos.remote, repos.local);
      identity(repos.local);
      await waitForDisk('the clone to be accepted', async () => statusOf(await accepted(uri), 'TASK_001') === 'done');
      /** The last report so far: the one git operations must leave the last. */
      let quiet = await lastReport(uri);

      /** After a git command: enforcement took git's text, wrote nothing, and reported nothing. */
      const tookGits = async (what: string, left: string, id: string, status: string): Promise<void> => {
        await waitForDisk(`${what}: ${id} ${status} accepted`, async () => (await storeText(uri)) === left && statusOf(await accepted(uri), id) === status);
        assert.equal(repos.disk(), left, `${what}: the working tree is what git left`);
        assert.equal(await lastReport(uri), quiet, `${what}: no report, no revert`);
      };

      // checkout: done → in_progress
      let left = repos.run('checkout', '-q', 'old');
      await tookGits('checkout', left, 'TASK_001', 'in_progress');
      await waitFor('the checkout note', () => gitNotes(uri).includes('TASK_001 went done → in_progress with the checkout of `old`'));
      assert.equal(git(repos.local, 'status', '--porcelain'), '', 'the checkout left a clean working tree');

      // back to main (a legal move), then reset --hard: done → in_progress
      await tookGits('checkout main', repos.run('checkout', '-q', 'main'), 'TASK_001', 'done');
      left = repos.run('reset', '-q', '--hard', 'HEAD~1');
      await tookGits('reset --hard', left, 'TASK_001', 'in_progress');
      await waitFor('the reset note', () => gitNotes(uri).includes('TASK_001 went done → in_progress with git reset'));

      // pull, fast-forward: TASK_003 arrives already done
      repos.publish(board(item('TASK_001', 'done', 'alice'), item('TASK_002', 'todo'), item('TASK_003', 'done', 'carol')), 'TASK_003');
      left = repos.run('pull', '-q', '--ff-only');
      await tookGits('pull --ff-only', left, 'TASK_003', 'done');
      await waitFor('the pull note', () => gitNotes(uri).includes('TASK_003 arrived as done with git pull'));

      /** An agent writes `text` (and runs `then`): reported, and put back, by itself under strict, by Revert else. */
      const catchesAgent = async (what: string, text: string, move: RegExp, then?: () => void): Promise<void> => {
        const earlier = await lastReport(uri);
        const back = repos.disk();
        fs.writeFileSync(uri.fsPath, text);
        then?.();
        const report = await waitForDisk(`the report of ${what}`, async () => {
          const r = await lastReport(uri);
          return r !== earlier && r?.source === 'disk' && r;
        });
        assert.match(report.message, move);
        assert.equal(report.reverted, mode === 'strict', report.message);
        if (mode === 'revert') {
          const result = await vscode.commands.executeCommand<{ ok: boolean }>('_agentTaskBoard.enforcement.revert', uri.toString(), text);
          assert.deepEqual(result, { ok: true });
        }
        await waitFor(`${what} to be put back`, () => repos.disk() === back);
      };

      // An agent's illegal write between two git operations is still caught.
      const legal = repos.disk();
      await catchesAgent('the agent write', legal.replace('status: done', 'status: todo'), /TASK_001 done → todo/);
      // An illegal write the agent commits at once is still the agent's: a commit writes no working tree, and the
      // text is in HEAD only because the agent put it there.
      const reopened = legal.replace(item('TASK_003', 'done', 'carol'), item('TASK_003', 'todo'));
      assert.notEqual(reopened, legal);
      await catchesAgent('the committed agent write', reopened, /TASK_003 done → todo/, () => commitAll(repos.local, 'agent reopens TASK_003'));
      // The same write again, as an agent that retries makes it: HEAD's blob now, and still the agent's.
      await catchesAgent('the same write again', reopened, /TASK_003 done → todo/);
      /** Runs `body` while a git command holds the index's lock (a `commit -a` in its pre-commit hook, a `git status`). */
      const indexLock = path.join(repos.local, '.git', 'index.lock');
      const underIndexLock = async (body: () => Promise<void>): Promise<void> => {
        fs.writeFileSync(indexLock, '');
        try {
          await body();
        } finally {
          fs.rmSync(indexLock, { force: true });
        }
      };
      // A write while the lock is held is no git write: it is judged once the lock is gone.
      await underIndexLock(async () => {
        const reopenedFirst = legal.replace(item('TASK_001', 'done', 'alice'), item('TASK_001', 'in_progress', 'alice'));
        await catchesAgent('the write under the index lock', reopenedFirst, /TASK_001 done → in_progress/, () => {
          setTimeout(() => fs.rmSync(indexLock, { force: true }), 1500);
        });
      });
      // A save in this window is this window's text, whatever git command runs beside it: an illegal move typed and
      // saved while the lock is held is put back in the save, as any other.
      await underIndexLock(async () => {
        const doc = await vscode.workspace.openTextDocument(uri);
        await waitFor('the buffer to show the disk', () => doc.getText() === repos.disk() && !doc.isDirty);
        const at = doc.getText().indexOf(item('TASK_003', 'done', 'carol'));
        assert.ok(at >= 0);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + item('TASK_003', 'done', 'carol').length)), item('TASK_003', 'todo'));
        assert.ok(await vscode.workspace.applyEdit(edit));
        const before = repos.disk();
        assert.ok(await doc.save());
        assert.equal(repos.disk(), before, 'the typed move was saved, not put back');
        assert.equal(statusOf(await accepted(uri), 'TASK_003'), 'done');
      });
      const afterAgent = await lastReport(uri);
      quiet = afterAgent;

      // pull with a merge commit: a local commit of TASK_002, TASK_004 arriving done upstream
      fs.writeFileSync(uri.fsPath, repos.disk().replace(item('TASK_002', 'todo'), item('TASK_002', 'claimed', 'bob')));
      await waitForDisk('the local claim', async () => statusOf(await accepted(uri), 'TASK_002') === 'claimed');
      commitAll(repos.local, 'bob claims TASK_002');
      const upstream = board(item('TASK_001', 'done', 'alice'), item('TASK_002', 'todo'), item('TASK_003', 'done', 'carol'), item('TASK_004', 'done', 'dan'));
      repos.publish(upstream, 'TASK_004');
      left = repos.run('pull', '-q', '--no-rebase', '--no-edit');
      assert.match(git(repos.local, 'log', '-1', '--format=%s'), /^Merge/);
      await tookGits('pull with a merge', left, 'TASK_004', 'done');
      assert.equal(await lastReport(uri), afterAgent);

      // rebase: a local commit replayed on an upstream where TASK_005 arrives done
      fs.writeFileSync(uri.fsPath, repos.disk().replace(item('TASK_002', 'claimed', 'bob'), item('TASK_002', 'in_progress', 'bob')));
      await waitForDisk('the local start', async () => statusOf(await accepted(uri), 'TASK_002') === 'in_progress');
      commitAll(repos.local, 'bob starts TASK_002');
      git(repos.upstream, 'pull', '-q', '--no-rebase', '--no-edit');
      repos.publish(fs.readFileSync(path.join(repos.upstream, 'TODO.md'), 'utf8').replace(item('TASK_004', 'done', 'dan'), `${item('TASK_004', 'done', 'dan')}\n\n${item('TASK_005', 'done', 'erin')}`), 'TASK_005');
      git(repos.local, 'fetch', '-q');
      left = repos.run('rebase', '-q', 'origin/main');
      await tookGits('rebase', left, 'TASK_005', 'done');
      assert.equal(await lastReport(uri), afterAgent);

      // stash and pop: an uncommitted completion is put away (in_progress again) and brought back
      const completed = repos.disk().replace(item('TASK_002', 'in_progress', 'bob'), item('TASK_002', 'done', 'bob'));
      fs.writeFileSync(uri.fsPath, completed);
      await waitForDisk('the local completion', async () => statusOf(await accepted(uri), 'TASK_002') === 'done');
      left = repos.run('stash', '-q');
      await tookGits('stash', left, 'TASK_002', 'in_progress');
      left = repos.run('stash', 'pop', '-q');
      assert.equal(left, completed);
      await tookGits('stash pop', left, 'TASK_002', 'done');
      assert.equal(await lastReport(uri), afterAgent);

      // a merge stopped on a conflict: TASK_002 done here, claimed by zoe upstream
      commitAll(repos.local, 'bob completes TASK_002');
      const theirs = fs.readFileSync(path.join(repos.upstream, 'TODO.md'), 'utf8');
      assert.ok(theirs.includes(item('TASK_002', 'todo')));
      repos.publish(theirs.replace(item('TASK_002', 'todo'), item('TASK_002', 'claimed', 'zoe')), 'zoe claims TASK_002');
      const acceptedBefore = await accepted(uri);
      assert.throws(() => git(repos.local, 'pull', '-q', '--no-rebase', '--no-edit'), 'the pull stops on a conflict');
      left = repos.disk();
      assert.match(left, /^<<<<<<< /m);
      await waitForDisk('the store to read the conflicted file', async () => (await storeText(uri)) === left);
      await new Promise((r) => setTimeout(r, 1500)); // what enforcement would do, it has had time to do
      assert.equal(repos.disk(), left, 'the conflicted file is as git left it');
      assert.equal(await lastReport(uri), afterAgent, 'no report for the conflicted file');
      assert.deepEqual(await accepted(uri), acceptedBefore, 'the conflict is not taken as the accepted state');
      // Both sides readable: in the tree, on the board, and the conflict itself as the file's error.
      const theirsLabel = git(repos.local, 'rev-parse', 'origin/main').trim();
      let seen: BoardSnapshot | undefined;
      const sides = await waitFor('both sides on the board', async () => {
        const snap = (seen = await vscode.commands.executeCommand<BoardSnapshot | undefined>('_agentTaskBoard.boardSnapshot'));
        const found = Object.entries(snap?.conflicts ?? {}).filter(([key]) => key.startsWith(`${uri.toString()}#`));
        return found.length === 2 && found.map(([key, side]) => `${key.slice(key.lastIndexOf('#') + 1)} ${side}`).sort();
      }).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify({ ...seen, columns: undefined })}`);
      });
      assert.deepEqual(sides, [`TASK_002 HEAD`, `TASK_002~2 ${theirsLabel}`]);
      const tree = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
      assert.deepEqual(
        treeTasks(tree.rows, uri).filter((r) => r.description?.includes('conflict')).map((r) => `${r.label} | ${r.description}`).sort(),
        [`TASK_002: Task TASK_002 | conflict: ${theirsLabel} · @zoe`, 'TASK_002: Task TASK_002 | conflict: HEAD · @bob'].sort(),
      );
      const conflictErrors = vscode.languages.getDiagnostics(uri).filter((d) => typeof d.code === 'object' && d.code.value === 'merge-conflict');
      assert.equal(conflictErrors.length, 1);
      assert.match(conflictErrors[0]!.message, /TASK_002 differs between HEAD and/);
      const move = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('agentTaskBoard.release', { file: uri.toString(), id: 'TASK_002', status: 'claimed' });
      assert.equal(move.ok, false);
      assert.match(move.message ?? '', /merge conflicts/);

      const refused = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('_agentTaskBoard.enforcement.revert', uri.toString(), left);
      assert.equal(refused.ok, false);
      assert.match(refused.message ?? '', /in the middle of a merge/);
      assert.equal(repos.disk(), left);
      git(repos.local, 'merge', '--abort');

      // A clean buffer saved (Ctrl+S saves one too) while a git command holds the index's lock holds the disk's text,
      // maybe what a checkout is writing: that save puts nothing back into it, and the text is judged from the disk
      // once the lock is gone (here an agent's write, so it is reported then).
      const aborted = repos.disk();
      await waitForDisk('the aborted merge taken', async () => (await storeText(uri)) === aborted && statusOf(await accepted(uri), 'TASK_002') === 'done');
      const lockedWrite = aborted.replace(item('TASK_002', 'done', 'bob'), item('TASK_002', 'todo'));
      assert.notEqual(lockedWrite, aborted);
      const beforeLocked = await lastReport(uri);
      await underIndexLock(async () => {
        fs.writeFileSync(uri.fsPath, lockedWrite);
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc);
        await waitFor('the buffer to show the write', () => doc.getText() === lockedWrite && !doc.isDirty);
        await vscode.commands.executeCommand('workbench.action.files.save');
        assert.equal(repos.disk(), lockedWrite, 'the save of a clean buffer put something back under the lock');
        assert.equal(await lastReport(uri), beforeLocked, 'judged while the lock was held');
      });
      const lockedReport = await waitForDisk('the report once the lock is gone', async () => {
        const r = await lastReport(uri);
        return r !== beforeLocked && r;
      });
      assert.equal(lockedReport.source, 'disk');
      assert.match(lockedReport.message, /TASK_002 done → todo/);
    });
  }
});
