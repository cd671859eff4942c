// `next`: which task an agent should take now, and `next --claim` (and the
// MCP server's claim_next_task) taking it atomically: two agents asking at
// once get two tasks, on one machine and through the board branch.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parseBoard } from '../../src/core/board/parseBoard';
import { readyTasks } from '../../src/core/next/readyTasks';
import { removeWorkspaces, tempWorkspace } from './mcpSession';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const run = promisify(execFile);

function item(id: string, fields: Record<string, string>): string {
  return [`- ${id}: "Task ${id}"`, ...Object.entries(fields).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
}

/** TASK_001 done; 002 high but waits on 003; 003 medium, older than 004 (medium); 005 low; 006 high, waits on a missing id. */
const BOARD = [
  '# TODO',
  '',
  '```yaml',
  [
    item('TASK_001', { status: 'done', priority: 'high' }),
    item('TASK_002', { status: 'todo', priority: 'high', depends_on: '[TASK_001, TASK_003]' }),
    item('TASK_003', { status: 'todo', priority: 'medium', created_at: '"2026-11-02T09:00:00Z"' }),
    item('TASK_004', { status: 'todo', priority: 'medium', created_at: '"2026-11-01T09:00:00Z"', blocked_by: 'TASK_001' }),
    item('TASK_005', { status: 'todo', priority: 'low' }),
    item('TASK_006', { status: 'todo', priority: 'high', dependencies: 'TASK_999' }),
  ].join('\n\n'),
  '```',
  '',
].join('\n');

function workspace(): string {
  const dir = tempWorkspace();
  fs.writeFileSync(path.join(dir, 'TODO.md'), BOARD);
  return dir;
}

function holders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of parseBoard({ file: 'TODO.md', text }).tasks) if (t.status === 'claimed') out[t.id] = t.assignedAgent ?? '';
  return out;
}

describe('next: the task to take now', function () {
  this.timeout(120_000);
  after(removeWorkspaces);

  it('orders ready tasks by priority, then age, then file order; a task waits on unfinished or unknown ids', () => {
    const { ready, waiting } = readyTasks(parseBoard({ file: 'TODO.md', text: BOARD }).tasks);
    assert.deepEqual(ready.map((t) => t.id), ['TASK_004', 'TASK_003', 'TASK_005']);
    assert.deepEqual(
      waiting.map((w) => [w.task.id, w.on]),
      [
        ['TASK_002', ['TASK_003']],
        ['TASK_006', ['TASK_999']],
      ],
    );
  });

  it('prints the task without taking it, and with --claim claims it; exit 1 naming what waits when none is ready', async () => {
    const dir = workspace();
    const { stdout } = await run(process.execPath, [CLI, 'next'], { cwd: dir });
    assert.match(stdout, /^TODO\.md:\d+ TASK_004 \[todo\] Task TASK_004\n$/);
    const claimed = await run(process.execPath, [CLI, 'next', '--agent', 'alice', '--claim'], { cwd: dir });
    assert.match(claimed.stdout, /TASK_004 todo → claimed by alice/);
    assert.deepEqual(holders(fs.readFileSync(path.join(dir, 'TODO.md'), 'utf8')), { TASK_004: 'alice' });
    for (const agent of ['bob', 'carol']) await run(process.execPath, [CLI, 'next', '--agent', agent, '--claim'], { cwd: dir });
    const none = await run(process.execPath, [CLI, 'next', '--agent', 'dave', '--claim'], { cwd: dir }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    assert.equal(none?.code, 1);
    assert.match(none?.stderr ?? '', /No task is ready to take\. 2 waiting on unfinished tasks: TASK_002 \(on TASK_003\); TASK_006 \(on TASK_999\)/);
  });

  it('when no ready task can be claimed, says why at the file and line of the task, as claim does', async () => {
    const dir = tempWorkspace();
    fs.writeFileSync(path.join(dir, 'TODO.md'), ['# TODO', '', '```yaml', item('TASK_001', { status: 'todo' }), '', item('TASK_001', { status: 'todo' }), '```', ''].join('\n'));
    const refused = await run(process.execPath, [CLI, 'next', '--agent', 'alice', '--claim'], { cwd: dir }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    assert.equal(refused?.code, 1);
    assert.match(refused?.stderr ?? '', /^No task is ready to take \(none of the ready ones can be claimed: TODO\.md:\d+: TASK_001 appears 2 times \(lines 4, 7\)/);
  });

  it('does not offer an agent a task named for another while still to do; that agent, and next without one, get it', async () => {
    const dir = tempWorkspace();
    const board = ['```yaml', item('TASK_001', { status: 'todo', priority: 'high', assigned_agent: 'bob' }), item('TASK_002', { status: 'todo', priority: 'low' }), '```', ''];
    fs.writeFileSync(path.join(dir, 'TODO.md'), board.join('\n'));
    const asked = async (...agent: string[]): Promise<string> => (await run(process.execPath, [CLI, 'next', ...agent], { cwd: dir })).stdout;
    assert.match(await asked('--agent', 'carol'), /TASK_002 \[todo\]/);
    assert.match(await asked('--agent', 'bob'), /TASK_001 \[todo\] @bob/);
    assert.match(await asked(), /TASK_001 \[todo\] @bob/);
  });

  it('gives two agents asking at once two different tasks', async () => {
    const dir = workspace();
    await Promise.all(['alice', 'bob', 'carol'].map((agent) => run(process.execPath, [CLI, 'next', '--agent', agent, '--claim'], { cwd: dir })));
    const held = holders(fs.readFileSync(path.join(dir, 'TODO.md'), 'utf8'));
    assert.deepEqual(Object.keys(held).sort(), ['TASK_003', 'TASK_004', 'TASK_005']);
    assert.deepEqual(Object.values(held).sort(), ['alice', 'bob', 'carol']);
  });

  it('through the board branch: two clones asking at once get two tasks', async () => {
    const dir = fs.realpathSync(tempWorkspace());
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    git(dir, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
    const seed = path.join(dir, 'seed');
    git(dir, 'clone', '-q', 'remote.git', seed);
    fs.writeFileSync(path.join(seed, 'TODO.md'), BOARD);
    git(seed, 'add', '-A');
    git(seed, '-c', 'user.name=planner', '-c', 'user.email=planner@example.com', 'commit', '-q', '-m', 'board');
    git(seed, 'push', '-q', 'origin', 'main');
    const clones = ['a', 'b'].map((name) => {
      const clone = path.join(dir, name);
      git(dir, 'clone', '-q', 'remote.git', clone);
      git(clone, 'config', 'user.name', name);
      git(clone, 'config', 'user.email', `${name}@example.com`);
      return clone;
    });
    await Promise.all(clones.map((clone, i) => run(process.execPath, [CLI, 'next', '--agent', `agent-${i}`, '--claim', '--sync'], { cwd: clone })));
    const held = holders(git(path.join(dir, 'remote.git'), 'show', 'main:TODO.md'));
    assert.deepEqual(Object.keys(held).sort(), ['TASK_003', 'TASK_004']);
    assert.deepEqual(Object.values(held).sort(), ['agent-0', 'agent-1']);
  });

  it('claims through the MCP server with claim_next_task', async () => {
    const dir = workspace();
    const client = new Client({ name: 'next-test', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', dir], stderr: 'pipe' }));
    try {
      const result = await client.callTool({ name: 'claim_next_task', arguments: { agent: 'alice' } });
      const body = JSON.parse((result.content as { text: string }[])[0]!.text) as { task: { id: string } };
      assert.equal(result.isError, undefined);
      assert.equal(body.task.id, 'TASK_004');
      assert.deepEqual(holders(fs.readFileSync(path.join(dir, 'TODO.md'), 'utf8')), { TASK_004: 'alice' });
    } finally {
      await client.close();
    }
  });
});
