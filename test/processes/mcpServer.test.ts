// The MCP server spoken to over stdio, as an agent client would: the real
// bundle (`node dist/cli.js mcp --root <tmp workspace>`) and the SDK's Client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCli, call, closeSessions, connect, DEMO, ok, REPO, removeWorkspaces, tempWorkspace } from './mcpSession';

const MALFORMED = path.join(REPO, 'test', 'fixtures', 'malformed', 'TODO.md');

const TOOL_NAMES = [
  'add_task',
  'append_work_log',
  'claim_next_task',
  'claim_task',
  'complete_task',
  'get_task',
  'lint',
  'list_tasks',
  'move_task',
  'release_task',
  'start_task',
];

function read(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** The board item of `id`: from its `- ID:` line to the next blank line or fence. */
function itemText(board: string, id: string): string {
  const start = board.indexOf(`- ${id}:`);
  assert.notEqual(start, -1, `${id} is on the board`);
  const end = board.slice(start).search(/\n\s*\n|\n```/);
  return board.slice(start, end === -1 ? undefined : start + end);
}

describe('MCP server over stdio (agent-task-board mcp)', function () {
  this.timeout(120_000);

  before(buildCli);
  afterEach(closeSessions);
  after(removeWorkspaces);

  it('offers every tool, each with a description and described inputs', async () => {
    const client = await connect(tempWorkspace(DEMO));
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOL_NAMES);
    for (const tool of tools) {
      assert.ok((tool.description ?? '').length > 60, `${tool.name} says what it does`);
      const props = (tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
      for (const [name, prop] of Object.entries(props)) assert.ok(prop.description, `${tool.name}.${name} is described`);
    }
    assert.deepEqual(tools.find((t) => t.name === 'claim_task')!.inputSchema.required?.slice().sort(), ['agent', 'id']);
    assert.match(client.getInstructions() ?? '', /claim_task/);
  });

  it('list_tasks filters by status, agent, file and group, and pages with limit and cursor', async () => {
    const client = await connect(tempWorkspace(DEMO));
    const todo = await ok(client, 'list_tasks', { status: ['todo'], file: 'TODO.md' });
    assert.deepEqual(
      todo.tasks.map((t: { id: string }) => t.id),
      ['TASK_004', 'TASK_005', 'TASK_006', 'TASK_007'],
    );
    assert.deepEqual(todo.tasks[0], {
      id: 'TASK_004',
      title: 'Rate-limit the login endpoint',
      status: 'todo',
      priority: 'medium',
      file: 'TODO.md',
      line: 28,
      group: 'Tasks',
    });
    const mine = await ok(client, 'list_tasks', { agent: 'backend-engineer', file: 'TODO.md' });
    assert.deepEqual(mine.tasks.map((t: { id: string }) => t.id), ['TASK_001', 'TASK_002']);
    const backlog = await ok(client, 'list_tasks', { group: 'Backlog' });
    assert.deepEqual(backlog.tasks.map((t: { id: string }) => t.id), ['TASK_006', 'TASK_007']);

    const everything = await ok(client, 'list_tasks', { limit: 500 });
    assert.ok(everything.total > 7, 'checklist items are listed too');
    assert.equal(everything.nextCursor, undefined);
    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ok(client, 'list_tasks', { limit: 3, ...(cursor ? { cursor } : {}) });
      assert.ok(page.tasks.length <= 3);
      assert.equal(page.total, everything.total);
      paged.push(...page.tasks.map((t: { id: string; file: string }) => `${t.file}#${t.id}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, Math.ceil(everything.total / 3));
    assert.deepEqual(paged, everything.tasks.map((t: { id: string; file: string }) => `${t.file}#${t.id}`));

    const bad = await call(client, 'list_tasks', { cursor: 'not-a-cursor' });
    assert.equal(bad.isError, true);
    assert.match(bad.body.error, /cursor/);
  });

  it('get_task gives the newest work-log entries, newest last, up to workLogLimit', async () => {
    const dir = tempWorkspace(DEMO);
    const days = ['01', '02', '03', '04', '05', '06', '07'];
    const entries = days.map((day) => `## 2026-12-${day} 10:00 UTC — step ${day} (TASK_004)\n\n**Task Summary**: step ${day}\n`).join('\n---\n\n');
    fs.writeFileSync(path.join(dir, 'STEPS_WORK_LOG.md'), `# Steps Work Log\n\n${entries}`);
    const client = await connect(dir);
    const summaries = (got: { workLog: { entries: { fields: Record<string, string> }[] } }): string[] => got.workLog.entries.map((e) => e.fields['Task Summary']!);
    assert.deepEqual(summaries(await ok(client, 'get_task', { id: 'TASK_004', workLogLimit: 2 })), ['step 06', 'step 07']);
    assert.deepEqual(summaries(await ok(client, 'get_task', { id: 'TASK_004' })).slice(-3), ['step 05', 'step 06', 'step 07']);
  });

  it('get_task returns the task, its fields, its next moves and its work-log entries', async () => {
    const client = await connect(tempWorkspace(DEMO));
    const got = await ok(client, 'get_task', { id: 'TASK_002' });
    assert.equal(got.task.status, 'in_progress');
    assert.equal(got.task.agent, 'backend-engineer');
    assert.equal(got.fields.created_at, '2026-11-02T09:05:00Z');
    // Every legal step: done, or give it back.
    assert.deepEqual(got.nextMoves, ['complete_task', 'release_task']);
    assert.ok(got.workLog.total >= 1);
    const entry = got.workLog.entries.find((e: { heading: string }) => e.heading.includes('POST /api/users, first half'));
    assert.ok(entry, 'the entry naming TASK_002 is linked');
    assert.equal(entry.fields['Testing Performed'], '6 unit tests pass; duplicate email returns 409.');

    const withDescription = await ok(client, 'get_task', { id: 'TASK_006' });
    assert.deepEqual(withDescription.fields.depends_on, ['TASK_002']);
    assert.match(withDescription.fields.description, /Idempotency keys/);

    const missing = await call(client, 'get_task', { id: 'TASK_999' });
    assert.equal(missing.isError, true);
    assert.match(missing.body.next, /list_tasks/);
  });

  it('a checkbox whose box alone says its status offers complete_task only, and a refused claim points there', async () => {
    const dir = tempWorkspace(DEMO);
    fs.writeFileSync(path.join(dir, 'TODO.md'), '# Board\n\n- [ ] Write the parser\n- [x] Set up\n');
    const client = await connect(dir);
    assert.deepEqual((await ok(client, 'get_task', { id: 'write-the-parser' })).nextMoves, ['complete_task']);
    assert.deepEqual((await ok(client, 'get_task', { id: 'set-up' })).nextMoves, []);
    const claim = await call(client, 'claim_task', { id: 'write-the-parser', agent: 'bob' });
    assert.equal(claim.isError, true);
    assert.match(claim.body.error, /the only move is done \(tick it\)/);
    assert.match(claim.body.next, /complete_task/);
    assert.doesNotMatch(claim.body.next, /claim_task/);
  });

  it('claim_task → start_task → complete_task moves a task and edits only its fields and the history', async () => {
    const root = tempWorkspace(DEMO);
    const before = read(root, 'TODO.md');
    const client = await connect(root);
    const claimed = await ok(client, 'claim_task', { id: 'TASK_004', agent: 'eng-backend' });
    assert.deepEqual(
      { id: claimed.id, from: claimed.from, to: claimed.to, agent: claimed.agent, file: claimed.file },
      { id: 'TASK_004', from: 'todo', to: 'claimed', agent: 'eng-backend', file: 'TODO.md' },
    );
    assert.match(claimed.next, /start_task/);
    await ok(client, 'start_task', { id: 'TASK_004', agent: 'eng-backend' });
    const done = await ok(client, 'complete_task', { id: 'TASK_004', agent: 'eng-backend' });
    assert.equal(done.to, 'done');

    const after = read(root, 'TODO.md');
    const item = itemText(after, 'TASK_004');
    assert.match(item, /^- TASK_004: "Rate-limit the login endpoint" {3}# needs Redis first\n/);
    assert.match(item, /\n {2}assigned_agent: eng-backend\n/);
    assert.match(item, /\n {2}status: done\n/);
    assert.match(item, /\n {2}completed_at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
    // Everything before the item and every other item is byte-identical.
    assert.equal(after.slice(0, after.indexOf('- TASK_004:')), before.slice(0, before.indexOf('- TASK_004:')));
    for (const id of ['TASK_005', 'TASK_006', 'TASK_007']) assert.equal(itemText(after, id), itemText(before, id));
    const history = after.slice(after.indexOf('## Session History'));
    assert.match(history, /eng-backend claimed TASK_004\n.*eng-backend started TASK_004\n.*eng-backend completed TASK_004\n$/);
    assert.ok(!fs.readdirSync(root).some((f) => f.endsWith('.lock') || f.endsWith('.tmp')), 'no lock or temp file left');
  });

  it('complete_task on a checklist item says which of its subtasks it leaves open', async () => {
    const root = tempWorkspace(DEMO);
    const client = await connect(root);
    const done = await ok(client, 'complete_task', { id: 'backend-engineer/implement-post-api-users-endpoint', agent: 'backend-engineer' });
    assert.equal(done.to, 'done');
    assert.deepEqual(done.openSubtasks, ['Password hashing with argon2']);
    // A task with no open subtask says nothing of them.
    await ok(client, 'claim_task', { id: 'TASK_004', agent: 'eng-backend' });
    await ok(client, 'start_task', { id: 'TASK_004', agent: 'eng-backend' });
    assert.equal((await ok(client, 'complete_task', { id: 'TASK_004', agent: 'eng-backend' })).openSubtasks, undefined);
  });

  it('release_task gives a claim back', async () => {
    const root = tempWorkspace(DEMO);
    const client = await connect(root);
    const released = await ok(client, 'release_task', { id: 'TASK_003', agent: 'eng-backend' });
    assert.deepEqual([released.from, released.to], ['claimed', 'todo']);
    const item = itemText(read(root, 'TODO.md'), 'TASK_003');
    assert.match(item, /\n {2}assigned_agent:\n {2}status: todo\n/);
  });

  it('reads an agent given as a mention (`@alice`) as the name: she claims, starts and finds her task', async () => {
    const root = tempWorkspace(DEMO);
    const client = await connect(root);
    const claimed = await ok(client, 'claim_task', { id: 'TASK_004', agent: '@alice' });
    assert.deepEqual([claimed.from, claimed.to], ['todo', 'claimed']);
    assert.match(itemText(read(root, 'TODO.md'), 'TASK_004'), /\n {2}assigned_agent: alice\n/);
    await ok(client, 'start_task', { id: 'TASK_004', agent: 'alice' });
    const mine = await ok(client, 'list_tasks', { agent: '@alice', file: 'TODO.md' });
    assert.deepEqual(mine.tasks.map((t: { id: string; status: string }) => [t.id, t.status]), [['TASK_004', 'in_progress']]);
  });

  it('refuses an illegal move with the task\'s state now and the call to make instead, leaving the file alone', async () => {
    const root = tempWorkspace(DEMO);
    const before = read(root, 'TODO.md');
    const client = await connect(root);
    const skipped = await call(client, 'complete_task', { id: 'TASK_005', agent: 'eng-backend' });
    assert.equal(skipped.isError, true);
    assert.equal(skipped.body.code, 'illegal-move');
    assert.match(skipped.body.error, /todo → done/);
    assert.equal(skipped.body.task.status, 'todo');
    assert.match(skipped.body.next, /claim_task/);

    const notHolder = await call(client, 'start_task', { id: 'TASK_003', agent: 'backend-engineer' });
    assert.equal(notHolder.isError, true);
    assert.equal(notHolder.body.task.agent, 'eng-backend');
    assert.match(notHolder.body.next, /held by eng-backend/);

    const stale = await call(client, 'claim_task', { id: 'TASK_005', agent: 'eng-backend', expectedStatus: 'claimed' });
    assert.equal(stale.isError, true);
    assert.equal(stale.body.code, 'moved');
    assert.equal(read(root, 'TODO.md'), before);
  });

  it('two clients racing to claim the same task: exactly one wins, the other is told who holds it', async () => {
    const root = tempWorkspace(DEMO);
    const alice = await connect(root);
    const bob = await connect(root);
    // TASK_006 waits on TASK_002 (in progress): its claim is refused to both (test/processes/dependencies.test.ts).
    for (const id of ['TASK_004', 'TASK_005', 'TASK_007']) {
      const answers = await Promise.all([
        call(alice, 'claim_task', { id, agent: 'alice' }),
        call(bob, 'claim_task', { id, agent: 'bob' }),
      ]);
      const winners = answers.filter((a) => !a.isError);
      const losers = answers.filter((a) => a.isError);
      assert.equal(winners.length, 1, `${id}: one winner (${JSON.stringify(answers.map((a) => a.body))})`);
      assert.equal(losers.length, 1);
      const winner = winners[0]!.body.agent as string;
      assert.equal(losers[0]!.body.task.status, 'claimed');
      assert.equal(losers[0]!.body.task.agent, winner);
      const board = read(root, 'TODO.md');
      assert.match(itemText(board, id), new RegExp(`\\n  assigned_agent: ${winner}\\n  status: claimed\\n`));
      assert.equal(board.split(`claimed ${id}\n`).length - 1, 1, `${id}: one history line`);
    }
  });

  it('two clients adding tasks at once get different ids and both tasks are kept', async () => {
    const root = tempWorkspace(DEMO);
    const alice = await connect(root);
    const bob = await connect(root);
    const added = await Promise.all([
      ok(alice, 'add_task', { title: 'From alice', group: 'Backlog' }),
      ok(bob, 'add_task', { title: 'From bob', group: 'Backlog' }),
      ok(alice, 'add_task', { title: 'From alice again', group: 'Backlog' }),
    ]);
    assert.deepEqual(added.map((a) => a.id).sort(), ['TASK_008', 'TASK_009', 'TASK_010']);
    const backlog = await ok(alice, 'list_tasks', { group: 'Backlog' });
    assert.deepEqual(
      backlog.tasks.map((t: { title: string }) => t.title).slice(2).sort(),
      ['From alice', 'From alice again', 'From bob'],
    );
    const lint = await ok(alice, 'lint', { file: 'TODO.md', code: 'duplicate-id' });
    assert.equal(lint.total, 0);
  });

  it('add_task appends a todo task with the next id at the end of the chosen group', async () => {
    const root = tempWorkspace(DEMO);
    const before = read(root, 'TODO.md');
    const client = await connect(root);
    const added = await ok(client, 'add_task', { title: 'Add request tracing: "x-request-id"', priority: 'high', group: 'Backlog', dependsOn: ['TASK_007'] });
    assert.deepEqual({ id: added.id, status: added.status, file: added.file, group: added.group }, { id: 'TASK_008', status: 'todo', file: 'TODO.md', group: 'Backlog' });
    const after = read(root, 'TODO.md');
    const anchor = '  created_at: "2026-11-04T08:15:00Z"\n';
    const at = before.indexOf(anchor) + anchor.length;
    assert.equal(after.slice(0, at), before.slice(0, at));
    const inserted = after.slice(at, after.length - (before.length - at));
    assert.match(
      inserted,
      /^\n- TASK_008: "Add request tracing: \\"x-request-id\\""\n {2}priority: high\n {2}assigned_agent:\n {2}status: todo\n {2}created_at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n {2}depends_on: \[TASK_007\]\n$/,
    );
    assert.equal(after.slice(at + inserted.length), before.slice(at));
    assert.equal(added.line, after.slice(0, after.indexOf('- TASK_008')).split('\n').length);

    const second = await ok(client, 'add_task', { title: 'Default group' });
    assert.equal(second.id, 'TASK_009');
    assert.equal(second.group, 'Tasks');
    const board = read(root, 'TODO.md');
    assert.ok(board.indexOf('- TASK_009') > board.indexOf('- TASK_005') && board.indexOf('- TASK_009') < board.indexOf('## Backlog'));
    const got = await ok(client, 'get_task', { id: 'TASK_009' });
    assert.equal(got.task.status, 'todo');
    assert.equal(got.task.priority, 'medium');
    const lint = await ok(client, 'lint', { file: 'TODO.md', severity: 'error' });
    assert.equal(lint.counts.error, 0);

    const outside = await call(client, 'add_task', { title: 'x', file: '../elsewhere/TODO.md' });
    assert.equal(outside.isError, true);
    assert.match(outside.body.error, /inside the workspace/);
  });

  it('add_task without a file adds to the root\'s board whatever its case, and makes TODO.md only when there is none', async () => {
    const root = tempWorkspace();
    const lower = '# todo\n\n```yaml\n- TASK_001: "A"\n  status: todo\n```\n';
    fs.writeFileSync(path.join(root, 'todo.md'), lower);
    const client = await connect(root);
    const added = await ok(client, 'add_task', { title: 'B' });
    assert.deepEqual({ id: added.id, file: added.file }, { id: 'TASK_002', file: 'todo.md' });
    assert.deepEqual(fs.readdirSync(root), ['todo.md']);
    assert.match(read(root, 'todo.md'), /^- TASK_002: "B"$/m);
    const empty = tempWorkspace();
    const first = await ok(await connect(empty), 'add_task', { title: 'First' });
    assert.deepEqual({ id: first.id, file: first.file }, { id: 'TASK_001', file: 'TODO.md' });
    assert.deepEqual(fs.readdirSync(empty), ['TODO.md']);
  });

  it('add_task adds a row to a task table, and refuses a priority the table has no column for', async () => {
    const root = tempWorkspace();
    const table = '# Tasks\n\n| ID | Task | Status |\n|----|------|--------|\n| T-1 | Docs | Done |\n';
    fs.writeFileSync(path.join(root, 'TODO.md'), table);
    const client = await connect(root);
    const refused = await call(client, 'add_task', { title: 'Trace', priority: 'high' });
    assert.equal(refused.isError, true);
    assert.match(refused.body.error, /^TODO\.md:5: the table has no Priority column/);
    assert.equal(read(root, 'TODO.md'), table);
    const added = await ok(client, 'add_task', { title: 'Trace' });
    assert.deepEqual({ id: added.id, status: added.status }, { id: 'T-2', status: 'todo' });
    assert.equal(read(root, 'TODO.md'), `${table}| T-2 | Trace | Todo |\n`);
  });

  it('add_task says the status it wrote: the first of the repository\'s lifecycle', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, '.agent-task-board.yml'), 'lifecycle: [backlog, doing, done]\n');
    fs.writeFileSync(path.join(root, 'TODO.md'), '```yaml\n- TASK_001: "A"\n  status: backlog\n```\n');
    const added = await ok(await connect(root), 'add_task', { title: 'B' });
    assert.deepEqual({ id: added.id, status: added.status }, { id: 'TASK_002', status: 'backlog' });
    assert.match(read(root, 'TODO.md'), /- TASK_002: "B"\n(?: {2}.*\n)* {2}status: backlog\n/);
  });

  it('add_task and append_work_log write only board and work-log files, and never through a symlink out of the root', async () => {
    const root = tempWorkspace(DEMO);
    const elsewhere = tempWorkspace();
    fs.writeFileSync(path.join(elsewhere, 'TODO.md'), '# Not yours\n');
    fs.symlinkSync(elsewhere, path.join(root, 'linked'), 'dir');
    fs.writeFileSync(path.join(root, 'NOTES.md'), '# Notes\n');
    const client = await connect(root);
    const notBoard = await call(client, 'add_task', { title: 'x', file: 'NOTES.md' });
    assert.equal(notBoard.isError, true);
    assert.match(notBoard.body.error, /NOTES\.md is not a board/);
    assert.equal(read(root, 'NOTES.md'), '# Notes\n');
    for (const file of ['linked/TODO.md', 'linked/new/TODO.md']) {
      const viaLink = await call(client, 'add_task', { title: 'x', file });
      assert.equal(viaLink.isError, true, file);
      assert.match(viaLink.body.error, /inside the workspace/);
    }
    const logViaLink = await call(client, 'append_work_log', { taskId: 'TASK_003', summary: 'x', taskSummary: 'x', file: 'linked/X_WORK_LOG.md' });
    assert.equal(logViaLink.isError, true);
    assert.deepEqual(fs.readdirSync(elsewhere), ['TODO.md']);
    assert.equal(read(elsewhere, 'TODO.md'), '# Not yours\n');
  });

  it('append_work_log writes a seed-002 entry that get_task links back to the task', async () => {
    const root = tempWorkspace(DEMO);
    const before = read(root, 'BACKEND_WORK_LOG.md');
    const client = await connect(root);
    // A task id nobody has (a typo) would write an entry that belongs to no task.
    const typo = await call(client, 'append_work_log', { taskId: 'TASK_03', summary: 'x', taskSummary: 'x' });
    assert.equal(typo.isError, true);
    assert.match(typo.body.error, /^No task TASK_03 in the workspace, and no work-log entry names it; nothing was written\.$/);
    assert.equal(read(root, 'BACKEND_WORK_LOG.md'), before);
    const appended = await ok(client, 'append_work_log', {
      taskId: 'TASK_003',
      summary: 'JWT refresh rotation',
      taskSummary: 'Refresh tokens rotate on every use.',
      filesModified: ['src/auth/refresh.ts — rotation', 'test/auth/refresh.test.ts — 4 cases'],
      keyDecisions: 'Token families, so a replayed token revokes the family.',
      testingPerformed: '4 tests pass.',
    });
    assert.equal(appended.file, 'BACKEND_WORK_LOG.md');
    assert.match(appended.heading, /^## \d{4}-\d\d-\d\d \d\d:\d\d UTC — JWT refresh rotation \(TASK_003\)$/);
    const after = read(root, 'BACKEND_WORK_LOG.md');
    assert.ok(after.startsWith(before.trimEnd()), 'earlier entries untouched');
    assert.equal(after.split('\n')[appended.line - 1], appended.heading);
    assert.equal(
      after.slice(before.trimEnd().length),
      '\n\n---\n\n' +
        [
          appended.heading,
          '',
          '**Task Summary**: Refresh tokens rotate on every use.',
          '',
          '**Files Modified/Created**:',
          '- src/auth/refresh.ts — rotation',
          '- test/auth/refresh.test.ts — 4 cases',
          '',
          '**Key Implementation Decisions**: Token families, so a replayed token revokes the family.',
          '',
          '**Database Changes**: none',
          '',
          '**API Changes**: none',
          '',
          '**Dependencies Added/Updated**: none',
          '',
          '**Testing Performed**: 4 tests pass.',
          '',
          '**Next Steps/Dependencies**: none',
          '',
          '**Potential Issues**: none',
        ].join('\n') +
        '\n',
    );
    const got = await ok(client, 'get_task', { id: 'TASK_003' });
    const entry = got.workLog.entries.find((e: { heading: string }) => e.heading === appended.heading.replace(/^## /, ''));
    assert.ok(entry, `linked: ${JSON.stringify(got.workLog)}`);
    assert.equal(entry.fields['Testing Performed'], '4 tests pass.');

    const created = await ok(client, 'append_work_log', { taskId: 'TASK_003', summary: 'UI', taskSummary: 'x', file: 'FRONTEND_WORK_LOG.md' });
    assert.equal(read(root, 'FRONTEND_WORK_LOG.md').split('\n')[0], '# Frontend Work Log');
    assert.equal(created.line, 3);
    const wrongName = await call(client, 'append_work_log', { taskId: 'TASK_003', summary: 'x', taskSummary: 'x', file: 'NOTES.md' });
    assert.equal(wrongName.isError, true);
  });

  it('lint reports a malformed board with its diagnostics, and the server keeps serving', async () => {
    const root = tempWorkspace();
    fs.copyFileSync(MALFORMED, path.join(root, 'TODO.md'));
    const client = await connect(root);
    const lint = await ok(client, 'lint', { limit: 500 });
    assert.ok(lint.counts.error > 0);
    const codes = new Set(lint.problems.map((p: { code: string }) => p.code));
    for (const code of ['tab-indent', 'duplicate-id', 'missing-status', 'claim-without-agent']) assert.ok(codes.has(code), `${code} in ${[...codes].join(', ')}`);
    const tab = lint.problems.find((p: { code: string }) => p.code === 'tab-indent');
    assert.deepEqual([tab.file, tab.line], ['TODO.md', 18]);

    const page = await ok(client, 'lint', { limit: 2 });
    assert.equal(page.problems.length, 2);
    assert.equal(page.total, lint.total);
    assert.ok(page.nextCursor);

    const broken = await call(client, 'claim_task', { id: 'TASK_012', agent: 'eng-backend' });
    assert.equal(broken.isError, true);
    assert.equal(broken.body.code, 'invalid-item');
    assert.match(broken.body.next, /lint/);

    const listed = await ok(client, 'list_tasks', {});
    assert.ok(listed.tasks.some((t: { id: string }) => t.id === 'TASK_015'), 'tasks after the broken ones are still listed');
  });
});
