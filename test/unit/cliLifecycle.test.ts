// The command line run in this process under a repository's own lifecycle: every command judges by the lifecycle of
// `.agent-task-board.yml`, and the named moves keep their meaning on a path without a `claimed` step.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';

const NOW = '2026-11-21T10:00:00Z';

describe('command line: commands under the repository lifecycle', () => {
  let root: string;
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run([...argv, '--root', root, '--now', NOW], root, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join(''), err: err.join('') };
  }

  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-lifecycle-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('fix leaves the statuses of the repository lifecycle alone, and releases what lint calls stale there', async () => {
    write('.agent-task-board.yml', 'lifecycle: [backlog, doing, review, done]\n');
    const board = '```yaml\n- TASK_001: "A"\n  status: doing\n  assigned_agent: a\n  claimed_at: "2026-01-01T00:00:00Z"\n- TASK_002: "B"\n  status: backlog\n```\n';
    write('TODO.md', board);
    assert.match((await cli('lint')).out, /^TODO\.md:3:11 warning stale-claim TASK_001 has been doing by a with no progress for 324 days/);
    assert.equal((await cli('fix')).out, 'Nothing to fix.\n');
    assert.equal(read('TODO.md'), board);
    const release = await cli('fix', '--code', 'stale-claim');
    assert.match(release.out, /^TODO\.md:3 stale-claim TASK_001: Release TASK_001\n$/);
    assert.match(read('TODO.md'), /- TASK_001: "A"\n {2}status: backlog\n {2}assigned_agent:\n/);
  });

  const BOARD = '```yaml\n- TASK_001: "Dep"\n  status: todo\n  assigned_agent:\n- TASK_002: "Waits"\n  status: todo\n  assigned_agent:\n  depends_on: [TASK_001]\n```\n\n## Session History\n';
  const statusOf = (id: string) => new RegExp(`- ${id}: "[^"]*"\\n {2}status: ([^\\n]+)`).exec(read('TODO.md'))?.[1];

  it('where the claim starts the work, start is refused rather than moving the task on', async () => {
    for (const [lifecycle, working] of [['[todo, in_progress, done]', 'in_progress'], ['[backlog, doing, review, done]', 'doing']] as const) {
      write('.agent-task-board.yml', `lifecycle: ${lifecycle}\n`);
      write('TODO.md', BOARD.replace(/status: todo/g, `status: ${lifecycle.slice(1, lifecycle.indexOf(','))}`));
      assert.equal((await cli('claim', 'TASK_001', '--agent', 'x')).code, 0);
      assert.equal(statusOf('TASK_001'), working);
      const start = await cli('start', 'TASK_001', '--agent', 'x');
      assert.equal(start.code, 3, lifecycle);
      assert.match(start.err, new RegExp(`TASK_001 is already ${working} by x`));
      assert.equal(statusOf('TASK_001'), working, `${lifecycle}: start left it where the claim put it`);
    }
    // `start` on a todo task there is the claim, with the claim's conditions: an agent, and finished dependencies.
    const bare = await cli('start', 'TASK_002');
    assert.equal(bare.code, 2);
    assert.match(bare.err, /Moving TASK_002 to doing needs the agent's name/);
    const waiting = await cli('start', 'TASK_002', '--agent', 'y');
    assert.equal(waiting.code, 3);
    assert.match(waiting.err, /TASK_002 is waiting on unfinished tasks: TASK_001/);
    assert.equal(statusOf('TASK_002'), 'backlog');
  });

  it('a lifecycle with a step between the claim and the work keeps start as that step', async () => {
    write('.agent-task-board.yml', 'lifecycle: [todo, assigned, in_progress, done]\n');
    write('TODO.md', BOARD);
    assert.equal((await cli('claim', 'TASK_001', '--agent', 'x')).code, 0);
    assert.equal((await cli('start', 'TASK_001', '--agent', 'x')).code, 0);
    assert.equal(statusOf('TASK_001'), 'in_progress');
  });

  it('a way round the claim through a side status needs an agent and finished dependencies too', async () => {
    write('.agent-task-board.yml', 'lifecycle: [todo, claimed, in_progress, done]\nside_statuses:\n  blocked: [todo, claimed, in_progress]\n');
    write('TODO.md', BOARD);
    assert.equal((await cli('move', 'TASK_002', '--to', 'blocked')).code, 0);
    const bare = await cli('move', 'TASK_002', '--to', 'claimed');
    assert.equal(bare.code, 2);
    assert.match(bare.err, /Moving TASK_002 to claimed needs the agent's name/);
    const waiting = await cli('move', 'TASK_002', '--to', 'claimed', '--agent', 'bob');
    assert.equal(waiting.code, 3);
    assert.match(waiting.err, /TASK_002 is waiting on unfinished tasks: TASK_001/);
    // `start` from the side status takes hold of the task as well: the same check.
    const started = await cli('start', 'TASK_002', '--agent', 'bob');
    assert.equal(started.code, 3, started.out);
    assert.match(started.err, /TASK_002 is waiting on unfinished tasks: TASK_001/);
    assert.equal(statusOf('TASK_002'), 'blocked');
    assert.equal((await cli('move', 'TASK_002', '--to', 'claimed', '--agent', 'bob', '--force')).code, 0);
    assert.match(read('TODO.md'), /status: claimed\n {2}assigned_agent: bob\n/);
    assert.match(read('TODO.md'), /bob moved TASK_002 to claimed \(forced past TASK_001 unfinished\)/);
    assert.equal((await cli('lint')).code, 0);
  });

  it('the holder takes her task up again from a side status with no dependency check; another agent cannot', async () => {
    write('.agent-task-board.yml', 'lifecycle: [todo, claimed, in_progress, done]\nside_statuses:\n  blocked: [todo, claimed, in_progress]\n');
    write('TODO.md', BOARD);
    assert.equal((await cli('claim', 'TASK_002', '--agent', 'alice', '--force')).code, 0);
    assert.equal((await cli('move', 'TASK_002', '--to', 'blocked', '--agent', 'alice')).code, 0);
    const other = await cli('move', 'TASK_002', '--to', 'claimed', '--agent', 'bob', '--force');
    assert.equal(other.code, 3);
    assert.match(other.err, /TASK_002 is held by alice, not bob/);
    const back = await cli('move', 'TASK_002', '--to', 'claimed', '--agent', 'alice');
    assert.equal(back.code, 0, back.err);
    assert.doesNotMatch(read('TODO.md'), /alice moved TASK_002 to claimed \(forced/);
    assert.match(read('TODO.md'), /- TASK_002: "Waits"\n {2}status: claimed\n(?: {2}\w+: .*\n)* {2}assigned_agent: alice\n/);
  });

  it('release naming another agent than the holder is refused; without a name it is a person clearing the claim', async () => {
    write('TODO.md', BOARD);
    assert.equal((await cli('claim', 'TASK_001', '--agent', 'bob')).code, 0);
    const other = await cli('release', 'TASK_001', '--agent', 'mallory');
    assert.equal(other.code, 3);
    assert.match(other.err, /TASK_001 is held by bob, not mallory; only its holder releases it/);
    assert.equal(statusOf('TASK_001'), 'claimed');
    assert.equal((await cli('release', 'TASK_001', '--agent', 'bob')).code, 0);
    assert.equal((await cli('claim', 'TASK_001', '--agent', 'bob')).code, 0);
    assert.equal((await cli('release', 'TASK_001')).code, 0);
    assert.equal(statusOf('TASK_001'), 'todo');
  });

  it('on a lifecycle of two statuses claim and start are refused, and done finishes the task', async () => {
    write('.agent-task-board.yml', 'lifecycle: [todo, done]\n');
    write('TODO.md', BOARD);
    for (const move of ['claim', 'start']) {
      const r = await cli(move, 'TASK_001', '--agent', 'x');
      assert.equal(r.code, 3, move);
      assert.match(r.err, /that would make it done, the end of this lifecycle \(todo → done\)\. Use done when the work is done\./);
    }
    assert.equal(statusOf('TASK_001'), 'todo');
    assert.equal((await cli('done', 'TASK_001', '--agent', 'x')).code, 0);
    assert.equal(statusOf('TASK_001'), 'done');
  });

  it('a checkbox moved to a status its board has no heading for is refused naming that heading', async () => {
    write('.agent-task-board.yml', 'lifecycle: [todo, in_progress, done]\nside_statuses:\n  cancelled: any\n');
    const board = '# Board\n\n## To Do\n- [ ] Write docs\n\n## In Progress\n\n## Done\n';
    write('TODO.md', board);
    const r = await cli('move', 'write-docs', '--to', 'cancelled');
    assert.equal(r.code, 3, r.err);
    assert.match(r.err, /TODO\.md has no heading for cancelled to move write-docs under; add one \(## Cancelled\) first\./);
    assert.equal(read('TODO.md'), board);
  });

  it('a table row moved to a status nobody holds a task in gets no agent, as a YAML item gets none', async () => {
    write('.agent-task-board.yml', 'lifecycle: [todo, in_progress, done]\nside_statuses:\n  cancelled: any\n');
    write('TODO.md', '| ID | Task | Owner | Status |\n|----|------|-------|--------|\n| 001 | Docs | - | todo |\n');
    const r = await cli('move', '001', '--to', 'cancelled', '--agent', 'bo');
    assert.equal(r.code, 0, r.err);
    assert.equal(read('TODO.md'), '| ID | Task | Owner | Status |\n|----|------|-------|--------|\n| 001 | Docs | - | cancelled |\n');
  });

  it('a checklist skips the claim step whatever the lifecycle calls it', async () => {
    write('.agent-task-board.yml', 'lifecycle: [todo, assigned, in_progress, done]\n');
    fs.mkdirSync(path.join(root, '.claude', 'tasks'), { recursive: true });
    write('.claude/tasks/al-tasks.md', '# Al Tasks\n\n## In Progress\n\n## To Do\n- [ ] Write docs\n\n## Completed\n');
    const started = await cli('start', 'al/write-docs');
    assert.equal(started.code, 0, started.err);
    assert.equal(read('.claude/tasks/al-tasks.md'), '# Al Tasks\n\n## In Progress\n- [ ] Write docs\n\n## To Do\n\n## Completed\n');
    assert.equal((await cli('done', 'al/write-docs')).code, 0);
    assert.match(read('.claude/tasks/al-tasks.md'), /## Completed\n- \[x\] Write docs \(completed: 2026-11-21\)\n$/);
    assert.equal((await cli('lint')).code, 0);
  });

  it('on a checklist, as on a board, release naming another agent than its owner is refused', async () => {
    fs.mkdirSync(path.join(root, '.claude', 'tasks'), { recursive: true });
    const list = '# Al Tasks\n\n## In Progress\n- [ ] Write docs\n\n## To Do\n\n## Completed\n';
    write('.claude/tasks/al-tasks.md', list);
    const other = await cli('release', 'al/write-docs', '--agent', 'bo');
    assert.equal(other.code, 3);
    assert.match(other.err, /al\/write-docs is on al's checklist; bo cannot release it \(release it naming no agent to clear it\)/);
    assert.equal(read('.claude/tasks/al-tasks.md'), list);
    assert.equal((await cli('release', 'al/write-docs')).code, 0);
  });

  it('refuses a move of a checklist subtask saying what it is, not that there is no such task', async () => {
    fs.mkdirSync(path.join(root, '.claude', 'tasks'), { recursive: true });
    const list = '# Backend Tasks\n\n## In Progress\n\n- [ ] Build API\n  - [ ] cursor\n    - [ ] deeper\n\n## To Do\n\n## Completed\n';
    write('.claude/tasks/backend-tasks.md', list);
    for (const id of ['backend/cursor', 'backend/deeper']) {
      const done = await cli('done', id);
      assert.equal(done.code, 3, done.err);
      assert.match(done.err, new RegExp(`${id} is a subtask; tick or untick it, or move the item it belongs to`));
    }
    assert.equal(read('.claude/tasks/backend-tasks.md'), list);
  });
});
