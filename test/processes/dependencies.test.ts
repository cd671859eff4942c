// Dependencies between tasks from the command line and the MCP server: a
// claim of a task that waits on unfinished ones is refused with exit 3 (a
// tool error) naming them; --force / force: true claims it and the Session
// History line says so, also through the board branch; `next` never picks a
// waiting task; `lint` reports unknown ids and cycles across files.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './cliRun';
import { call, closeSessions, connect, removeWorkspaces } from './mcpSession';

/** TASK_7 waits on TASK_3 (in progress, in another file) and TASK_5 (todo); TASK_8 on TASK_1 (done). */
const BOARD = [
  '# TODO',
  '',
  '```yaml',
  '- TASK_1: "Schema"',
  '  assigned_agent: agent-a',
  '  status: done',
  '',
  '- TASK_5: "Endpoint"',
  '  priority: low',
  '  assigned_agent:',
  '  status: todo',
  '',
  '- TASK_7: "Webhooks"',
  '  priority: high',
  '  assigned_agent:',
  '  status: todo',
  '  depends_on: [TASK_3, TASK_5]',
  '',
  '- TASK_8: "Docs"',
  '  priority: high',
  '  assigned_agent:',
  '  status: todo',
  '  blocked_by: TASK_1',
  '```',
  '',
  '## Session History',
  '',
  '- 2026-11-20T09:00:00Z planner added tasks',
  '',
].join('\n');

const API_BOARD = ['```yaml', '- TASK_3: "Auth"', '  assigned_agent: agent-a', '  status: in_progress', '```', ''].join('\n');

const temps: string[] = [];

function workspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-deps-')));
  temps.push(dir);
  fs.writeFileSync(path.join(dir, 'TODO.md'), BOARD);
  fs.mkdirSync(path.join(dir, 'api'));
  fs.writeFileSync(path.join(dir, 'api', 'TODO.md'), API_BOARD);
  return dir;
}

function read(dir: string, file = 'TODO.md'): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

describe('dependencies: claim, next and lint', function () {
  this.timeout(120_000);

  afterEach(closeSessions);
  after(() => {
    removeWorkspaces();
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the claim of a waiting task with exit 3 naming the unfinished ids; the file is untouched', () => {
    const dir = workspace();
    const r = cli(dir, 'claim', 'TASK_7', '--agent', 'agent-b');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stderr, 'TODO.md:13: TASK_7 is waiting on unfinished tasks: TASK_3 (in_progress), TASK_5 (todo). Take another task, or force the claim. (--force claims it anyway.)\n');
    assert.equal(read(dir), BOARD);
    // Naming the file does not hide the dependency in the other one.
    const named = cli(dir, 'claim', 'TASK_7', 'TODO.md', '--agent', 'agent-b', '--json');
    assert.equal(named.status, 3);
    assert.deepEqual(JSON.parse(named.stdout).waitingOn, [
      { id: 'TASK_3', known: true, status: 'in_progress' },
      { id: 'TASK_5', known: true, status: 'todo' },
    ]);
    // A task whose dependency is done is claimed as ever.
    const ready = cli(dir, 'claim', 'TASK_8', '--agent', 'agent-b');
    assert.equal(ready.status, 0, ready.stderr);
    assert.match(read(dir), /- \S+ agent-b claimed TASK_8\n/);
  });

  it('claims with --force and records it in the Session History line', () => {
    const dir = workspace();
    const r = cli(dir, 'claim', 'TASK_7', '--agent', 'agent-b', '--force', '--now', '2026-11-21T10:00:00Z');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'TODO.md:13 TASK_7 todo → claimed by agent-b (forced past TASK_3, TASK_5 unfinished)\n');
    const after = read(dir);
    assert.match(after, /- TASK_7: "Webhooks"\n {2}priority: high\n {2}assigned_agent: agent-b\n {2}status: claimed\n/);
    assert.match(after, /\n- 2026-11-21T10:00:00Z agent-b claimed TASK_7 \(forced past TASK_3, TASK_5 unfinished\)\n/);
  });

  it('next never picks a waiting task, and next --claim skips it', () => {
    const dir = workspace();
    // TASK_7 is high and oldest in file order, but waits: TASK_8 (high, ready) comes first, then TASK_5.
    assert.match(cli(dir, 'next').stdout, /^TODO\.md:\d+ TASK_8 \[todo\]/);
    const picks = ['agent-b', 'agent-c', 'agent-d'].map((agent) => cli(dir, 'next', '--agent', agent, '--claim'));
    assert.deepEqual(picks.map((p) => p.status), [0, 0, 1]);
    assert.match(picks[0]!.stdout, /TASK_8 todo → claimed by agent-b/);
    assert.match(picks[1]!.stdout, /TASK_5 todo → claimed by agent-c/);
    assert.match(picks[2]!.stderr, /No task is ready to take\. 1 waiting on unfinished tasks: TASK_7 \(on TASK_3, TASK_5\)/);
    assert.match(read(dir), /- TASK_7: "Webhooks"\n {2}priority: high\n {2}assigned_agent:\n {2}status: todo\n/);
  });

  it('lint reports an unknown id and a cycle on the lines that name them, also when only one file is named', () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'api', 'TODO.md'), API_BOARD.replace('  status: in_progress', '  status: in_progress\n  dependencies: [TASK_7]'));
    fs.writeFileSync(path.join(dir, 'TODO.md'), BOARD.replace('blocked_by: TASK_1', 'blocked_by: "TASK_1, TASK_99"'));
    const rows = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as { file: string; line: number; column: number; code: string; severity: string }[])
        .filter((p) => p.code.includes('dependency'))
        .map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.code}`);
    const all = cli(dir, 'lint', '--json');
    assert.equal(all.status, 1, 'a cycle is an error');
    assert.deepEqual(rows(all), [
      'TODO.md:17:16 error dependency-cycle',
      'TODO.md:23:24 warning unknown-dependency',
      'api/TODO.md:5:18 error dependency-cycle',
    ]);
    // The named file's problems only, judged against the whole workspace (TASK_3 is in api/TODO.md).
    assert.deepEqual(rows(cli(dir, 'lint', '--json', 'TODO.md')), ['TODO.md:17:16 error dependency-cycle', 'TODO.md:23:24 warning unknown-dependency']);
    assert.match(all.stdout, /TASK_7 depends on TASK_3, which leads back to it \(TASK_7 → TASK_3 → TASK_7\)/);
  });

  it('claim --force --sync records the override on the board branch and in the working copy', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-deps-sync-')));
    temps.push(dir);
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    git(dir, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
    const clone = path.join(dir, 'clone');
    git(dir, 'clone', '-q', 'remote.git', clone);
    git(clone, 'config', 'user.name', 'agent-b');
    git(clone, 'config', 'user.email', 'agent-b@example.com');
    fs.writeFileSync(path.join(clone, 'TODO.md'), BOARD);
    fs.mkdirSync(path.join(clone, 'api'));
    fs.writeFileSync(path.join(clone, 'api', 'TODO.md'), API_BOARD);
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '-m', 'board');
    git(clone, 'push', '-q', 'origin', 'main');

    const refused = cli(clone, 'claim', 'TASK_7', '--agent', 'agent-b', '--sync');
    assert.equal(refused.status, 3, refused.stderr);
    assert.match(refused.stderr, /TASK_7 is waiting on unfinished tasks: TASK_3 \(in_progress\), TASK_5 \(todo\)\. .*\(on origin\/main\)/);

    const forced = cli(clone, 'claim', 'TASK_7', '--agent', 'agent-b', '--sync', '--force', '--now', '2026-11-21T10:00:00Z');
    assert.equal(forced.status, 0, forced.stderr);
    const line = '- 2026-11-21T10:00:00Z agent-b claimed TASK_7 (forced past TASK_3, TASK_5 unfinished)\n';
    assert.ok(git(path.join(dir, 'remote.git'), 'show', 'main:TODO.md').includes(line), 'on the board branch');
    assert.match(git(path.join(dir, 'remote.git'), 'log', '-1', '--format=%s', 'main'), /^agent-b claims TASK_7 \(forced past TASK_3, TASK_5 unfinished\)/);
    assert.ok(read(clone).includes(line), 'in the working copy');
  });

  it('MCP: get_task shows waitingOn, claim_task refuses naming the ids, force: true claims and records it, lint reports unknown ids', async () => {
    const dir = workspace();
    const client = await connect(dir);
    // get_task says what the task waits on before any claim is tried; a task waiting on nothing has no waitingOn.
    const t7 = await call(client, 'get_task', { id: 'TASK_7' });
    assert.deepEqual(t7.body.waitingOn, [
      { id: 'TASK_3', known: true, status: 'in_progress' },
      { id: 'TASK_5', known: true, status: 'todo' },
    ]);
    assert.equal((await call(client, 'get_task', { id: 'TASK_8' })).body.waitingOn, undefined);
    const refused = await call(client, 'claim_task', { id: 'TASK_7', agent: 'agent-b' });
    assert.equal(refused.isError, true);
    assert.equal(refused.body.code, 'waiting');
    assert.match(refused.body.error, /TASK_7 is waiting on unfinished tasks: TASK_3 \(in_progress\), TASK_5 \(todo\)/);
    assert.deepEqual(refused.body.waitingOn.map((w: { id: string }) => w.id), ['TASK_3', 'TASK_5']);
    assert.match(refused.body.next, /force: true/);
    assert.equal(read(dir), BOARD);

    const forced = await call(client, 'claim_task', { id: 'TASK_7', agent: 'agent-b', force: true });
    assert.equal(forced.isError, false, JSON.stringify(forced.body));
    assert.deepEqual(forced.body.forcedPast, ['TASK_3', 'TASK_5']);
    assert.match(read(dir), /\n- \S+ agent-b claimed TASK_7 \(forced past TASK_3, TASK_5 unfinished\)\n/);

    // lint sees the workspace too: an id no file has, on the line that names it.
    fs.writeFileSync(path.join(dir, 'api', 'TODO.md'), API_BOARD.replace('  status: in_progress', '  status: in_progress\n  depends_on: TASK_404'));
    const lint = await call(client, 'lint', { code: 'unknown-dependency' });
    assert.deepEqual(
      lint.body.problems.map((p: { file: string; line: number; code: string }) => `${p.file}:${p.line} ${p.code}`),
      ['api/TODO.md:5 unknown-dependency'],
    );
  });
});
