// Moves through the board branch (`--sync`) on real repositories in a
// temporary folder: the settings file, which branch is the board's, what the
// agent's own copy becomes, ids that do not collide, fix and work-log entries
// through the branch, the MCP server's `sync`, and every failure refused in
// one line with exit 2, leaving the working tree and the board branch as
// they were.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { run } from '../../src/cli/main';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseRepoSettings } from '../../src/core/settings/repoSettings';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function board(...items: [string, string, string?][]): string {
  const body = items.map(([id, status, agent]) => `- ${id}: "Task ${id}"\n  assigned_agent:${agent ? ` ${agent}` : ''}\n  status: ${status}\n`).join('\n');
  return `# TODO\n\n## Tasks\n\n\`\`\`yaml\n${body}\`\`\`\n\n## Session History\n\n`;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function identity(cwd: string): void {
  git(cwd, 'config', 'user.email', 'dev@example.com');
  git(cwd, 'config', 'user.name', 'dev');
}

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, cwd, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const temps: string[] = [];
function tmp(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-sync-')));
  temps.push(dir);
  return dir;
}

/** A bare remote whose main holds `text` as TODO.md, and `n` clones of it. */
function remoteWith(text: string, n: number): { remote: string; clones: string[]; dir: string } {
  const dir = tmp();
  const remote = path.join(dir, 'remote.git');
  git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
  const seed = path.join(dir, 'seed');
  git(dir, 'clone', '-q', remote, seed);
  identity(seed);
  fs.writeFileSync(path.join(seed, 'TODO.md'), text);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'board');
  git(seed, 'push', '-q', 'origin', 'main');
  const clones = Array.from({ length: n }, (_, i) => {
    const clone = path.join(dir, `clone-${i + 1}`);
    git(dir, 'clone', '-q', remote, clone);
    identity(clone);
    return clone;
  });
  return { remote, clones, dir };
}

function remoteTodo(remote: string): string {
  return git(remote, 'show', 'main:TODO.md');
}

/** What must not change when a synced move is refused. */
function state(clone: string, remote: string): string {
  return [git(clone, 'status', '--porcelain'), fs.readFileSync(path.join(clone, 'TODO.md'), 'utf8'), git(remote, 'rev-parse', 'main')].join('\n--\n');
}

describe('sync: moves through the board branch', function () {
  this.timeout(120_000);
  after(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('the settings file', () => {
    it('reads sync, and says on which line what it cannot read', () => {
      const read = parseRepoSettings('sync:\n  enabled: true\n  remote: upstream\n  branch: board\n');
      assert.deepEqual(read.settings, { sync: { enabled: true, remote: 'upstream', branch: 'board' } });
      assert.deepEqual(read.problems, []);
      const bad = parseRepoSettings('sync:\n  enabled: yes please\n  bogus: 1\ncolours: red\n');
      assert.deepEqual(
        bad.problems.map((p) => [p.line + 1, p.severity, p.message]),
        [
          [2, 'error', '.agent-task-board.yml:2: sync.enabled must be true or false'],
          [3, 'error', '.agent-task-board.yml:3: unknown setting "sync.bogus" (known: enabled, remote, branch)'],
          [4, 'warning', '.agent-task-board.yml:4: unknown setting "colours" (known: sync, lifecycle, side_statuses, status_aliases)'],
        ],
      );
      assert.equal(parseRepoSettings('sync: [').problems[0]?.code, 'bad-settings');
    });
  });

  it('claims on origin/main, fast-forwards a clone on main, edits a clone on another branch, and lists the branch', async () => {
    const { remote, clones } = remoteWith(board(['TASK_001', 'todo'], ['TASK_002', 'todo']), 2);
    const [onMain, other] = clones as [string, string];
    git(other, 'checkout', '-q', '-b', 'feature');
    const claimed = await cli(onMain, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
    assert.equal(claimed.code, 0, claimed.err);
    assert.match(claimed.out, /TASK_001 todo → claimed by alice\npublished on origin\/main as [0-9a-f]{10}; here: fast-forwarded main\n/);
    assert.equal(git(onMain, 'status', '--porcelain'), '', 'the clone on the board branch stays clean, so its next pull is not blocked');
    assert.match(git(remote, 'log', '-1', '--format=%B', 'main'), /^alice claims TASK_001\n\n\[skip ci\]/);

    const second = await cli(other, 'claim', 'TASK_002', '--agent', 'bob', '--sync');
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /here: TODO\.md edited to match/);
    const mine = parseBoard({ file: 'TODO.md', text: fs.readFileSync(path.join(other, 'TODO.md'), 'utf8') }).tasks;
    assert.deepEqual(mine.map((t) => `${t.id} ${t.status} ${t.assignedAgent ?? ''}`), ['TASK_001 todo ', 'TASK_002 claimed bob']);
    // The same edit as on the board branch: TASK_002's item there and here are the same bytes.
    const item = (text: string): string => {
      const task = parseBoard({ file: 'TODO.md', text }).tasks.find((t) => t.id === 'TASK_002')!;
      return text.slice(task.span.start, task.span.end);
    };
    assert.equal(item(fs.readFileSync(path.join(other, 'TODO.md'), 'utf8')), item(remoteTodo(remote)));
    // Merging that branch later is clean once git merges task files task by task (git-setup): Session History is a union.
    execFileSync(process.execPath, [CLI, 'git-setup'], { cwd: other, stdio: 'pipe' });
    git(other, 'add', '-A');
    git(other, 'commit', '-q', '-m', 'work on feature');
    git(other, 'fetch', '-q');
    git(other, 'merge', '-q', '--no-edit', 'origin/main');
    const merged = parseBoard({ file: 'TODO.md', text: fs.readFileSync(path.join(other, 'TODO.md'), 'utf8') });
    assert.deepEqual(merged.tasks.map((t) => `${t.id} ${t.status} ${t.assignedAgent}`), ['TASK_001 claimed alice', 'TASK_002 claimed bob']);
    assert.deepEqual(merged.history.map((h) => h.text.replace(/^\S+ /, '')).sort(), ['alice claimed TASK_001', 'bob claimed TASK_002']);

    const listed = await cli(onMain, 'list', '--sync', '--json');
    const rows = JSON.parse(listed.out) as { branch: string; rows: { id: string; status: string; assignedAgent: string | null }[] };
    assert.equal(rows.branch, 'origin/main');
    assert.deepEqual(rows.rows.map((r) => `${r.id} ${r.status} ${r.assignedAgent}`), ['TASK_001 claimed alice', 'TASK_002 claimed bob']);
  });

  it('moves through the board branch by default when the settings file says so, and names its unreadable lines', async () => {
    const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
    fs.writeFileSync(path.join(clones[0]!, '.agent-task-board.yml'), 'sync:\n  enabled: true\n  colour: red\n');
    const claimed = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice');
    assert.equal(claimed.code, 0, claimed.err);
    assert.match(claimed.out, /published on origin\/main/);
    assert.match(claimed.err, /^agent-task-board: error: \.agent-task-board\.yml:3: unknown setting "sync\.colour"/);
    assert.match(remoteTodo(remote), /assigned_agent: alice/);
    const local = await cli(clones[0]!, 'release', 'TASK_001', '--no-sync');
    assert.equal(local.code, 0, local.err);
    assert.doesNotMatch(local.out, /published/);
    assert.match(remoteTodo(remote), /assigned_agent: alice/, '--no-sync leaves the board branch alone');
  });

  it('done --sync on a checklist item names the subtasks it leaves open, in --json', async () => {
    const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
    const clone = clones[0]!;
    fs.mkdirSync(path.join(clone, '.claude', 'tasks'), { recursive: true });
    fs.writeFileSync(path.join(clone, '.claude', 'tasks', 'bob-tasks.md'), '# Bob\n\n## In Progress\n- [ ] Ship it\n  - [x] Build\n  - [ ] Sign\n\n## To Do\n\n## Completed\n');
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '-m', 'checklist');
    git(clone, 'push', '-q', 'origin', 'main');
    const done = await cli(clone, 'done', 'bob/ship-it', '--agent', 'bob', '--sync', '--json');
    assert.equal(done.code, 0, done.err);
    assert.deepEqual(JSON.parse(done.out).openSubtasks, ['Sign']);
    assert.match(git(remote, 'show', 'main:.claude/tasks/bob-tasks.md'), /## Completed\n- \[x\] Ship it/);
  });

  it('refuses a synced move in a board with a byte that is not UTF-8, which git output would turn into U+FFFD', async () => {
    const text = board(['T_1', 'todo']).replace('Task T_1', 'Task \u0097 T_1');
    const { remote, clones } = remoteWith(text, 1);
    const clone = clones[0]!;
    // Write the board with the raw byte 0x97 (a Windows-1252 em dash), as committed by someone else.
    fs.writeFileSync(path.join(clone, 'TODO.md'), Buffer.from(text, 'latin1'));
    git(clone, 'commit', '-q', '-am', 'dash');
    git(clone, 'push', '-q', 'origin', 'main');
    const before = state(clone, remote);
    const r = await cli(clone, 'claim', 'T_1', '--agent', 'alice', '--sync');
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /TODO\.md holds bytes that are not UTF-8 on the board branch; a synced move would replace them, so nothing was written/);
    assert.equal(state(clone, remote), before);
    assert.ok(execFileSync('git', ['show', 'main:TODO.md'], { cwd: remote }).includes(Buffer.from([0x20, 0x97, 0x20])), 'the byte is still on the branch');
  });

  it('refuses a task taken on the board branch with exit 3 naming the holder, though this copy still says todo', async () => {
    const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 2);
    assert.equal((await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync')).code, 0);
    const before = state(clones[1]!, remote);
    const lost = await cli(clones[1]!, 'claim', 'TASK_001', '--agent', 'bob', '--sync');
    assert.equal(lost.code, 3);
    assert.match(lost.err, /TASK_001 is already claimed by alice/);
    assert.equal(state(clones[1]!, remote), before);
  });

  it('takes the next free id on the board branch: two clones adding at once get two ids', async () => {
    const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 2);
    const [a, b] = await Promise.all([
      cli(clones[0]!, 'add', 'Write the docs', '--sync', '--priority', 'low'),
      cli(clones[1]!, 'add', 'Fix the build', '--sync'),
    ]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    const tasks = parseBoard({ file: 'TODO.md', text: remoteTodo(remote) }).tasks;
    assert.deepEqual(tasks.map((t) => t.id).sort(), ['TASK_001', 'TASK_002', 'TASK_003']);
    assert.deepEqual(tasks.map((t) => t.title).sort(), ['Fix the build', 'Task TASK_001', 'Write the docs']);
    assert.notEqual(/TASK_00\d/.exec(a.out)?.[0], /TASK_00\d/.exec(b.out)?.[0]);
  });

  it('reads and writes a board whose lines end in CR alone, keeping its CRs, on the branch and in a clone on another branch', async () => {
    const cr = (text: string): string => text.replace(/\n/g, '\r');
    const { clones, remote } = remoteWith(cr(board(['TASK_001', 'todo'], ['TASK_002', 'todo'])), 2);
    git(clones[1]!, 'checkout', '-q', '-b', 'feature');
    const listed = await cli(clones[0]!, 'list', '--sync');
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /TODO\.md:\d+ TASK_001 \[todo\]/);
    const claimed = await cli(clones[1]!, 'claim', 'TASK_001', '--agent', 'ann', '--sync');
    assert.equal(claimed.code, 0, claimed.err);
    const added = await cli(clones[0]!, 'add', 'Write the docs', '--sync');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /TASK_003 added/);
    const onBranch = remoteTodo(remote);
    assert.ok(!onBranch.includes('\n'), 'the board branch copy has no LF');
    const tasks = parseBoard({ file: 'TODO.md', text: onBranch.replace(/\r/g, '\n') }).tasks;
    assert.deepEqual(tasks.map((t) => `${t.id} ${t.status} ${t.kind === 'board' ? t.assignedAgent ?? '' : ''}`), ['TASK_001 claimed ann', 'TASK_002 todo ', 'TASK_003 todo ']);
    // The clone on another branch got the claim as an edit of its own CR-only copy.
    const feature = fs.readFileSync(path.join(clones[1]!, 'TODO.md'), 'utf8');
    assert.ok(!feature.includes('\n') && /assigned_agent: ann\r {2}status: claimed\r/.test(feature), JSON.stringify(feature));
  });

  it('fixes the board branch copy with fix --sync', async () => {
    const text = board(['TASK_001', 'WIP', 'alice']);
    const { clones, remote } = remoteWith(text, 1);
    const fixed = await cli(clones[0]!, 'fix', '--sync');
    assert.equal(fixed.code, 0, fixed.err);
    const line = text.split('\n').findIndex((l) => l.includes('status: WIP')) + 1;
    assert.match(fixed.out, new RegExp(`^TODO\\.md:${line} unknown-status TASK_001: `));
    assert.match(remoteTodo(remote), /status: in_progress/);
    assert.equal(git(clones[0]!, 'status', '--porcelain'), '');
  });

  it('fix --sync quotes an unquoted 007 dependency where the task is "007" in another of the branch\'s files', async () => {
    const { clones, remote } = remoteWith('```yaml\n- id: "008"\n  title: Next\n  status: todo\n  depends_on: [007]\n```\n', 1);
    const clone = clones[0]!;
    fs.mkdirSync(path.join(clone, 'api'));
    fs.writeFileSync(path.join(clone, 'api', 'TODO.md'), '```yaml\n- id: "007"\n  title: Base\n  status: todo\n```\n');
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '-m', 'api board');
    git(clone, 'push', '-q', 'origin', 'main');
    const fixed = await cli(clone, 'fix', '--sync');
    assert.equal(fixed.code, 0, fixed.err);
    assert.match(fixed.out, /^TODO\.md:5 unknown-dependency 008: Quote it: "007"/);
    assert.match(remoteTodo(remote), /depends_on: \["007"\]/);
  });

  it('appends a work-log entry on the board branch with log --append --sync', async () => {
    const { clones, remote } = remoteWith(board(['TASK_001', 'done', 'alice']), 1);
    const logged = await cli(clones[0]!, 'log', 'TASK_001', '--append', 'Schema done', '--details', 'Users and sessions tables', '--sync');
    assert.equal(logged.code, 0, logged.err);
    assert.match(logged.out, /^BACKEND_WORK_LOG\.md:\d+ ## .* Schema done \(TASK_001\)\npublished on origin\/main/);
    assert.match(git(remote, 'show', 'main:BACKEND_WORK_LOG.md'), /\*\*Task Summary\*\*:? Users and sessions tables/);
    assert.equal(git(clones[0]!, 'status', '--porcelain'), '', 'the new log came with the fast-forward');
  });

  it('moves on the shared local branch with no remote: update-ref compare-and-swap, the main worktree follows', async () => {
    const { dir, repo } = boardRepo(board(['TASK_001', 'todo']));
    const tree = path.join(dir, 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'agent', tree);
    const claimed = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
    assert.equal(claimed.code, 0, claimed.err);
    assert.match(claimed.out, /published on main as/);
    assert.match(git(repo, 'show', 'main:TODO.md'), /assigned_agent: alice\n {2}status: claimed/);
    assert.equal(git(repo, 'status', '--porcelain'), '', 'the worktree with main checked out follows the branch');
    assert.match(fs.readFileSync(path.join(repo, 'TODO.md'), 'utf8'), /status: claimed/);
  });

  it('next and list with --sync take only the files named, and refuse one the board branch does not have', async () => {
    const { repo } = boardRepo(board(['TASK_001', 'todo']));
    fs.mkdirSync(path.join(repo, 'sub'));
    fs.writeFileSync(path.join(repo, 'sub', 'TODO.md'), board(['SUB_001', 'todo']));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'second board');
    const next = await cli(repo, 'next', '--sync', 'sub/TODO.md', '--claim', '--agent', 'alice');
    assert.equal(next.code, 0, next.err);
    assert.match(next.out, /SUB_001 todo → claimed by alice/);
    assert.match(git(repo, 'show', 'main:sub/TODO.md'), /assigned_agent: alice\n {2}status: claimed/);
    assert.match(git(repo, 'show', 'main:TODO.md'), /assigned_agent:\n {2}status: todo/, 'the board not named is left alone');
    const listed = await cli(repo, 'list', '--sync', '--json', path.join(repo, 'TODO.md'));
    assert.equal(listed.code, 0, listed.err);
    assert.deepEqual((JSON.parse(listed.out) as { rows: { id: string }[] }).rows.map((r) => r.id), ['TASK_001']);
    fs.writeFileSync(path.join(repo, 'NEW_TODO.md'), board(['NEW_001', 'todo']));
    const missing = await cli(repo, 'next', '--sync', 'NEW_TODO.md');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /NEW_TODO\.md is not on the board branch main/);
  });

  /** A repository with no remote, `text` as TODO.md committed on `branch`, checked out in `repo`. */
  function boardRepo(text: string, branch = 'main'): { dir: string; repo: string } {
    const dir = tmp();
    const repo = path.join(dir, 'repo');
    git(dir, 'init', '-q', '-b', branch, repo);
    identity(repo);
    fs.writeFileSync(path.join(repo, 'TODO.md'), text);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'board');
    return { dir, repo };
  }

  /** A repository with no remote whose main (the board branch) is checked out in `repo`, and an agent's worktree. */
  function sharedBranch(): { repo: string; tree: string } {
    const { dir, repo } = boardRepo(board(['TASK_001', 'todo'], ['TASK_002', 'todo']));
    const tree = path.join(dir, 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'agent', tree);
    return { repo, tree };
  }

  it('a change staged in the worktree on the shared branch takes the move too, so its commit keeps the claim', async () => {
    const { repo, tree } = sharedBranch();
    // A person on main rewords a task and stages it, then an agent claims another task through the branch.
    fs.writeFileSync(path.join(repo, 'TODO.md'), board(['TASK_001', 'todo'], ['TASK_002', 'todo']).replace('"Task TASK_002"', '"Task TASK_002, reworded"'));
    git(repo, 'add', 'TODO.md');
    const claimed = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
    assert.equal(claimed.code, 0, claimed.err);
    assert.match(git(repo, 'diff', '--cached', 'main', '--', 'TODO.md'), /^\+- TASK_002: "Task TASK_002, reworded"$/m);
    assert.doesNotMatch(git(repo, 'diff', '--cached', 'main', '--', 'TODO.md'), /^[-+] .*(alice|claimed)/m, 'the staged copy holds the claim');
    git(repo, 'commit', '-q', '-m', 'reword');
    const text = git(repo, 'show', 'main:TODO.md');
    assert.match(text, /- TASK_001: "Task TASK_001"\n {2}assigned_agent: alice\n {2}status: claimed\n/);
    assert.match(text, /"Task TASK_002, reworded"/);
    const second = await cli(tree, 'claim', 'TASK_001', '--agent', 'bob', '--sync');
    assert.equal(second.code, 3, second.out);
  });

  /** A commit on main in `repo` where carol holds TASK_002, made by hand at `date` (when the branch moved past TASK_002's to-do). */
  function carolClaimsOnMain(repo: string, date?: string): void {
    fs.writeFileSync(path.join(repo, 'TODO.md'), board(['TASK_001', 'todo'], ['TASK_002', 'claimed', 'carol']));
    execFileSync('git', ['commit', '-q', '-am', 'carol claims TASK_002'], { cwd: repo, env: { ...process.env, ...(date && { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }) } });
  }

  it('an older version of the board someone staged on the shared branch is kept, and takes the move', async () => {
    const { repo, tree } = sharedBranch();
    carolClaimsOnMain(repo, '2026-01-01T00:00:00Z');
    // A person on main wants the board from before carol's claim back, and stages it.
    git(repo, 'checkout', 'HEAD~1', '--', 'TODO.md');
    const claimed = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
    assert.equal(claimed.code, 0, claimed.err);
    const staged = git(repo, 'show', ':TODO.md');
    assert.match(staged, /- TASK_001: "Task TASK_001"\n {2}assigned_agent: alice\n {2}status: claimed\n/, 'the staged copy takes the claim');
    assert.match(staged, /- TASK_002: "Task TASK_002"\n {2}assigned_agent:\n {2}status: todo\n/, 'and stays the older board');
    assert.equal(fs.readFileSync(path.join(repo, 'TODO.md'), 'utf8'), git(repo, 'show', ':TODO.md'));
    assert.match(git(repo, 'show', 'main:TODO.md'), /assigned_agent: carol\n {2}status: claimed/, 'the branch has carol\'s claim until that commit');
  });

  it('an index a follow left behind on the shared branch is brought to the tip by the next move', async () => {
    const { repo, tree } = sharedBranch();
    const before = git(repo, 'rev-parse', 'main:TODO.md').trim();
    carolClaimsOnMain(repo);
    // The branch moved and its worktree did not follow (the process ended in between): index and file as before.
    git(repo, 'update-index', '--cacheinfo', `100644,${before},TODO.md`);
    fs.writeFileSync(path.join(repo, 'TODO.md'), git(repo, 'show', `${before}`));
    const claimed = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
    assert.equal(claimed.code, 0, claimed.err);
    assert.equal(git(repo, 'rev-parse', ':TODO.md').trim(), git(repo, 'rev-parse', 'main:TODO.md').trim());
    assert.equal(git(repo, 'status', '--porcelain'), '');
    assert.match(git(repo, 'show', 'main:TODO.md'), /assigned_agent: alice\n {2}status: claimed[\s\S]*assigned_agent: carol\n {2}status: claimed/);
  });

  it('a staged change that is no UTF-8 is left byte for byte', async () => {
    const { repo, tree } = sharedBranch();
    const latin1 = Buffer.from(board(['TASK_001', 'todo'], ['TASK_002', 'todo']).replace('"Task TASK_002"', '"Caf\xe9 TASK_002"'), 'latin1');
    fs.writeFileSync(path.join(repo, 'TODO.md'), latin1);
    git(repo, 'add', 'TODO.md');
    const staged = git(repo, 'rev-parse', ':TODO.md').trim();
    assert.equal((await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync')).code, 0);
    assert.equal(git(repo, 'rev-parse', ':TODO.md').trim(), staged, 'the staged blob is the same object');
  });

  it('a board that is a symbolic link: check reads the file it names; a synced move says why it cannot', async () => {
    const dir = tmp();
    const repo = path.join(dir, 'repo');
    git(dir, 'init', '-q', '-b', 'main', repo);
    identity(repo);
    fs.mkdirSync(path.join(repo, 'boards'));
    fs.writeFileSync(path.join(repo, 'boards', 'main.md'), board(['TASK_001', 'claimed', 'alice'], ['TASK_002', 'todo']));
    fs.symlinkSync('boards/main.md', path.join(repo, 'TODO.md'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'board');
    const checked = await cli(repo, 'check');
    assert.equal(checked.code, 0, checked.out + checked.err);
    assert.equal(checked.out, 'No lifecycle violations since HEAD.\n');
    const moved = await cli(repo, 'claim', 'TASK_002', '--agent', 'bob', '--sync');
    assert.equal(moved.code, 2);
    assert.match(moved.err, /No task TASK_002 on the board branch\. TODO\.md is a symbolic link there, which synced moves do not follow/);
    const listed = await cli(repo, 'list', '--sync');
    assert.equal(listed.code, 0);
    assert.equal(listed.err, 'agent-task-board: TODO.md is a symbolic link on main, which --sync does not follow; its tasks are not listed.\n');
  });

  it('commits as the agent where git has no identity', async () => {
    const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
    const home = tmp();
    git(clones[0]!, 'config', '--unset', 'user.name');
    git(clones[0]!, 'config', '--unset', 'user.email');
    let out = '';
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'claim', 'TASK_001', '--agent', 'alice', '--sync'], {
        cwd: clones[0],
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1' },
      });
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', resolve);
    });
    assert.equal(code, 0, out);
    assert.equal(git(remote, 'log', '-1', '--format=%an <%ae>', 'main'), 'alice <alice@agent-task-board.invalid>\n');
  });

  describe('what the published change leaves behind', () => {
    it('keeps a CRLF board CRLF on the branch when the clone converts line ends (core.autocrlf=true)', async () => {
      const crlf = board(['TASK_001', 'todo'], ['TASK_002', 'todo']).replace(/\n/g, '\r\n');
      const { clones, remote } = remoteWith(crlf, 1);
      git(clones[0]!, 'config', 'core.autocrlf', 'true');
      const claimed = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(claimed.code, 0, claimed.err);
      const text = remoteTodo(remote);
      assert.match(text, /assigned_agent: alice\r\n {2}status: claimed\r\n/);
      assert.equal(text.split('\n').length - 1, text.split('\r\n').length - 1, 'every line still ends in CRLF');
      const changed = git(remote, 'diff', '--numstat', 'main~1', 'main', '--', 'TODO.md').trim().split(/\s+/);
      assert.deepEqual(changed.slice(0, 2), ['4', '2'], 'only the task lines and the history line changed');
    });

    it("asks the remote for its default branch: two clones made before and after it changed claim on one branch", async () => {
      const { remote, clones, dir } = remoteWith(board(['TASK_001', 'todo']), 1);
      // The remote keeps master too, and makes it its default; a clone made now sees master as origin/HEAD.
      git(remote, 'branch', 'master', 'main');
      git(remote, 'symbolic-ref', 'HEAD', 'refs/heads/master');
      const later = path.join(dir, 'later');
      git(dir, 'clone', '-q', remote, later);
      identity(later);
      const first = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /published on origin\/master/);
      const second = await cli(later, 'claim', 'TASK_001', '--agent', 'bob', '--sync');
      assert.equal(second.code, 3, second.out + second.err);
      assert.match(git(remote, 'show', 'master:TODO.md'), /assigned_agent: alice/);
    });

    it('with no remote, a file the change creates is added to the worktree that has the branch, not left as a staged deletion', async () => {
      const { repo, tree } = sharedBranch();
      for (const [where, text] of [
        [repo, 'From main itself'],
        [tree, 'From the agent worktree'],
      ] as const) {
        const logged = await cli(where, 'log', 'TASK_001', '--append', text, '--sync');
        assert.equal(logged.code, 0, logged.err);
      }
      assert.equal(git(repo, 'status', '--porcelain'), '', 'main\'s worktree holds the new log, staged and on disk');
      const log = fs.readFileSync(path.join(repo, 'BACKEND_WORK_LOG.md'), 'utf8');
      assert.match(log, /From main itself[\s\S]*From the agent worktree/);
      assert.equal(log, git(repo, 'show', 'main:BACKEND_WORK_LOG.md'));
    });

    it('refuses to add to a board this copy has and the branch has not, or one that is a symbolic link there', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      fs.mkdirSync(path.join(clones[0]!, 'sub'));
      fs.writeFileSync(path.join(clones[0]!, 'sub', 'TODO.md'), board(['TASK_009', 'todo']));
      const before = git(remote, 'rev-parse', 'main');
      const local = await cli(clones[0]!, 'add', 'Only here', 'sub/TODO.md', '--sync');
      assert.equal(local.code, 2, local.out);
      assert.match(local.err, /sub\/TODO\.md is not on the board branch origin\/main yet: commit it there first; nothing was written\./);
      assert.doesNotMatch(fs.readFileSync(path.join(clones[0]!, 'sub', 'TODO.md'), 'utf8'), /Only here/);

      const dir = tmp();
      const repo = path.join(dir, 'repo');
      git(dir, 'init', '-q', '-b', 'main', repo);
      identity(repo);
      fs.mkdirSync(path.join(repo, 'boards'));
      fs.writeFileSync(path.join(repo, 'boards', 'main.md'), board(['TASK_001', 'todo']));
      fs.symlinkSync('boards/main.md', path.join(repo, 'TODO.md'));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'board');
      const head = git(repo, 'rev-parse', 'main');
      const linked = await cli(repo, 'add', 'Via the link', 'TODO.md', '--sync');
      assert.equal(linked.code, 2, linked.out);
      assert.match(linked.err, /TODO\.md is a symbolic link on the board branch, which synced writes do not follow; nothing was written\./);
      assert.equal(git(repo, 'rev-parse', 'main'), head);
      assert.equal(git(remote, 'rev-parse', 'main'), before);
    });

    it('says it published when its own copy cannot be brought along (a read-only file), and exits 0', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      git(clones[0]!, 'checkout', '-q', '-b', 'feature');
      fs.chmodSync(path.join(clones[0]!, 'TODO.md'), 0o444);
      const claimed = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(claimed.code, 0, claimed.err);
      assert.match(claimed.out, /TODO\.md not brought to match here \(.*\); the board branch has the change/);
      assert.match(remoteTodo(remote), /assigned_agent: alice/);
    });

    it('with no remote, refuses while the worktree on the branch is mid-merge or has local changes the move does not apply to', async () => {
      const { repo, tree } = sharedBranch();
      // Local changes to the claimed task's own lines, on main, not committed.
      const edited = fs.readFileSync(path.join(repo, 'TODO.md'), 'utf8').replace('- TASK_001: "Task TASK_001"\n  assigned_agent:\n  status: todo', '- TASK_001: "Task TASK_001"\n  assigned_agent: carol\n  status: in_progress');
      fs.writeFileSync(path.join(repo, 'TODO.md'), edited);
      const head = git(repo, 'rev-parse', 'main');
      const conflicting = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(conflicting.code, 2, conflicting.out);
      assert.match(conflicting.err, /TODO\.md in .*, which has main checked out, has local changes this change does not apply to: commit or stash them there first; nothing was written\./);
      assert.equal(git(repo, 'rev-parse', 'main'), head);
      assert.equal(fs.readFileSync(path.join(repo, 'TODO.md'), 'utf8'), edited);
      // Another task's move applies beside those changes: published, and main's copy keeps both.
      const other = await cli(tree, 'claim', 'TASK_002', '--agent', 'bob', '--sync');
      assert.equal(other.code, 0, other.err);
      assert.match(fs.readFileSync(path.join(repo, 'TODO.md'), 'utf8'), /assigned_agent: carol\n {2}status: in_progress[\s\S]*assigned_agent: bob\n {2}status: claimed/);

      git(repo, 'checkout', '-q', '--', 'TODO.md');
      git(repo, 'reset', '-q', '--hard');
      git(repo, 'checkout', '-q', '-b', 'side', 'main~1');
      fs.writeFileSync(path.join(repo, 'TODO.md'), fs.readFileSync(path.join(repo, 'TODO.md'), 'utf8').replace('"Task TASK_002"', '"Task TASK_002 on side"'));
      git(repo, 'commit', '-q', '-am', 'side');
      git(repo, 'checkout', '-q', 'main');
      try {
        git(repo, 'merge', '-q', 'side');
      } catch {
        // The conflict is the point: main is mid-merge.
      }
      const merging = git(repo, 'rev-parse', 'main');
      const refused = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, /main is checked out in .*, which is in the middle of a merge: its commit would undo this change\. Finish it there first; nothing was written\./);
      assert.equal(git(repo, 'rev-parse', 'main'), merging);
    });

    it('with no remote, refuses while the worktree on the branch has staged a change the move does not apply to', async () => {
      const { repo, tree } = sharedBranch();
      // A person on main gives TASK_001 to a human and stages it: file and index agree, both unlike the branch.
      const staged = fs.readFileSync(path.join(repo, 'TODO.md'), 'utf8').replace('- TASK_001: "Task TASK_001"\n  assigned_agent:\n  status: todo', '- TASK_001: "Task TASK_001"\n  assigned_agent: human\n  status: claimed');
      fs.writeFileSync(path.join(repo, 'TODO.md'), staged);
      git(repo, 'add', 'TODO.md');
      const head = git(repo, 'rev-parse', 'main');
      const refused = await cli(tree, 'claim', 'TASK_001', '--agent', 'bot', '--sync');
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, /TODO\.md in .*, which has main checked out, has staged changes this change does not apply to: commit or unstage them there first; nothing was written\./);
      assert.equal(git(repo, 'rev-parse', 'main'), head);
      assert.equal(git(repo, 'show', ':TODO.md'), staged);
      // Another task's move applies to the staged copy too: published, and the staged copy keeps both.
      const other = await cli(tree, 'claim', 'TASK_002', '--agent', 'bob', '--sync');
      assert.equal(other.code, 0, other.err);
      assert.match(git(repo, 'show', ':TODO.md'), /assigned_agent: human\n {2}status: claimed[\s\S]*assigned_agent: bob\n {2}status: claimed/);
    });

    it('with no remote, takes the board branch from what every worktree shares, never from a checkout', async () => {
      const { dir, repo } = boardRepo(board(['TASK_001', 'todo']), 'develop');
      git(repo, 'branch', 'hotfix');
      const [a, b] = ['a', 'b'].map((name) => {
        const tree = path.join(dir, name);
        git(repo, 'worktree', 'add', '-q', '-b', `${name}-work`, tree);
        return tree;
      });
      // No main, no master, no setting: which branch is the one the main worktree has out, until someone checks out another.
      const refused = await cli(a!, 'claim', 'TASK_001', '--agent', 'A', '--sync');
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, /No board branch: no main or master branch here; set sync\.branch in \.agent-task-board\.yml\./);
      git(repo, 'config', '--local', 'init.defaultBranch', 'develop');
      assert.equal((await cli(a!, 'claim', 'TASK_001', '--agent', 'A', '--sync')).code, 0);
      git(repo, 'checkout', '-q', 'hotfix');
      const second = await cli(b!, 'claim', 'TASK_001', '--agent', 'B', '--sync');
      assert.equal(second.code, 3, second.out);
      assert.doesNotMatch(git(repo, 'show', 'hotfix:TODO.md'), /assigned_agent: B/);
      assert.match(git(repo, 'show', 'develop:TODO.md'), /assigned_agent: A/);
    });

    it('with no remote, refuses while the branch is being rebased, its worktree detached until the rebase ends', async () => {
      const { repo, tree } = sharedBranch();
      fs.writeFileSync(path.join(repo, 'notes.txt'), 'a\n');
      git(repo, 'add', 'notes.txt');
      git(repo, 'commit', '-q', '-m', 'A');
      fs.writeFileSync(path.join(repo, 'notes.txt'), 'b\n');
      git(repo, 'commit', '-q', '-am', 'B');
      const head = git(repo, 'rev-parse', 'main');
      try {
        git(repo, 'rebase', '-q', '-x', 'false', 'HEAD~1');
      } catch {
        // The failing exec stops the rebase: main's worktree is detached, in the middle of it.
      }
      assert.match(git(repo, 'worktree', 'list', '--porcelain'), /^detached$/m);
      const refused = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, /main is being rebased in .*: the rebase would undo this change\. Finish it there first; nothing was written\./);
      assert.equal(git(repo, 'rev-parse', 'main'), head);
      git(repo, 'rebase', '--abort');
      assert.doesNotMatch(git(repo, 'show', 'main:TODO.md'), /alice/);
      const claimed = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(claimed.code, 0, claimed.err);
    });

    it('with no remote, refuses while the worktree on the branch has the file read-only, which its index would outrun', async () => {
      const { repo, tree } = sharedBranch();
      fs.chmodSync(path.join(repo, 'TODO.md'), 0o444);
      const head = git(repo, 'rev-parse', 'main');
      const refused = await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, /TODO\.md in .*, which has main checked out, is read-only: make it writable there first; nothing was written\./);
      assert.equal(git(repo, 'rev-parse', 'main'), head);
      assert.equal(git(repo, 'status', '--porcelain'), '');
    });

    it('keeps a stray byte (not UTF-8) of a working copy the change is applied to', async () => {
      const { repo, tree } = sharedBranch();
      const withByte = (file: string) => {
        const text = fs.readFileSync(file, 'latin1').replace('"Task TASK_002"', '"Task TASK_002 \x97 note"');
        fs.writeFileSync(file, Buffer.from(text, 'latin1'));
      };
      // In main's worktree (followed by the branch) and in the agent's own copy (given the same change).
      withByte(path.join(repo, 'TODO.md'));
      withByte(path.join(tree, 'TODO.md'));
      assert.equal((await cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync')).code, 0);
      assert.equal((await cli(tree, 'add', 'Another task', '--sync')).code, 0);
      for (const copy of [repo, tree]) {
        const bytes = fs.readFileSync(path.join(copy, 'TODO.md'));
        assert.ok(bytes.includes(Buffer.from(' \x97 note', 'latin1')), `${copy}: the 0x97 byte is kept`);
        assert.ok(!bytes.includes(Buffer.from('\ufffd')), `${copy}: no U+FFFD written`);
        assert.match(bytes.toString('latin1'), /assigned_agent: alice\n {2}status: claimed/);
        assert.match(bytes.toString('latin1'), /Another task/);
      }
    });
  });

  describe('failures: one line, exit 2, nothing written', () => {
    async function refused(clone: string, remote: string, pattern: RegExp): Promise<void> {
      const before = state(clone, remote);
      const result = await cli(clone, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, pattern);
      assert.equal(result.err.trim().split('\n').length, 1, `one line: ${result.err}`);
      assert.equal(state(clone, remote), before);
    }

    it('an unreachable remote', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      git(clones[0]!, 'remote', 'set-url', 'origin', path.join(tmp(), 'gone.git'));
      await refused(clones[0]!, remote, /Cannot reach the remote origin/);
    });

    it('a remote that refuses the credentials', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      const server = http.createServer((_req, res) => {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
        res.end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        git(clones[0]!, 'remote', 'set-url', 'origin', `http://127.0.0.1:${(server.address() as AddressInfo).port}/board.git`);
        await refused(clones[0]!, remote, /origin refused the credentials/);
      } finally {
        server.close();
      }
    });

    it('a pre-push hook that names 401 and "permission denied" in its own words: still the hook, not the credentials', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      fs.writeFileSync(path.join(clones[0]!, '.git', 'hooks', 'pre-push'), '#!/bin/sh\necho "TASK_401 has no reviewer: permission denied" >&2\nexit 1\n', { mode: 0o755 });
      await refused(clones[0]!, remote, /^The push to origin was stopped here before it was sent \(TASK_401 has no reviewer: permission denied\): a pre-push hook\? Nothing was written\.$/m);
    });

    it('a remote that asks for credentials only for the push: said as the credentials, not as a hook', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      // Fetches and ls-remote go to git's own HTTP backend; the push itself is answered 401 (the "auth for pushes
      // only" set-up of git-http-backend), so git ends it with exit 1 and nothing sent, as a refusing hook does.
      const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (req.method === 'POST' && url.pathname.endsWith('/git-receive-pack')) {
          res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
          res.end();
          return;
        }
        const cgi = spawn('git', ['http-backend'], {
          env: { ...process.env, GIT_PROJECT_ROOT: path.dirname(remote), GIT_HTTP_EXPORT_ALL: '1', REMOTE_USER: 'agent', PATH_INFO: url.pathname, QUERY_STRING: url.search.slice(1), REQUEST_METHOD: req.method ?? 'GET', CONTENT_TYPE: req.headers['content-type'] ?? '' },
        });
        req.pipe(cgi.stdin);
        const out: Buffer[] = [];
        cgi.stdout.on('data', (d: Buffer) => out.push(d));
        cgi.on('close', () => {
          const all = Buffer.concat(out);
          const end = all.indexOf('\r\n\r\n');
          const headers = all.subarray(0, end).toString().split('\r\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as const);
          const status = Number(headers.find(([k]) => k === 'Status')?.[1].split(' ')[0] ?? 200);
          res.writeHead(status, Object.fromEntries(headers.filter(([k]) => k !== 'Status')));
          res.end(all.subarray(end + 4));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        git(clones[0]!, 'remote', 'set-url', 'origin', `http://127.0.0.1:${(server.address() as AddressInfo).port}/${path.basename(remote)}`);
        await refused(clones[0]!, remote, /^origin refused the credentials \(.*\); nothing was written\.$/m);
      } finally {
        server.close();
      }
    });

    it('a protected board branch: the push is refused, and the message names the setting', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      const hook = path.join(remote, 'hooks', 'pre-receive');
      fs.writeFileSync(hook, '#!/bin/sh\necho "main is protected" >&2\nexit 1\n', { mode: 0o755 });
      await refused(clones[0]!, remote, /origin refused the push to main .*sync\.branch in \.agent-task-board\.yml/);
    });

    it('a remote that cannot store the pushed objects: said with its reason, not as a protected branch', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      // A size limit on what the remote takes (a host's quota): git reports "[remote rejected] (unpacker error)", as for a
      // full disk or an objects folder it may not write; another branch would not help.
      git(remote, 'config', 'receive.maxInputSize', '10');
      await refused(clones[0]!, remote, /^origin could not store the pushed objects \(pack exceeds maximum allowed size\): its disk space, its permissions or a size limit\? Nothing was written\.$/m);
    });

    it('a pre-push hook here that refuses: said as the push stopped here, not as a remote out of reach', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      fs.writeFileSync(path.join(clones[0]!, '.git', 'hooks', 'pre-push'), '#!/bin/sh\necho "board pushes need review" >&2\nexit 1\n', { mode: 0o755 });
      await refused(clones[0]!, remote, /^The push to origin was stopped here before it was sent \(board pushes need review\): a pre-push hook\? Nothing was written\.$/m);
    });

    it('a pre-push hook that says `fatal:` itself: still the push stopped here (git exits 1 for a hook, 128 for a lost remote)', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      fs.writeFileSync(path.join(clones[0]!, '.git', 'hooks', 'pre-push'), '#!/bin/sh\necho "fatal: no pushes on Fridays" >&2\nexit 1\n', { mode: 0o755 });
      await refused(clones[0]!, remote, /^The push to origin was stopped here before it was sent \(no pushes on Fridays\): a pre-push hook\? Nothing was written\.$/m);
    });

    /** A hook in the remote that, once its branch has moved, runs `then` and kills the push's receiving end: the answer is lost. */
    function loseTheAnswer(remote: string, then = ''): void {
      const hook = `#!/bin/sh\nif [ "$1" = committed ]; then ${then} kill -9 $PPID; fi\nexit 0\n`;
      fs.writeFileSync(path.join(remote, 'hooks', 'reference-transaction'), hook, { mode: 0o755 });
    }

    it('a push whose answer is lost after the remote took it: the remote is asked, and the claim is made', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      loseTheAnswer(remote);
      const claimed = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(claimed.code, 0, claimed.err);
      assert.match(remoteTodo(remote), /assigned_agent: alice\n {2}status: claimed/);
      assert.equal(git(clones[0]!, 'rev-parse', 'origin/main'), git(remote, 'rev-parse', 'main'));
      assert.match(fs.readFileSync(path.join(clones[0]!, 'TODO.md'), 'utf8'), /assigned_agent: alice\n {2}status: claimed/);
    });

    it('a push whose answer is lost while another agent publishes on top of it: the claim is made', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      // Once (the flag file), the remote's branch gets another commit on top of the pushed one before the answer is
      // lost, and another fetch of the clone holds its ref's lock for a moment (the look at the branch tries again).
      const refLock = path.join(clones[0]!, '.git', 'refs', 'remotes', 'origin', 'main.lock');
      const onTop =
        '[ -e on-top ] || { touch on-top; export GIT_AUTHOR_NAME=bob GIT_AUTHOR_EMAIL=bob@example.com GIT_COMMITTER_NAME=bob GIT_COMMITTER_EMAIL=bob@example.com; ' +
        'git update-ref refs/heads/main "$(git commit-tree -p refs/heads/main -m "bob was here" "refs/heads/main^{tree}")"; ' +
        `mkdir -p '${path.dirname(refLock)}'; : > '${refLock}'; };`;
      loseTheAnswer(remote, onTop);
      // The other fetch lets go of the lock 0.4 s after it took it: once. (Removed again, the lock taken next would be
      // the claim's own fetch's, which then fails as "couldn't set": no other git does that.)
      let seen: number | undefined;
      const other = setInterval(() => {
        if (seen === undefined && fs.existsSync(refLock)) seen = Date.now();
        if (seen !== undefined && Date.now() - seen > 400) {
          fs.rmSync(refLock, { force: true });
          clearInterval(other);
        }
      }, 20);
      const claimed = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync').finally(() => clearInterval(other));
      assert.ok(seen !== undefined, 'the lock was never taken');
      assert.equal(claimed.code, 0, claimed.err);
      assert.equal(git(remote, 'log', '-2', '--format=%s', 'main'), 'bob was here\nalice claims TASK_001\n');
      assert.match(fs.readFileSync(path.join(clones[0]!, 'TODO.md'), 'utf8'), /assigned_agent: alice\n {2}status: claimed/);
    });

    it('asks the remote for its branch by its whole name, not a ref whose name ends the same way', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      git(remote, 'update-ref', 'refs/heads/a/refs/heads/main', git(remote, 'rev-parse', 'main').trim());
      loseTheAnswer(remote);
      const claimed = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(claimed.code, 0, claimed.err);
      assert.match(remoteTodo(remote), /assigned_agent: alice/);
    });

    it('a push whose answer is lost, with the remote gone after it: it may have landed, and the message says so', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      loseTheAnswer(remote, 'mv "$(pwd)" "$(pwd).away";');
      const lost = await cli(clones[0]!, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(lost.code, 2, lost.err);
      assert.match(lost.err, /^The push to origin lost its connection \(fatal: the remote end hung up unexpectedly\), and origin cannot be asked now: the change may be on origin\/main\. Run the command again; it reads the branch first\.$/m);
      assert.doesNotMatch(lost.err, /nothing was written/i);
      assert.match(git(`${remote}.away`, 'show', 'main:TODO.md'), /assigned_agent: alice/, 'it did land');
    });

    it("a ref lock left on the board branch: said as the lock once the branch has not moved for 10 s, not tried for 2 minutes", async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      fs.writeFileSync(path.join(remote, 'refs', 'heads', 'main.lock'), '');
      const { repo, tree } = sharedBranch();
      fs.writeFileSync(path.join(repo, '.git', 'refs', 'heads', 'main.lock'), '');
      const before = git(repo, 'rev-parse', 'main');
      // Side by side: each waits its 10 s.
      const [, stuck] = await Promise.all([
        refused(clones[0]!, remote, /^origin\/main has not moved while its lock \S*remote\.git\/\.\/refs\/heads\/main\.lock stayed for \d+ s: a git command that stopped left it\? Remove it if no git command is running there; nothing was written\.$/m),
        cli(tree, 'claim', 'TASK_001', '--agent', 'alice', '--sync'),
      ]);
      assert.equal(stuck.code, 2, stuck.err);
      assert.match(stuck.err, /^main has not moved while its lock \S*\.git\/refs\/heads\/main\.lock stayed for \d+ s/m);
      assert.equal(git(repo, 'rev-parse', 'main'), before);
    });

    it('a detached HEAD, a shallow clone, no commits yet', async () => {
      const { clones, remote, dir } = remoteWith(board(['TASK_001', 'todo']), 1);
      git(clones[0]!, 'checkout', '-q', '--detach');
      await refused(clones[0]!, remote, /HEAD is detached/);
      const shallow = path.join(dir, 'shallow');
      git(dir, 'clone', '-q', '--depth', '1', `file://${remote}`, shallow);
      await refused(shallow, remote, /shallow clone/);
      // A read of the board branch needs neither: a CI checkout (shallow, detached) lists and picks tasks.
      for (const copy of [clones[0]!, shallow]) {
        const listed = await cli(copy, 'list', '--sync');
        assert.equal(listed.code, 0, listed.err);
        assert.match(listed.out, /TODO\.md:\d+ TASK_001 \[todo\]/);
        assert.equal((await cli(copy, 'next', '--sync')).code, 0);
      }
      const empty = path.join(dir, 'empty');
      git(dir, 'init', '-q', empty);
      fs.writeFileSync(path.join(empty, 'TODO.md'), board(['TASK_001', 'todo']));
      const result = await cli(empty, 'claim', 'TASK_001', '--agent', 'alice', '--sync');
      assert.equal(result.code, 2);
      assert.match(result.err, /has no commits yet/);
    });

    it('concurrent synced moves in one clone leave its refs and index whole', async () => {
      const ids = ['TASK_001', 'TASK_002', 'TASK_003', 'TASK_004', 'TASK_005', 'TASK_006'];
      const { clones, remote } = remoteWith(board(...ids.map((id): [string, string] => [id, 'todo'])), 1);
      const results = await Promise.all(ids.map((id) => cli(clones[0]!, 'claim', id, '--agent', 'alice', '--sync')));
      assert.deepEqual(results.map((r) => r.code), ids.map(() => 0), results.map((r) => r.err).join(''));
      git(clones[0]!, 'fsck', '--no-progress');
      assert.equal(git(clones[0]!, 'status', '--porcelain'), '');
      assert.equal(parseBoard({ file: 'TODO.md', text: remoteTodo(remote) }).tasks.filter((t) => t.status === 'claimed').length, ids.length);
      assert.equal(fs.readFileSync(path.join(clones[0]!, 'TODO.md'), 'utf8'), remoteTodo(remote));
    });
  });

  describe('the MCP server', () => {
    it('claims, adds a task and appends a work-log entry through the board branch with sync: true', async () => {
      const { clones, remote } = remoteWith(board(['TASK_001', 'todo']), 1);
      const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', clones[0]!], stderr: 'pipe' });
      const client = new Client({ name: 'sync-test', version: '0.0.0' });
      await client.connect(transport);
      try {
        const call = async (name: string, args: Record<string, unknown>) => {
          const result = await client.callTool({ name, arguments: args });
          return { isError: result.isError === true, body: JSON.parse((result.content as { text: string }[])[0]!.text) };
        };
        const claim = await call('claim_task', { id: 'TASK_001', agent: 'alice', sync: true });
        assert.equal(claim.isError, false, JSON.stringify(claim.body));
        assert.equal(claim.body.sync.branch, 'origin/main');
        const added = await call('add_task', { title: 'Write the docs', sync: true });
        assert.equal(added.body.id, 'TASK_002');
        const logged = await call('append_work_log', { taskId: 'TASK_001', summary: 'Schema done', taskSummary: 'The schema', sync: true });
        assert.equal(logged.isError, false, JSON.stringify(logged.body));
        assert.match(remoteTodo(remote), /TASK_002: "Write the docs"/);
        assert.match(git(remote, 'show', 'main:BACKEND_WORK_LOG.md'), /Schema done \(TASK_001\)/);
        assert.equal(git(clones[0]!, 'status', '--porcelain'), '');
        const taken = await call('claim_task', { id: 'TASK_001', agent: 'bob', sync: true });
        assert.equal(taken.isError, true);
        assert.match(taken.body.error, /claimed by alice/);
      } finally {
        await client.close();
      }
    });
  });
});
