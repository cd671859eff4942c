// The command line and the MCP server under the repository's own lifecycle
// (`.agent-task-board.yml`): `move ID --to`, `done` refused where review comes
// first, `check --base` and `lint` following the file, and `move_task`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, cli, gitRepo } from './cliRun';
import { removeWorkspaces, tempWorkspace } from './mcpSession';

const SETTINGS = `lifecycle: [todo, claimed, in_progress, review, done]
side_statuses:
  blocked: [claimed, in_progress]
  cancelled: any
status_aliases:
  pending: todo
  in-review: review
`;

function item(id: string, status: string, agent = ''): string {
  return [`- ${id}: "Task ${id}"`, `  assigned_agent:${agent ? ` ${agent}` : ''}`, `  status: ${status}`].join('\n');
}

function board(...items: string[]): string {
  return ['# TODO', '', '```yaml', items.join('\n\n'), '```', '', '## Session History', '', ''].join('\n');
}

function workspace(settings: string | undefined, text: string): string {
  const dir = tempWorkspace();
  if (settings !== undefined) fs.writeFileSync(path.join(dir, '.agent-task-board.yml'), settings);
  fs.writeFileSync(path.join(dir, 'TODO.md'), text);
  return dir;
}

const read = (dir: string): string => fs.readFileSync(path.join(dir, 'TODO.md'), 'utf8');

describe('the command line under the repository lifecycle', function () {
  this.timeout(60_000);
  after(removeWorkspaces);

  it('refuses done where review comes first (exit 3), and moves to review with move --to', () => {
    const dir = workspace(SETTINGS, board(item('T1', 'in_progress', 'ann')));
    const before = read(dir);
    const done = cli(dir, 'done', 'T1', '--agent', 'ann');
    assert.equal(done.status, 3, done.stderr);
    assert.match(done.stderr, /T1 cannot go in_progress → done; from in_progress the next legal status is review/);
    assert.equal(read(dir), before);
    const review = cli(dir, 'move', 'T1', '--to', 'in-review', '--agent', 'ann', '--no-stamps');
    assert.equal(review.status, 0, review.stderr);
    assert.match(review.stdout, /T1 in_progress → review by ann/);
    assert.match(read(dir), /status: review\n/);
    assert.match(read(dir), /ann moved T1 to review\n/);
    const finished = cli(dir, 'done', 'T1', '--agent', 'ann', '--no-stamps', '--no-history');
    assert.equal(finished.status, 0, finished.stderr);
    assert.match(read(dir), /status: done\n/);
  });

  it('says which statuses there are for a word that is none, and without --to', () => {
    const dir = workspace(SETTINGS, board(item('T1', 'todo')));
    const bad = cli(dir, 'move', 'T1', '--to', 'parked');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--to parked is not a status of this repository's lifecycle \(todo, claimed, in_progress, review, done, blocked, cancelled\)/);
    const missing = cli(dir, 'move', 'T1');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /move needs the status to go to/);
  });

  it('lists a side status as itself and an unknown word as written; the default lifecycle holds without the file', () => {
    const text = board(item('T1', 'blocked', 'ann'), item('T2', 'pending'));
    const withFile = JSON.parse(cli(workspace(SETTINGS, text), 'list', '--json').stdout) as { id: string; status: string }[];
    assert.deepEqual(withFile.map((t) => [t.id, t.status]), [['T1', 'blocked'], ['T2', 'todo']]);
    const plain = JSON.parse(cli(workspace(undefined, text), 'list', '--json').stdout) as { id: string; status: string }[];
    assert.deepEqual(plain.map((t) => [t.id, t.status]), [['T1', 'blocked'], ['T2', 'todo']]);
    const lint = JSON.parse(cli(workspace(undefined, text), 'lint', '--json').stdout) as { code: string; message: string }[];
    assert.ok(lint.some((p) => p.code === 'unknown-status' && /Status "blocked" of T1 is not one of todo, claimed, in_progress, done/.test(p.message)));
  });

  it('lints the settings file on its lines, and keeps the default lifecycle while it has an error', () => {
    const dir = workspace('lifecycle:\n  - todo\n  - done\nside_statuses:\n  done: any\n', board(item('T1', 'review', 'ann')));
    const rows = JSON.parse(cli(dir, 'lint', '--json').stdout) as { file: string; line: number; code: string; message: string; severity: string }[];
    const settings = rows.filter((r) => r.file === '.agent-task-board.yml');
    assert.deepEqual(settings.map((r) => [r.line, r.severity]), [[1, 'warning'], [5, 'error']]);
    assert.match(settings[0]!.message, /the default lifecycle \(todo, claimed, in_progress, done\) holds until it is fixed/);
    assert.ok(rows.some((r) => r.file === 'TODO.md' && r.code === 'unknown-status'));
  });

  it('check --base judges a commit by the repository lifecycle', () => {
    const dir = workspace(SETTINGS, board(item('T1', 'in_progress', 'ann'), item('T2', 'in_progress', 'bob')));
    gitRepo(dir);
    fs.writeFileSync(path.join(dir, 'TODO.md'), board(item('T1', 'review', 'ann'), item('T2', 'done', 'bob')));
    const r = cli(dir, 'check', '--json');
    assert.equal(r.status, 1, r.stderr);
    const rows = JSON.parse(r.stdout) as { code: string; message: string }[];
    assert.deepEqual(rows.map((p) => p.code), ['illegal-transition']);
    assert.match(rows[0]!.message, /T2 moved in_progress → done/);
  });

  it('moves through the MCP server with move_task, and names the calls in get_task', async () => {
    const dir = workspace(SETTINGS, board(item('T1', 'in_progress', 'ann')));
    const client = new Client({ name: 'lifecycle-test', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', dir], stderr: 'pipe' }));
    try {
      const text = (result: unknown) => JSON.parse(((result as { content: { text: string }[] }).content)[0]!.text) as Record<string, unknown>;
      const task = text(await client.callTool({ name: 'get_task', arguments: { id: 'T1' } }));
      assert.deepEqual(task.nextMoves, ['move_task to review', 'move_task to blocked', 'move_task to cancelled', 'release_task']);
      const refused = await client.callTool({ name: 'complete_task', arguments: { id: 'T1', agent: 'ann' } });
      assert.equal(refused.isError, true);
      assert.match(text(refused).error as string, /in_progress → done/);
      const moved = await client.callTool({ name: 'move_task', arguments: { id: 'T1', to: 'review', agent: 'ann' } });
      assert.equal(moved.isError, undefined, JSON.stringify(moved));
      assert.deepEqual([text(moved).from, text(moved).to], ['in_progress', 'review']);
      assert.match(read(dir), /status: review\n/);
      const unknown = await client.callTool({ name: 'move_task', arguments: { id: 'T1', to: 'parked' } });
      assert.equal(unknown.isError, true);
    } finally {
      await client.close();
    }
  });

  it('where the claim starts the work, claim_task says what comes next and start_task moves nothing on', async () => {
    const dir = workspace('lifecycle: [backlog, doing, review, done]\n', board(item('T1', 'backlog'), item('T2', 'backlog')));
    const client = new Client({ name: 'lifecycle-claim', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', dir], stderr: 'pipe' }));
    try {
      const text = (result: unknown) => JSON.parse(((result as { content: { text: string }[] }).content)[0]!.text) as Record<string, unknown>;
      const claimed = text(await client.callTool({ name: 'claim_task', arguments: { id: 'T1', agent: 'ann' } }));
      assert.deepEqual([claimed.from, claimed.to, claimed.next], ['backlog', 'doing', 'Do the work, call append_work_log, then move_task to review.']);
      const started = await client.callTool({ name: 'start_task', arguments: { id: 'T1', agent: 'ann' } });
      assert.equal(started.isError, true);
      assert.match(text(started).error as string, /T1 is already doing by ann/);
      const next = text(await client.callTool({ name: 'claim_next_task', arguments: { agent: 'bob' } }));
      assert.equal(next.next, 'Do the work, call append_work_log, then move_task to review.');
      assert.match(read(dir), /- T1: "Task T1"\n {2}assigned_agent: ann\n {2}status: doing\n/);
    } finally {
      await client.close();
    }
  });

  it('MCP: status words as the lifecycle reads them, and hints that fit where the task is', async () => {
    const dir = workspace(SETTINGS, board(item('T1', 'in-review', 'ann'), item('T2', 'done', 'ann'), item('T3', 'cancelled', 'bob'), item('T4', 'todo')));
    const client = new Client({ name: 'lifecycle-hints', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', dir], stderr: 'pipe' }));
    try {
      const text = (result: unknown) => JSON.parse(((result as { content: { text: string }[] }).content)[0]!.text) as Record<string, unknown>;
      const listed = text(await client.callTool({ name: 'list_tasks', arguments: { status: ['In Review'] } }));
      assert.deepEqual((listed.tasks as { id: string }[]).map((t) => t.id), ['T1']);
      const strange = await client.callTool({ name: 'list_tasks', arguments: { status: ['parked'] } });
      assert.equal(strange.isError, true);
      assert.match(text(strange).error as string, /status "parked" is not a status of this repository's lifecycle/);
      const bogus = await client.callTool({ name: 'claim_task', arguments: { id: 'T4', agent: 'cy', expectedStatus: 'bogus' } });
      assert.equal(bogus.isError, true);
      assert.match(text(bogus).error as string, /expectedStatus "bogus" is not a status/);
      assert.match(read(dir), /- T4: "Task T4"\n {2}assigned_agent:\n {2}status: todo\n/);
      const done = text(await client.callTool({ name: 'claim_task', arguments: { id: 'T2', agent: 'cy' } }));
      assert.doesNotMatch(done.next as string, /held by/);
      assert.match(done.next as string, /It is done, which is final/);
      const cancelled = text(await client.callTool({ name: 'complete_task', arguments: { id: 'T3', agent: 'cy' } }));
      assert.match(cancelled.next as string, /^It is cancelled, which is final/);
    } finally {
      await client.close();
    }
  });

  it('the MCP server follows an edit of the settings file without a restart', async () => {
    const dir = workspace(undefined, board(item('T1', 'in_progress', 'ann')));
    const client = new Client({ name: 'lifecycle-watch', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', dir], stderr: 'pipe' }));
    try {
      const nextMoves = async () => {
        const result = await client.callTool({ name: 'get_task', arguments: { id: 'T1' } });
        return (JSON.parse((result.content as { text: string }[])[0]!.text) as { nextMoves: string[] }).nextMoves;
      };
      assert.deepEqual(await nextMoves(), ['complete_task', 'release_task']);
      fs.writeFileSync(path.join(dir, '.agent-task-board.yml'), SETTINGS);
      assert.deepEqual(await nextMoves(), ['move_task to review', 'move_task to blocked', 'move_task to cancelled', 'release_task']);
    } finally {
      await client.close();
    }
  });
});
