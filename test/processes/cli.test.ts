// The built command line (`dist/cli.js`, what `npx agent-task-board` runs) on
// temp copies of the fixture workspaces: the JSON output contract and exit
// codes (docs/architecture.md, "The command line and MCP write path").
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundles, CLI, cli, gitRepo, REPO, type Run } from './cliRun';

const DEMO = path.join(REPO, 'test/fixtures/demo-workspace');
const MALFORMED = path.join(REPO, 'test/fixtures/malformed');
/** Fixed so stamps, history lines and staleness do not depend on the clock. */
const NOW = '2026-11-21T10:00:00Z';

function json(r: Run): unknown {
  return JSON.parse(r.stdout);
}

function copyOf(dir: string): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-cli-'));
  fs.cpSync(dir, tmp, { recursive: true });
  return tmp;
}

function read(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}


describe('agent-task-board CLI (dist/cli.js)', function () {
  this.timeout(120_000);
  const temps: string[] = [];
  const temp = (dir: string): string => {
    const t = copyOf(dir);
    temps.push(t);
    return t;
  };

  before(() => {
    buildBundles();
    assert.ok(fs.existsSync(CLI));
  });

  after(() => {
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
  });

  it('starts with a shebang, so the package bin runs it', () => {
    assert.ok(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node'));
  });

  it('help, and an unknown command exits 2', () => {
    const help = cli(DEMO, '--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: agent-task-board <command>/);
    // release frees the task but keeps its stamps: they are its history.
    assert.match(help.stdout, /release ID +a held status → todo, assigned_agent emptied;\n +claimed_at \/ started_at stay/);
    const bad = cli(DEMO, 'frobnicate');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown command "frobnicate"/);
  });

  it('list --json: every task with the contract fields, 1-based lines, paths relative to the root', () => {
    const r = cli(DEMO, 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const board = (json(r) as { kind: string }[]).filter((t) => t.kind === 'board');
    const row = (id: string, title: string, status: string, priority: string, agent: string | null, line: number, group: string) => ({
      id,
      title,
      status,
      priority,
      assignedAgent: agent,
      kind: 'board',
      file: 'TODO.md',
      line,
      group,
    });
    assert.deepEqual(board, [
      row('TASK_001', 'Design the users and sessions schema', 'done', 'high', 'backend-engineer', 10, 'Tasks'),
      row('TASK_002', 'Implement POST /api/users endpoint', 'in_progress', 'high', 'backend-engineer', 16, 'Tasks'),
      row('TASK_003', 'Add JWT refresh-token rotation', 'claimed', 'high', 'eng-backend', 22, 'Tasks'),
      row('TASK_004', 'Rate-limit the login endpoint', 'todo', 'medium', null, 28, 'Tasks'),
      row('TASK_005', 'Write OpenAPI spec for the users API', 'todo', 'medium', null, 34, 'Tasks'),
      row('TASK_006', 'Integrate Stripe webhooks: payment_intent.succeeded', 'todo', 'low', null, 44, 'Backlog'),
      row('TASK_007', 'Add Sentry tracing to the API gateway', 'todo', 'low', null, 54, 'Backlog'),
    ]);
    const checklist = (json(r) as Record<string, unknown>[]).filter((t) => t.kind === 'checklist');
    assert.deepEqual(checklist[1], {
      id: 'backend-engineer/add-pagination-to-get-api-users',
      title: 'Add pagination to GET /api/users',
      status: 'todo',
      priority: null,
      assignedAgent: 'backend-engineer',
      kind: 'checklist',
      file: '.claude/tasks/backend-engineer-tasks.md',
      line: 9,
      group: 'To Do',
    });
    assert.equal(checklist.length, 7);
  });

  it('list with --root from elsewhere, and with a file argument', () => {
    const rooted = cli(os.tmpdir(), 'list', '--json', '--root', DEMO);
    assert.deepEqual(json(rooted), json(cli(DEMO, 'list', '--json')));
    const one = json(cli(DEMO, 'list', '--json', 'TODO.md')) as { file: string }[];
    assert.equal(one.length, 7);
    assert.ok(one.every((t) => t.file === 'TODO.md'));
  });

  it('discovery skips node_modules and .git and survives a symlink loop', () => {
    const ws = temp(DEMO);
    fs.mkdirSync(path.join(ws, 'node_modules/pkg'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'node_modules/pkg/TODO.md'), '```yaml\n- HIDDEN_1: "x"\n  status: todo\n```\n');
    fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.git/TODO.md'), '```yaml\n- HIDDEN_2: "x"\n  status: todo\n```\n');
    fs.mkdirSync(path.join(ws, 'docs'));
    fs.writeFileSync(path.join(ws, 'docs/TODO.md'), '```yaml\n- DOC_1: "x"\n  status: todo\n```\n');
    fs.symlinkSync('..', path.join(ws, 'docs/loop'), 'dir');
    const r = cli(ws, 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const ids = (json(r) as { id: string; file: string }[]).map((t) => `${t.file}#${t.id}`);
    assert.ok(ids.includes('docs/TODO.md#DOC_1'));
    assert.ok(!ids.some((i) => i.includes('HIDDEN')));
    assert.equal(ids.filter((i) => i.endsWith('#DOC_1')).length, 1);
  });

  it('lint --json on the malformed board: one row per problem with the contract fields; exit 1', () => {
    const r = cli(MALFORMED, 'lint', '--json', '--now', NOW);
    assert.equal(r.status, 1);
    const rows = json(r) as Record<string, unknown>[];
    for (const row of rows) {
      assert.deepEqual(Object.keys(row), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'fixes']);
      assert.equal(row.file, 'TODO.md');
      assert.equal(typeof row.message, 'string');
      assert.ok(Array.isArray(row.fixes));
    }
    assert.deepEqual(
      rows.map((p) => [p.line, p.column, p.severity, p.code]),
      [
        [9, 11, 'warning', 'unknown-status'],
        [12, 13, 'error', 'unquoted-colon'],
        [18, 1, 'error', 'tab-indent'],
        [22, 3, 'error', 'missing-status'],
        [26, 3, 'error', 'duplicate-id'],
        [27, 13, 'warning', 'bad-priority'],
        [29, 15, 'warning', 'bad-timestamp'],
        [34, 11, 'error', 'claim-without-agent'],
        [38, 1, 'error', 'bad-indent'],
      ],
    );
    const status = rows[0]!;
    assert.deepEqual([status.endLine, status.endColumn], [9, 22]);
  });

  it('lint without --json prints file:line:col severity code message', () => {
    const r = cli(MALFORMED, 'lint', '--now', NOW);
    assert.equal(r.status, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 9);
    assert.match(lines[1]!, /^TODO\.md:12:13 error unquoted-colon .*TASK_011/);
  });

  it('lint on the demo: only stale-claim warnings when the claims are old, exit 0', () => {
    const r = cli(DEMO, 'lint', '--json', '--now', NOW);
    assert.equal(r.status, 0, r.stderr);
    const rows = json(r) as { code: string; line: number; severity: string; fixes: string[] }[];
    assert.deepEqual(
      rows.map((p) => [p.line, p.severity, p.code, p.fixes]),
      [
        [19, 'warning', 'stale-claim', ['Release TASK_002']],
        [25, 'warning', 'stale-claim', ['Release TASK_003']],
      ],
    );
    const fresh = json(cli(DEMO, 'lint', '--json', '--now', '2026-11-04T09:00:00Z', '--stale-hours', '24')) as unknown[];
    assert.deepEqual(fresh, []);
  });

  it('fix applies the preferred fixes, prints them, and leaves only the decisions (claim-without-agent) to a person', () => {
    const ws = temp(MALFORMED);
    const r = cli(ws, 'fix', '--json', '--now', NOW);
    assert.equal(r.status, 0, r.stderr);
    const applied = json(r) as { file: string; line: number; code: string; taskId: string | null; title: string }[];
    // Each fix names the line lint gave its problem.
    const linted = json(cli(MALFORMED, 'lint', '--json', '--now', NOW)) as { line: number; code: string }[];
    const lineOf = (code: string) => linted.find((p) => p.code === code)!.line;
    assert.deepEqual(
      applied.map((a) => [a.file, a.line, a.code, a.taskId]),
      [
        ['TODO.md', lineOf('unknown-status'), 'unknown-status', 'TASK_010'],
        ['TODO.md', lineOf('unquoted-colon'), 'unquoted-colon', 'TASK_011'],
        ['TODO.md', lineOf('tab-indent'), 'tab-indent', 'TASK_012'],
        ['TODO.md', lineOf('missing-status'), 'missing-status', 'TASK_013'],
        ['TODO.md', lineOf('duplicate-id'), 'duplicate-id', 'TASK_013'],
        ['TODO.md', lineOf('bad-priority'), 'bad-priority', 'TASK_013'],
        ['TODO.md', lineOf('bad-indent'), 'bad-indent', 'TASK_015'],
      ],
    );
    const after = cli(ws, 'lint', '--json', '--now', NOW);
    assert.equal(after.status, 1);
    assert.deepEqual((json(after) as { code: string }[]).map((p) => p.code), ['bad-timestamp', 'claim-without-agent']);
    // Releasing the agentless claim is a lifecycle move: made only when asked for by code.
    const release = cli(ws, 'fix', '--code', 'claim-without-agent', '--now', NOW);
    // Its line in the file as fixed so far: the missing-status fix added a line above it.
    assert.equal(release.stdout, `TODO.md:${lineOf('claim-without-agent') + 1} claim-without-agent TASK_014: Release TASK_014\n`);
    assert.equal(cli(ws, 'lint', '--now', NOW).status, 0);
    const before = read(MALFORMED, 'TODO.md').split('\n');
    const now = read(ws, 'TODO.md').split('\n');
    // Lines no fix touched are byte-identical.
    assert.deepEqual(now.slice(0, 6), before.slice(0, 6));
    assert.equal(now.at(-2), '```');
  });

  it('fix --code claim-without-agent releases as release does: with its Session History line, unless --no-history', () => {
    const board = '# TODO\n\n## Tasks\n\n```yaml\n- TASK_001: "A"\n  assigned_agent:\n  status: claimed\n```\n\n## Session History\n\n- 2026-11-01T10:00:00Z x claimed TASK_001\n';
    for (const [flags, line] of [[[], '- 2026-11-20T10:00:00Z someone released TASK_001\n'], [['--no-history'], '']] as const) {
      const ws = temp(DEMO);
      fs.writeFileSync(path.join(ws, 'TODO.md'), board);
      const r = cli(ws, 'fix', '--code', 'claim-without-agent', '--now', '2026-11-20T10:00:00Z', ...flags);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(read(ws, 'TODO.md'), board.replace('status: claimed', 'status: todo') + line);
    }
  });

  it('fix renumbers a duplicate to an id no other board uses, and lint offers the same', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-renumber-'));
    const item = (id: string, title: string) => `- ${id}: "${title}"\n  status: todo\n`;
    fs.writeFileSync(path.join(ws, 'TODO.md'), `# TODO\n\n\`\`\`yaml\n${item('T-1', 'a')}${item('T-1', 'b')}\`\`\`\n`);
    fs.mkdirSync(path.join(ws, 'docs'));
    fs.writeFileSync(path.join(ws, 'docs', 'TODO.md'), `# TODO\n\n\`\`\`yaml\n${item('T-2', 'other')}${item('T-3', 'another')}\`\`\`\n`);
    const linted = json(cli(ws, 'lint', '--json', 'TODO.md')) as { code: string; fixes: string[] }[];
    assert.deepEqual(linted.map((p) => [p.code, p.fixes]), [['duplicate-id', ['Renumber to T-4']]]);
    const fixed = cli(ws, 'fix', 'TODO.md');
    assert.equal(fixed.stdout, 'TODO.md:6 duplicate-id T-1: Renumber to T-4\n', fixed.stderr);
    assert.match(read(ws, 'TODO.md'), /- T-4: "b"/);
    // Every id once in the workspace: a move names it without its file.
    assert.equal(cli(ws, 'claim', 'T-4', '--agent', 'bob').status, 0);
  });

  it('fix --code only applies that code', () => {
    const ws = temp(MALFORMED);
    const r = cli(ws, 'fix', '--code', 'bad-priority');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'TODO.md:27 bad-priority TASK_013: Change priority to high\n');
    assert.equal(read(ws, 'TODO.md'), read(MALFORMED, 'TODO.md').replace('priority: urgent', 'priority: high'));
  });

  it('fix releases stale claims only when asked with --code stale-claim, as release does, Session History line included', () => {
    const ws = temp(DEMO);
    const plain = cli(ws, 'fix', '--now', NOW);
    assert.equal(plain.stdout, 'Nothing to fix.\n');
    assert.equal(read(ws, 'TODO.md'), read(DEMO, 'TODO.md'));
    const release = cli(ws, 'fix', '--code', 'stale-claim', '--now', NOW);
    assert.equal(release.stdout, 'TODO.md:19 stale-claim TASK_002: Release TASK_002\nTODO.md:25 stale-claim TASK_003: Release TASK_003\n');
    assert.equal(
      read(ws, 'TODO.md'),
      read(DEMO, 'TODO.md')
        .replace('  assigned_agent: backend-engineer\n  status: in_progress', '  assigned_agent:\n  status: todo')
        .replace('  assigned_agent: eng-backend\n  status: claimed', '  assigned_agent:\n  status: todo')
        .replace(/\n*$/, `\n- ${NOW} backend-engineer released TASK_002\n- ${NOW} eng-backend released TASK_003\n`),
    );
  });

  it('fix releases every stale claim of a board in one run, each with its history line, or none with --no-history', () => {
    const items = Array.from({ length: 8 }, (_, i) => `- S_${i + 1}: "Stale ${i + 1}"\n  assigned_agent: agent-${i + 1}\n  status: claimed\n  claimed_at: "2026-01-01T00:00:00Z"\n`);
    const text = `# TODO\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n\n## Session History\n\n`;
    for (const history of [true, false]) {
      const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-stale-'));
      temps.push(ws);
      fs.writeFileSync(path.join(ws, 'TODO.md'), text);
      const fixed = cli(ws, 'fix', '--code', 'stale-claim', '--now', NOW, ...(history ? [] : ['--no-history']));
      assert.equal(fixed.status, 0, fixed.stderr);
      assert.equal(fixed.stdout.split('\n').filter(Boolean).length, 8, fixed.stdout);
      const after = read(ws, 'TODO.md');
      assert.equal((after.match(/status: todo/g) ?? []).length, 8);
      const lines = after.slice(after.indexOf('## Session History')).split('\n').filter((l) => l.startsWith('- '));
      assert.deepEqual(lines, history ? items.map((_, i) => `- ${NOW} agent-${i + 1} released S_${i + 1}`) : []);
    }
  });

  it('claim, start, done, release: one legal move each, JSON result, exact file edits', () => {
    const ws = temp(DEMO);
    const original = read(ws, 'TODO.md');
    const claim = cli(ws, 'claim', 'TASK_004', '--agent', 'alice', '--json', '--now', NOW);
    assert.equal(claim.status, 0, claim.stderr);
    assert.deepEqual(json(claim), { ok: true, id: 'TASK_004', file: 'TODO.md', line: 28, from: 'todo', to: 'claimed', agent: 'alice' });
    const start = cli(ws, 'start', 'TASK_004', '--now', NOW);
    assert.equal(start.status, 0, start.stderr);
    assert.equal(start.stdout, 'TODO.md:28 TASK_004 claimed → in_progress by alice\n');
    const done = cli(ws, 'done', 'TASK_004', '--json', '--now', NOW);
    assert.deepEqual(json(done), { ok: true, id: 'TASK_004', file: 'TODO.md', line: 28, from: 'in_progress', to: 'done', agent: 'alice' });
    const release = cli(ws, 'release', 'TASK_003', '--json', '--now', NOW);
    assert.deepEqual(json(release), { ok: true, id: 'TASK_003', file: 'TODO.md', line: 22, from: 'claimed', to: 'todo', agent: null });
    const expected = original
      .replace(
        '  assigned_agent:\n  status: todo\n  created_at: "2026-11-03T11:00:00Z"',
        '  assigned_agent: alice\n  status: done\n  claimed_at: "2026-11-21T10:00:00Z"\n  started_at: "2026-11-21T10:00:00Z"\n  completed_at: "2026-11-21T10:00:00Z"\n  created_at: "2026-11-03T11:00:00Z"',
      )
      .replace('  assigned_agent: eng-backend\n  status: claimed', '  assigned_agent:\n  status: todo')
      .replace(
        'eng-backend claimed TASK_003\n',
        [
          'eng-backend claimed TASK_003',
          '- 2026-11-21T10:00:00Z alice claimed TASK_004',
          '- 2026-11-21T10:00:00Z alice started TASK_004',
          '- 2026-11-21T10:00:00Z alice completed TASK_004',
          '- 2026-11-21T10:00:00Z eng-backend released TASK_003',
          '',
        ].join('\n'),
      );
    assert.equal(read(ws, 'TODO.md'), expected);
    assert.deepEqual(fs.readdirSync(ws).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp')), []);
  });

  it('--no-stamps --no-history changes only status and agent', () => {
    const ws = temp(DEMO);
    const r = cli(ws, 'claim', 'TASK_005', '--agent', 'bob', '--no-stamps', '--no-history');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      read(ws, 'TODO.md'),
      read(DEMO, 'TODO.md').replace(
        '- TASK_005: "Write OpenAPI spec for the users API"\n  priority: medium\n  assigned_agent:\n  status: todo',
        '- TASK_005: "Write OpenAPI spec for the users API"\n  priority: medium\n  assigned_agent: bob\n  status: claimed',
      ),
    );
  });

  it('an illegal move exits 3 with a message naming file, line and the legal next state; the file is untouched', () => {
    const ws = temp(DEMO);
    const r = cli(ws, 'done', 'TASK_005', '--json');
    assert.equal(r.status, 3);
    assert.deepEqual(json(r), {
      ok: false,
      code: 'illegal-move',
      message: 'TASK_005 cannot go todo → done; from todo the next legal status is claimed (claim).',
      file: 'TODO.md',
      line: 37,
    });
    assert.equal(r.stderr, 'TODO.md:37: TASK_005 cannot go todo → done; from todo the next legal status is claimed (claim).\n');
    assert.equal(read(ws, 'TODO.md'), read(DEMO, 'TODO.md'));
  });

  it('a task that moved under us exits 3 naming the holder (--expect compare-and-swap)', () => {
    const ws = temp(DEMO);
    const r = cli(ws, 'claim', 'TASK_003', '--agent', 'bob', '--expect', 'todo');
    assert.equal(r.status, 3);
    assert.match(r.stderr, /TASK_003 is now claimed by eng-backend, not todo/);
    const taken = cli(ws, 'claim', 'TASK_003', '--agent', 'bob');
    assert.equal(taken.status, 3);
    assert.match(taken.stderr, /already claimed by eng-backend/);
  });

  it('claim without --agent exits 2; an unknown id exits 2', () => {
    const ws = temp(DEMO);
    const r = cli(ws, 'claim', 'TASK_004');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /needs the agent's name/);
    const missing = cli(ws, 'start', 'TASK_404');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /No task TASK_404/);
    assert.equal(read(ws, 'TODO.md'), read(DEMO, 'TODO.md'));
  });

  it('a move on a malformed item is refused with exit 3 and its line', () => {
    const ws = temp(MALFORMED);
    const r = cli(ws, 'claim', 'TASK_012', '--agent', 'a');
    assert.equal(r.status, 3);
    assert.match(r.stderr, /^TODO\.md:18: TASK_012 has a syntax problem \(tab-indent/);
  });

  it('checklist moves: start moves the item to In Progress; done to Completed with the date', () => {
    const ws = temp(DEMO);
    const id = 'backend-engineer/add-pagination-to-get-api-users';
    const file = '.claude/tasks/backend-engineer-tasks.md';
    const start = cli(ws, 'start', id, '--json', '--now', NOW);
    assert.equal(start.status, 0, start.stderr);
    assert.deepEqual(json(start), { ok: true, id, file, line: 9, from: 'todo', to: 'in_progress', agent: 'backend-engineer' });
    const done = cli(ws, 'done', id, '--now', NOW);
    assert.equal(done.status, 0, done.stderr);
    assert.equal(
      read(ws, file),
      read(DEMO, file)
        .replace('- [ ] Add pagination to GET /api/users\n', '')
        .replace(
          '- [x] Set up the migrations folder (completed: 2026-11-01)\n',
          '- [x] Set up the migrations folder (completed: 2026-11-01)\n- [x] Add pagination to GET /api/users (completed: 2026-11-21)\n',
        ),
    );
    const illegal = cli(ws, 'done', 'frontend-engineer/show-api-validation-errors-inline');
    assert.equal(illegal.status, 3);
  });

  it('check: no violations at HEAD exits 0; an illegal edit and a new non-todo task exit 1', () => {
    const ws = temp(DEMO);
    gitRepo(ws);
    const clean = cli(ws, 'check');
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, 'No lifecycle violations since HEAD.\n');

    fs.writeFileSync(path.join(ws, 'TODO.md'), read(ws, 'TODO.md').replace('  assigned_agent: eng-backend\n  status: claimed', '  assigned_agent: eng-backend\n  status: done'));
    fs.mkdirSync(path.join(ws, 'web'));
    fs.writeFileSync(path.join(ws, 'web/TODO.md'), '# Web\n\n```yaml\n- WEB_1: "Landing page"\n  assigned_agent: carol\n  status: in_progress\n```\n');
    const r = cli(ws, 'check', '--json');
    assert.equal(r.status, 1);
    assert.deepEqual(json(r), [
      {
        file: 'TODO.md',
        line: 25,
        column: 11,
        endLine: 25,
        endColumn: 15,
        severity: 'error',
        code: 'illegal-transition',
        message: 'TASK_003 moved claimed → done, which is not a legal step; from claimed the next legal status is in_progress or todo.',
        fixes: ['Revert status to claimed'],
      },
      {
        file: 'web/TODO.md',
        line: 6,
        column: 11,
        endLine: 6,
        endColumn: 22,
        severity: 'error',
        code: 'new-task-not-todo',
        message: 'WEB_1 is new and starts in in_progress; new tasks start in todo (planners add them, executors claim them).',
        fixes: ['Set status to todo'],
      },
    ]);
    const human = cli(ws, 'check', '--base', 'HEAD');
    assert.equal(human.status, 1);
    assert.match(human.stdout, /^TODO\.md:25:11 error illegal-transition TASK_003 moved claimed → done/);

    const badRev = cli(ws, 'check', '--base', 'no-such-rev');
    assert.equal(badRev.status, 2);
    assert.match(badRev.stderr, /"no-such-rev" is not a commit/);
  });

  /**
   * A git repository of the demo board, the board moved to sub/TODO.md by `move`: check passes, and an illegal
   * move made there is judged against the board's old self. Returns the folder.
   */
  function movedBoardJudgedAsItself(move: (ws: string) => void): string {
    const ws = temp(DEMO);
    gitRepo(ws);
    fs.mkdirSync(path.join(ws, 'sub'));
    move(ws);
    const clean = cli(ws, 'check');
    assert.equal(clean.status, 0, clean.stdout);
    assert.equal(clean.stdout, 'No lifecycle violations since HEAD.\n');
    fs.writeFileSync(path.join(ws, 'sub/TODO.md'), read(ws, 'sub/TODO.md').replace('  assigned_agent: eng-backend\n  status: claimed', '  assigned_agent: eng-backend\n  status: done'));
    const r = cli(ws, 'check', '--json');
    assert.equal(r.status, 1);
    assert.deepEqual((json(r) as { file: string; code: string }[]).map((p) => [p.file, p.code]), [['sub/TODO.md', 'illegal-transition']]);
    return ws;
  }

  it('check: a board moved with git mv is judged against its old self, not as removed and new', () => {
    movedBoardJudgedAsItself((ws) => execFileSync('git', ['mv', 'TODO.md', 'sub/TODO.md'], { cwd: ws, stdio: 'pipe' }));
  });

  it('check: a board moved with a plain mv, not staged yet, is judged against its old self too', () => {
    const ws = movedBoardJudgedAsItself((dir) => fs.renameSync(path.join(dir, 'TODO.md'), path.join(dir, 'sub/TODO.md')));
    // A new board that shares no task with the removed one is no move: the removed one takes its held tasks with it.
    fs.writeFileSync(path.join(ws, 'sub/TODO.md'), '# Other\n\n```yaml\n- NEW_001: "Something else"\n  status: todo\n  assigned_agent:\n```\n');
    const apart = json(cli(ws, 'check', '--json')) as { file: string; code: string }[];
    assert.ok(apart.length > 0 && apart.every((p) => p.file === 'TODO.md' && p.code === 'claimed-task-removed'), JSON.stringify(apart));
  });

  it('check: a board moved with git mv to a name that is no task file takes its held tasks with it', () => {
    const ws = temp(DEMO);
    gitRepo(ws);
    execFileSync('git', ['mv', 'TODO.md', 'notes.md'], { cwd: ws, stdio: 'pipe' });
    const r = cli(ws, 'check', '--json');
    assert.equal(r.status, 1, r.stdout);
    const rows = json(r) as { file: string; code: string }[];
    assert.ok(rows.length > 0 && rows.every((p) => p.file === 'TODO.md' && p.code === 'claimed-task-removed'), JSON.stringify(rows));
  });

  it('check: a board that was not text at the base is said so once, not every task called new', () => {
    const ws = temp(DEMO);
    const board = read(ws, 'TODO.md');
    fs.writeFileSync(path.join(ws, 'TODO.md'), `${board}\0`);
    gitRepo(ws);
    fs.writeFileSync(path.join(ws, 'TODO.md'), board);
    const r = cli(ws, 'check', '--json');
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual((json(r) as { code: string; severity: string; message: string }[]).map((p) => [p.code, p.severity, p.message]), [
      ['unreadable-file', 'warning', 'TODO.md at HEAD is not text (it holds NUL bytes), so its tasks there cannot be compared with these.'],
    ]);
  });

  it('check: reads lines a lone CR ends as lines: the lone-cr fix makes no task new, and a move on such lines is judged', () => {
    const ws = temp(DEMO);
    // TASK_003's lines end in a CR alone: read literally, they are one line of TASK_002's (a board an old exporter touched).
    const joined = read(ws, 'TODO.md').replace(/(- TASK_003:[^`]*?status: claimed)\n/, (_item: string, body: string) => `${body.replace(/\n/g, '\r')}\n`);
    assert.match(joined, /\r {2}status: claimed\n/);
    fs.writeFileSync(path.join(ws, 'TODO.md'), joined.replace(/\n(- TASK_003:)/, '\r$1'));
    gitRepo(ws);
    const fixed = cli(ws, 'fix', '--code', 'lone-cr');
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.ok(!read(ws, 'TODO.md').includes('\r'), 'the fix ended the lines in LF');
    const afterFix = cli(ws, 'check', '--json');
    assert.equal(afterFix.status, 0, afterFix.stdout);
    assert.deepEqual(json(afterFix), []);
    // Back to the committed bytes, with TASK_003 moved illegally on its CR-ended lines.
    execFileSync('git', ['checkout', '--', 'TODO.md'], { cwd: ws, stdio: 'pipe' });
    fs.writeFileSync(path.join(ws, 'TODO.md'), read(ws, 'TODO.md').replace('assigned_agent: eng-backend\r  status: claimed', 'assigned_agent: eng-backend\r  status: done'));
    const moved = cli(ws, 'check', '--json');
    assert.equal(moved.status, 1, moved.stdout);
    assert.deepEqual((json(moved) as { code: string; message: string }[]).map((p) => [p.code, p.message.split(',')[0]]), [['illegal-transition', 'TASK_003 moved claimed → done']]);

    // A table board whose line ends are CR CR LF (a CRLF file converted again): its rows are rows before the fix too.
    const tables = temp(DEMO);
    fs.writeFileSync(path.join(tables, 'TODO.md'), '# TODO\r\r\n\r\r\n| ID | Task | Status | Owner |\r\r\n|----|------|--------|-------|\r\r\n| T1 | Docs | claimed | alice |\r\r\n');
    gitRepo(tables);
    assert.equal(cli(tables, 'fix', '--code', 'lone-cr').status, 0);
    assert.equal(read(tables, 'TODO.md'), '# TODO\r\n\r\n| ID | Task | Status | Owner |\r\n|----|------|--------|-------|\r\n| T1 | Docs | claimed | alice |\r\n');
    const table = cli(tables, 'check', '--json');
    assert.equal(table.status, 0, table.stdout);
    assert.deepEqual(json(table), []);
  });

  it('check: legal moves made with the CLI pass', () => {
    const ws = temp(DEMO);
    gitRepo(ws);
    assert.equal(cli(ws, 'claim', 'TASK_007', '--agent', 'dave').status, 0);
    assert.equal(cli(ws, 'start', 'TASK_003').status, 0);
    const r = cli(ws, 'check', '--json');
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(json(r), []);
  });

  it('add without a file adds to the root\'s board whatever its case, and makes TODO.md only when there is none', () => {
    const ws = temp(DEMO);
    fs.renameSync(path.join(ws, 'TODO.md'), path.join(ws, 'todo.md'));
    const added = cli(ws, 'add', 'Lower-case board');
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /^todo\.md:\d+ TASK_008 added/);
    assert.deepEqual(fs.readdirSync(ws).filter((f) => /^todo\.md$/i.test(f)), ['todo.md']);
    assert.match(read(ws, 'todo.md'), /^- TASK_008: "Lower-case board"$/m);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-cli-'));
    temps.push(empty);
    assert.equal(cli(empty, 'add', 'First').status, 0);
    assert.deepEqual(fs.readdirSync(empty), ['TODO.md']);
  });

  it('add --json prints the task as written: file, 1-based line, id, title, status, group; a lifecycle\'s first status', () => {
    const ws = temp(DEMO);
    const added = cli(ws, 'add', 'Trace requests', '--group', 'Backlog', '--json');
    assert.equal(added.status, 0, added.stderr);
    const row = json(added) as { line: number };
    assert.deepEqual(row, { ok: true, file: 'TODO.md', line: row.line, id: 'TASK_008', title: 'Trace requests', status: 'todo', group: 'Backlog' });
    assert.equal(read(ws, 'TODO.md').split('\n')[row.line - 1], '- TASK_008: "Trace requests"');
    // A repository whose lifecycle starts at backlog: the status said is the one written.
    fs.writeFileSync(path.join(ws, '.agent-task-board.yml'), 'lifecycle: [backlog, doing, done]\n');
    fs.writeFileSync(path.join(ws, 'TODO.md'), '```yaml\n- TASK_001: "A"\n  status: backlog\n```\n');
    const text = cli(ws, 'add', 'B');
    assert.equal(text.stdout, 'TODO.md:5 TASK_002 added (backlog)\n', text.stderr);
    assert.equal(read(ws, 'TODO.md').match(/^ {2}status: backlog$/gm)?.length, 2);
    assert.deepEqual(json(cli(ws, 'add', 'C', '--json')), { ok: true, file: 'TODO.md', line: 11, id: 'TASK_003', title: 'C', status: 'backlog', group: null });
    // A refusal: ok false, with the line of the board it is about.
    fs.writeFileSync(path.join(ws, 'TODO.md'), '## Doing\n\n- [ ] Write docs\n');
    const refused = cli(ws, 'add', 'D', '--json');
    assert.equal(refused.status, 3);
    assert.deepEqual(json(refused), { ok: false, file: 'TODO.md', line: 3, message: "TODO.md:3: the board's statuses are its headings, and none is for backlog: add that heading, then the task; nothing was added." });
    // On a checkbox board with a heading for it, an item like its neighbours.
    fs.writeFileSync(path.join(ws, 'TODO.md'), '## Backlog\n\n- [ ] T-1: Write docs\n\n## Doing\n\n- [ ] T-2: Build\n');
    assert.deepEqual(json(cli(ws, 'add', 'E', '--json')), { ok: true, file: 'TODO.md', line: 4, id: 'T-3', title: 'E', status: 'backlog', group: 'Backlog' });
    assert.equal(read(ws, 'TODO.md'), '## Backlog\n\n- [ ] T-1: Write docs\n- [ ] T-3: E\n\n## Doing\n\n- [ ] T-2: Build\n');
  });

  it('log: the work-log entries about a task, then the entries that only mention it', () => {
    const r = cli(DEMO, 'log', 'TASK_002', '--json');
    assert.equal(r.status, 0, r.stderr);
    const entries = json(r) as { file: string; line: number; heading: string; summary: string; markdown: string; timestamp: string | null; mention: boolean }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.heading, e.mention]),
      [
        ['BACKEND_WORK_LOG.md', 27, '2026-11-03 18:05 UTC — POST /api/users, first half (TASK_002)', false],
        // TASK_001's entry says it "unblocks TASK_002": a mention, not TASK_002's entry.
        ['BACKEND_WORK_LOG.md', 3, '2026-11-02 15:40 UTC — Users and sessions schema (TASK_001)', true],
      ],
    );
    const text = cli(DEMO, 'log', 'TASK_002').stdout;
    assert.ok(text.startsWith('BACKEND_WORK_LOG.md:27\n## 2026-11-03 18:05 UTC'), text);
    assert.ok(text.endsWith('Mentioned in:\n  BACKEND_WORK_LOG.md:3 2026-11-02 15:40 UTC — Users and sessions schema (TASK_001)\n'), text);
    assert.doesNotMatch(text, /Designed the users and sessions tables/, 'a mention is named, not printed whole');
    assert.equal(entries[0]!.summary, 'Endpoint skeleton with request validation.');
    assert.ok(entries[0]!.markdown.startsWith('## 2026-11-03 18:05 UTC — POST /api/users, first half (TASK_002)'));
    const none = cli(DEMO, 'log', 'TASK_005');
    assert.equal(none.status, 0);
    assert.equal(none.stdout, 'No work-log entry names TASK_005 ("Write OpenAPI spec for the users API").\n');
    assert.equal(cli(DEMO, 'log', 'TASK_404').status, 2);
  });

  it('log --append: an entry for a checklist item is found again; an id no task has is refused; --json gives the path as given', () => {
    const dir = temp(DEMO);
    const before = read(dir, 'BACKEND_WORK_LOG.md');
    const typo = cli(dir, 'log', 'TASK_01', '--append', 'typo id');
    assert.equal(typo.status, 3);
    assert.match(typo.stderr, /^No task TASK_01 under .*, and no work-log entry names it; nothing was written\./);
    assert.equal(read(dir, 'BACKEND_WORK_LOG.md'), before);
    const listed = json(cli(dir, 'list', '--json')) as { id: string; kind: string }[];
    const item = listed.find((t) => t.kind === 'checklist')!.id;
    const appended = json(cli(dir, 'log', item, '--append', 'Routes wired', '--json')) as { entry: { file: string; line: number } };
    assert.equal(appended.entry.file, 'BACKEND_WORK_LOG.md');
    const found = cli(dir, 'log', item);
    assert.match(found.stdout, new RegExp(`^BACKEND_WORK_LOG\\.md:${appended.entry.line}\\n## .* — Routes wired \\(${item.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`), found.stdout);
  });

  it('log: a CRLF work log prints its entry line by line, with no \\r at the ends', () => {
    const dir = temp(DEMO);
    const logFile = path.join(dir, 'BACKEND_WORK_LOG.md');
    fs.writeFileSync(logFile, read(dir, 'BACKEND_WORK_LOG.md').replace(/\n/g, '\r\n'));
    const text = cli(dir, 'log', 'TASK_002').stdout;
    assert.ok(text.startsWith('BACKEND_WORK_LOG.md:27\n## 2026-11-03 18:05 UTC'), text);
    assert.doesNotMatch(text, /\\r|\r/);
    assert.equal(text, cli(DEMO, 'log', 'TASK_002').stdout);
  });
});
