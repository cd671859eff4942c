import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import type { MoveKind } from '../../src/core/model';
import { planMove, type MoveOptions } from '../../src/core/moves';
import { applyEdits } from '../../src/core/text';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
const DEMO = fs.readFileSync(path.join(FIXTURES, 'demo-workspace/TODO.md'), 'utf8');
const MALFORMED = fs.readFileSync(path.join(FIXTURES, 'malformed/TODO.md'), 'utf8');
const CHECKLIST = fs.readFileSync(path.join(FIXTURES, 'demo-workspace/.claude/tasks/backend-engineer-tasks.md'), 'utf8');
const NOW = new Date('2026-11-21T10:00:00.456Z');

function moved(text: string, id: string, move: MoveKind, options: Partial<MoveOptions> = {}, file = 'TODO.md'): string {
  const plan = planMove(text, file, id, move, { now: NOW, ...options });
  assert.ok(plan.ok, plan.ok ? '' : `${plan.code}: ${plan.message}`);
  return applyEdits(text, plan.edits);
}

/** The demo board's TASK_004 item, for building expected texts. */
const TASK_004 = [
  '- TASK_004: "Rate-limit the login endpoint"   # needs Redis first',
  '  priority: medium',
  '  assigned_agent:',
  '  status: todo',
  '  created_at: "2026-11-03T11:00:00Z"',
].join('\n');

describe('planMove on a board', () => {
  it('claim sets status and assigned_agent and nothing else', () => {
    const out = moved(DEMO, 'TASK_004', 'claim', { agent: 'alice' });
    assert.equal(out, DEMO.replace(TASK_004, TASK_004.replace('assigned_agent:', 'assigned_agent: alice').replace('status: todo', 'status: claimed')));
  });

  it('claim with stamps and history writes claimed_at after the status line (quoted like created_at) and a Session History line', () => {
    const out = moved(DEMO, 'TASK_004', 'claim', { agent: 'alice', stamps: true, history: true });
    const item = TASK_004.replace('assigned_agent:', 'assigned_agent: alice').replace(
      '  status: todo',
      '  status: claimed\n  claimed_at: "2026-11-21T10:00:00Z"',
    );
    assert.equal(
      out,
      DEMO.replace(TASK_004, item).replace(
        '- 2026-11-04T07:55:00Z eng-backend claimed TASK_003\n',
        '- 2026-11-04T07:55:00Z eng-backend claimed TASK_003\n- 2026-11-21T10:00:00Z alice claimed TASK_004\n',
      ),
    );
  });

  it('start, then complete: stamps in lifecycle order, history names the holder', () => {
    const claimed = moved(DEMO, 'TASK_004', 'claim', { agent: 'alice', stamps: true });
    const started = moved(claimed, 'TASK_004', 'start', { stamps: true, history: true });
    const done = moved(started, 'TASK_004', 'complete', { stamps: true, history: true });
    const item = [
      '- TASK_004: "Rate-limit the login endpoint"   # needs Redis first',
      '  priority: medium',
      '  assigned_agent: alice',
      '  status: done',
      '  claimed_at: "2026-11-21T10:00:00Z"',
      '  started_at: "2026-11-21T10:00:00Z"',
      '  completed_at: "2026-11-21T10:00:00Z"',
      '  created_at: "2026-11-03T11:00:00Z"',
    ].join('\n');
    assert.equal(
      done,
      DEMO.replace(TASK_004, item).replace(
        'eng-backend claimed TASK_003\n',
        'eng-backend claimed TASK_003\n- 2026-11-21T10:00:00Z alice started TASK_004\n- 2026-11-21T10:00:00Z alice completed TASK_004\n',
      ),
    );
  });

  it('an existing stamp is replaced in place, keeping its quotes', () => {
    const text = DEMO.replace('  status: todo\n  created_at: "2026-11-03T11:00:00Z"', "  status: todo\n  claimed_at: '2020-01-01T00:00:00Z'\n  created_at: \"2026-11-03T11:00:00Z\"");
    const out = moved(text, 'TASK_004', 'claim', { agent: 'bob', stamps: true });
    assert.equal(
      out,
      text
        .replace("claimed_at: '2020-01-01T00:00:00Z'", "claimed_at: '2026-11-21T10:00:00Z'")
        .replace(TASK_004.split('\n')[0]! + '\n  priority: medium\n  assigned_agent:', TASK_004.split('\n')[0]! + '\n  priority: medium\n  assigned_agent: bob')
        .replace("  status: todo\n  claimed_at: '2026", "  status: claimed\n  claimed_at: '2026"),
    );
  });

  it('reads an agent written as a mention (`"@bob"`) as bob: bob moves it on, and the field is left as written', () => {
    const text = '```yaml\n- TASK_001: "One"\n  status: claimed\n  assigned_agent: "@bob"\n- TASK_002: "Two"\n  status: todo\n  assignee: ["@carol", dave]\n```\n';
    const parsed = parseBoard({ file: 'TODO.md', text });
    assert.deepEqual(parsed.tasks.map((t) => t.assignedAgent), ['bob', 'carol, dave']);
    for (const agent of ['bob', '@bob']) {
      const out = moved(text, 'TASK_001', 'start', { agent });
      assert.equal(out, text.replace('status: claimed', 'status: in_progress'), agent);
    }
    assert.equal(planMove(text, 'TODO.md', 'TASK_001', 'start', { now: NOW, agent: 'carol' }).ok, false);
    // `--agent @erin` claims for erin: the name is written, and erin then moves it on under either spelling.
    const claimed = moved(text, 'TASK_002', 'claim', { agent: '@erin' });
    assert.match(claimed, /assignee: \[erin\]/);
    assert.equal(moved(claimed, 'TASK_002', 'start', { agent: 'erin' }), moved(claimed, 'TASK_002', 'start', { agent: '@erin' }));
  });

  it('release empties assigned_agent but keeps the key', () => {
    const out = moved(DEMO, 'TASK_003', 'release', { history: true });
    assert.equal(
      out,
      DEMO.replace('  assigned_agent: eng-backend\n  status: claimed', '  assigned_agent:\n  status: todo').replace(
        'eng-backend claimed TASK_003\n',
        'eng-backend claimed TASK_003\n- 2026-11-21T10:00:00Z eng-backend released TASK_003\n',
      ),
    );
  });

  it('keeps comments after values and quoting of the status', () => {
    const text = DEMO.replace('  assigned_agent:\n  status: todo\n  created_at: "2026-11-03T11:00:00Z"', '  assigned_agent:    # who?\n  status: "todo"   # planners set this\n  created_at: "2026-11-03T11:00:00Z"');
    const out = moved(text, 'TASK_004', 'claim', { agent: 'alice' });
    assert.equal(out, text.replace('  assigned_agent:    # who?\n  status: "todo"', '  assigned_agent: alice    # who?\n  status: "claimed"'));
    const released = moved(out, 'TASK_004', 'release', {});
    assert.equal(released, text.replace('status: "todo"', 'status: "todo"'));
  });

  it('an empty value followed by blanks takes the name without them: no blank is left after it', () => {
    const text = '```yaml\r\n- T_1: "x"\r\n  assigned_agent: \t \r\n  status: todo\r\n```\r\n';
    assert.equal(moved(text, 'T_1', 'claim', { agent: 'q' }), text.replace('assigned_agent: \t \r\n  status: todo', 'assigned_agent: q\r\n  status: claimed'));
    const flow = '```yaml\n- {T_1: "x", assigned_agent: , status: todo}\n- {T_2: "y", assigned_agent:  }\n```\n';
    const claimed = moved(flow, 'T_1', 'claim', { agent: 'bob' });
    assert.equal(claimed, flow.replace('assigned_agent: , status: todo', 'assigned_agent: bob, status: claimed'));
  });

  it('CRLF files stay CRLF, including inserted lines', () => {
    const text = DEMO.replace(/\n/g, '\r\n');
    const out = moved(text, 'TASK_004', 'claim', { agent: 'alice', stamps: true, history: true });
    const lf = moved(DEMO, 'TASK_004', 'claim', { agent: 'alice', stamps: true, history: true });
    assert.equal(out, lf.replace(/\n/g, '\r\n'));
    assert.equal(out.replace(/\r\n/g, '').includes('\n'), false);
  });

  it('in a file whose lines end differently, every line keeps its ending and a new line ends like its neighbour', () => {
    // The title line is CRLF, the rest LF; then the other way round.
    const mixed = '# Board\r\n\n## Tasks\n\n```yaml\n- TASK_001: "A"\n  status: todo\n  assigned_agent:\n```\n\n## Session History\n\n- 2026-01-01T00:00:00Z x claimed TASK_000\n';
    const out = moved(mixed, 'TASK_001', 'claim', { agent: 'al', stamps: true, history: true });
    assert.equal(
      out,
      mixed
        .replace('  status: todo\n  assigned_agent:\n', '  status: claimed\n  claimed_at: "2026-11-21T10:00:00Z"\n  assigned_agent: al\n')
        .replace('claimed TASK_000\n', 'claimed TASK_000\n- 2026-11-21T10:00:00Z al claimed TASK_001\n'),
    );
    const crlf = mixed.replace(/\r?\n/g, '\r\n').replace('  status: todo\r\n', '  status: todo\n');
    const out2 = moved(crlf, 'TASK_001', 'claim', { agent: 'al', stamps: true });
    assert.equal(out2, crlf.replace('  status: todo\n  assigned_agent:\r\n', '  status: claimed\n  claimed_at: "2026-11-21T10:00:00Z"\n  assigned_agent: al\r\n'));
    // The last history entry ends in LF in a CRLF file: it keeps it, and the new entry takes it too.
    const lastLf = mixed.replace(/\r?\n/g, '\r\n').replace(/claimed TASK_000\r\n$/, 'claimed TASK_000\n');
    assert.ok(moved(lastLf, 'TASK_001', 'claim', { agent: 'al', history: true }).endsWith('claimed TASK_000\n- 2026-11-21T10:00:00Z al claimed TASK_001\n'));
    const noFinalBreak = lastLf.replace(/\n$/, '');
    assert.ok(moved(noFinalBreak, 'TASK_001', 'claim', { agent: 'al', history: true }).endsWith('\r\n\r\n- 2026-01-01T00:00:00Z x claimed TASK_000\r\n- 2026-11-21T10:00:00Z al claimed TASK_001'));
    // A checkbox item moved under a heading whose line ends in LF, in a CRLF file.
    const boxes = '## In Progress\r\n- [ ] Ship it\r\n\r\n## Done\n- [x] Old\n';
    assert.equal(moved(boxes, 'ship-it', 'complete'), '## In Progress\r\n\r\n## Done\n- [x] Old\n- [x] Ship it\n');
  });

  it('a history kept as a numbered list or a table gets the new line after it, not above it', () => {
    const numbered = '# B\n\n```yaml\n- TASK_001: "a"\n  status: todo\n```\n\n## Session History\n\n1. 2026-01-01 x did a\n2. 2026-01-02 y did b\n\n## Notes\n';
    const line = '- 2026-11-21T10:00:00Z al claimed TASK_001\n';
    assert.ok(moved(numbered, 'TASK_001', 'claim', { agent: 'al', history: true }).endsWith(`2. 2026-01-02 y did b\n${line}\n## Notes\n`));
    const table = numbered.replace('1. 2026-01-01 x did a\n2. 2026-01-02 y did b\n', '| when | who |\n|---|---|\n| 2026-01-01 | x |\n');
    assert.ok(moved(table, 'TASK_001', 'claim', { agent: 'al', history: true }).endsWith(`| 2026-01-01 | x |\n${line}\n## Notes\n`));
    // Text after the entries that is not one (a footer) stays last; an entry's indented second line goes with it.
    const footer = numbered.replace('\n## Notes\n', '\n---\nMaintained by the team.\n').replace('2. 2026-01-02 y did b\n', '2. 2026-01-02 y did b\n   and more\n');
    assert.ok(moved(footer, 'TASK_001', 'claim', { agent: 'al', history: true }).endsWith(`   and more\n${line}\n---\nMaintained by the team.\n`));
  });

  it('a BOM stays, and offsets count it', () => {
    const text = `\ufeff${DEMO}`;
    const out = moved(text, 'TASK_005', 'claim', { agent: 'alice', stamps: true });
    assert.equal(out, `\ufeff${moved(DEMO, 'TASK_005', 'claim', { agent: 'alice', stamps: true })}`);
  });

  it('a file without a trailing newline gets its history line after the last one', () => {
    const text = DEMO.replace(/\n$/, '');
    const out = moved(text, 'TASK_004', 'claim', { agent: 'alice', history: true });
    assert.ok(out.endsWith('eng-backend claimed TASK_003\n- 2026-11-21T10:00:00Z alice claimed TASK_004'));
  });

  it('no history section: no history line, no error', () => {
    const text = DEMO.slice(0, DEMO.indexOf('## Session History'));
    const out = moved(text, 'TASK_004', 'claim', { agent: 'alice', history: true });
    assert.equal(out.length - text.length, 'claimed'.length - 'todo'.length + ' alice'.length);
  });

  it('a missing assigned_agent key is inserted after the status line with the item indentation', () => {
    const text = '```yaml\n-   TASK_1: "x"\n    status: todo\n    created_at: 2026-11-01T00:00:00Z\n```\n';
    const out = moved(text, 'TASK_1', 'claim', { agent: 'alice', stamps: true });
    assert.equal(out, '```yaml\n-   TASK_1: "x"\n    status: claimed\n    assigned_agent: alice\n    claimed_at: 2026-11-21T10:00:00Z\n    created_at: 2026-11-01T00:00:00Z\n```\n');
  });

  it('an agent name that YAML would misread is quoted', () => {
    const out = moved(DEMO, 'TASK_004', 'claim', { agent: 'team: web' });
    assert.ok(out.includes('  assigned_agent: "team: web"\n  status: claimed'));
  });

  it('the id-field shape moves too', () => {
    const text = '```yaml\n- id: AUTH_SYSTEM\n  title: "Auth"\n  assigned_agent: ""\n  status: todo\n```\n';
    const out = moved(text, 'AUTH_SYSTEM', 'claim', { agent: 'alice' });
    assert.equal(out, '```yaml\n- id: AUTH_SYSTEM\n  title: "Auth"\n  assigned_agent: "alice"\n  status: claimed\n```\n');
  });

  it('passing the parse gives the same edits', () => {
    const parsed = parseBoard({ file: 'TODO.md', text: DEMO });
    const a = planMove(DEMO, 'TODO.md', 'TASK_006', 'claim', { agent: 'x', now: NOW, stamps: true, history: true });
    const b = planMove(DEMO, 'TODO.md', 'TASK_006', 'claim', { agent: 'x', now: NOW, stamps: true, history: true, parsed });
    assert.deepEqual(a, b);
  });
});

describe('planMove on an item whose first key is a field', () => {
  const ITEM = '# TODO\n\n```yaml\n- status: todo\n  id: TASK_009\n  title: x\n- id: TASK_010\n  title: y\n  status: todo\n```\n';

  it('claim writes new fields at the field column, not after another `- `, so the item stays one item', () => {
    const out = moved(ITEM, 'TASK_009', 'claim', { agent: 'alice', stamps: true });
    assert.equal(
      out,
      ITEM.replace('- status: todo\n', '- status: claimed\n  assigned_agent: alice\n  claimed_at: "2026-11-21T10:00:00Z"\n'),
    );
    const tasks = parseBoard({ file: 'TODO.md', text: out }).tasks;
    assert.deepEqual(tasks.map((t) => [t.id, t.status, t.assignedAgent]), [
      ['TASK_009', 'claimed', 'alice'],
      ['TASK_010', 'todo', undefined],
    ]);
  });

  it('the same with a wider marker (`-   status:`) and CRLF', () => {
    const text = ITEM.replace('- status: todo\n  id: TASK_009\n  title: x', '-   status: todo\n    id: TASK_009\n    title: x').replace(/\n/g, '\r\n');
    const out = moved(text, 'TASK_009', 'claim', { agent: 'bob' });
    assert.equal(out, text.replace('-   status: todo\r\n', '-   status: claimed\r\n    assigned_agent: bob\r\n'));
  });
});

describe('planMove on a flow-style item', () => {
  const FLOW = '# TODO\n\n```yaml\n- {TASK_007: "Flow item", status: todo, assigned_agent: }\n- {TASK_008: "No agent", status: todo}\n- {TASK_009: "Two\n    lines", status: todo,\n   priority: high }  # wrapped\n```\n';

  it('claim writes the new fields inside the braces, so the item stays one valid item', () => {
    let out = moved(FLOW, 'TASK_007', 'claim', { agent: 'alice', stamps: true });
    assert.equal(out, FLOW.replace('status: todo, assigned_agent: }', 'status: claimed, assigned_agent: alice, claimed_at: "2026-11-21T10:00:00Z" }'));
    out = moved(out, 'TASK_008', 'claim', { agent: 'bob', stamps: true });
    assert.ok(out.includes('- {TASK_008: "No agent", status: claimed, assigned_agent: bob, claimed_at: "2026-11-21T10:00:00Z"}\n'), out);
    out = moved(out, 'TASK_009', 'claim', { agent: 'carol', stamps: true });
    assert.ok(out.includes('   priority: high, assigned_agent: carol, claimed_at: "2026-11-21T10:00:00Z" }  # wrapped\n'), out);
    const parsed = parseBoard({ file: 'TODO.md', text: out });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.title, t.status, t.assignedAgent, t.fields['claimed_at']]), [
      ['TASK_007', 'Flow item', 'claimed', 'alice', '2026-11-21T10:00:00Z'],
      ['TASK_008', 'No agent', 'claimed', 'bob', '2026-11-21T10:00:00Z'],
      ['TASK_009', 'Two lines', 'claimed', 'carol', '2026-11-21T10:00:00Z'],
    ]);
  });

  it('reads a quote inside a plain word as a character, and never writes past its own item', () => {
    const text = '# TODO\n\n```yaml\n- {TASK_001: It\'s a, status: todo}\n- {TASK_002: Bob\'s 5" screen, status: todo}\n```\n';
    const out = moved(moved(text, 'TASK_001', 'claim', { agent: 'al' }), 'TASK_002', 'claim', { agent: 'bo' });
    assert.equal(out, text.replace("It's a, status: todo}", "It's a, status: claimed, assigned_agent: al}").replace('screen, status: todo}', 'screen, status: claimed, assigned_agent: bo}'));
  });

  it('finds the closing brace past quotes, comments and a trailing comma', () => {
    const text = '# TODO\n\n```yaml\n- {TASK_001: "A } b", status: todo}  # see {x}\n- {TASK_002: \'it\'\'s\', status: todo,}\n- {TASK_003: "C", status: todo,\n   # a note }\n  }\n```\n';
    let out = text;
    for (const id of ['TASK_001', 'TASK_002', 'TASK_003']) out = moved(out, id, 'claim', { agent: 'al' });
    assert.equal(
      out,
      text
        .replace('status: todo}  # see {x}', 'status: claimed, assigned_agent: al}  # see {x}')
        .replace("status: todo,}", "status: claimed, assigned_agent: al,}")
        .replace('status: todo,\n', 'status: claimed, assigned_agent: al,\n'),
    );
    const parsed = parseBoard({ file: 'TODO.md', text: out });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status, t.assignedAgent]), [
      ['TASK_001', 'claimed', 'al'],
      ['TASK_002', 'claimed', 'al'],
      ['TASK_003', 'claimed', 'al'],
    ]);
  });
});

describe('an agent name with flow indicators', () => {
  // GitHub's bots sign as `name[bot]`; inside `{…}` or `[…]` a plain `[`, `]`, `{`, `}` or `,` would end the value.
  const TEXT = '# TODO\n\n```yaml\n- {TASK_001: "Flow item", status: todo}\n- {TASK_002: "Flow with agent", status: todo, assigned_agent: }\n- TASK_003: Listed\n  status: todo\n  assigned_to: []\n```\n';

  it('is quoted where it is written inside a flow map or list, and reads back whole', () => {
    let out = TEXT;
    for (const [id, agent] of [['TASK_001', 'dependabot[bot]'], ['TASK_002', 'a,b'], ['TASK_003', 'copilot{x}']]) out = moved(out, id!, 'claim', { agent });
    const parsed = parseBoard({ file: 'TODO.md', text: out });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status, t.assignedAgent]), [
      ['TASK_001', 'claimed', 'dependabot[bot]'],
      ['TASK_002', 'claimed', 'a,b'],
      ['TASK_003', 'claimed', 'copilot{x}'],
    ]);
  });
});

describe('a table row claimed with no agent while it waits', () => {
  it('is told the name first, as a YAML item is', () => {
    const table = '# Board\n\n| ID | Title | Status | Assignee |\n| --- | --- | --- | --- |\n| T1 | Docs | todo | |\n';
    const waitingOn = [{ id: 'T0', known: true, status: 'todo' as const }];
    const bare = planMove(table, 'TODO.md', 'T1', 'claim', { now: NOW, waitingOn });
    assert.ok(!bare.ok);
    assert.equal(bare.code, 'no-agent');
    const named = planMove(table, 'TODO.md', 'T1', 'claim', { now: NOW, waitingOn, agent: 'ann' });
    assert.ok(!named.ok);
    assert.equal(named.code, 'waiting');
  });
});

describe('planMove refusals', () => {
  const plan = (text: string, id: string, move: MoveKind, options: Partial<MoveOptions> = {}) =>
    planMove(text, 'TODO.md', id, move, { now: NOW, ...options });

  it('a claim on a checkbox item or a table row another agent holds names the holder, as on a YAML item', () => {
    const checkboxes = '# TODO\n\n## To Do\n\n- [ ] TASK_002: Second\n\n## In Progress\n\n- [ ] TASK_001: First @alice\n\n## Done\n';
    const table = '# TODO\n\n| ID | Title | Status | Owner |\n|----|-------|--------|-------|\n| T1 | One | claimed | alice |\n';
    const refusal = (p: ReturnType<typeof plan>): string => (p.ok ? 'moved' : `${p.code}: ${p.message}`);
    assert.equal(refusal(plan(checkboxes, 'TASK_001', 'claim', { agent: 'bob' })), 'illegal-move: TASK_001 is already in_progress by alice; take another task.');
    assert.equal(refusal(plan(table, 'T1', 'claim', { agent: 'bob' })), 'illegal-move: T1 is already claimed by alice; take another task.');
    // Without an agent named (a move to the same status), still who holds it.
    assert.match(refusal(planMove(table, 'TODO.md', 'T1', { to: 'claimed' }, { now: NOW })), /^illegal-move: T1 is already claimed by alice; /);
  });

  it('not-found', () => {
    const p = plan(DEMO, 'TASK_999', 'claim', { agent: 'a' });
    assert.equal(p.ok, false);
    assert.equal(!p.ok && p.code, 'not-found');
  });

  it('illegal-move names the legal next state and the status line', () => {
    const p = plan(DEMO, 'TASK_005', 'complete');
    assert.ok(!p.ok);
    assert.equal(p.code, 'illegal-move');
    assert.equal(p.message, 'TASK_005 cannot go todo → done; from todo the next legal status is claimed (claim).');
    assert.equal(p.line, DEMO.split('\n').indexOf('  status: todo', DEMO.split('\n').indexOf('- TASK_005: "Write OpenAPI spec for the users API"')));
  });

  it('release is only for a held task: a started one can be released, a todo or done one cannot', () => {
    const started = plan(DEMO, 'TASK_002', 'release');
    assert.ok(started.ok);
    assert.equal(started.from, 'in_progress');
    assert.equal(started.to, 'todo');
    const done = plan(DEMO, 'TASK_001', 'release');
    assert.ok(!done.ok);
    assert.equal(done.code, 'illegal-move');
    const todo = plan(DEMO, 'TASK_004', 'release');
    assert.ok(!todo.ok);
    assert.match(todo.message, /TASK_004 is already todo/);
  });

  it('claiming a claimed task names the holder', () => {
    const p = plan(DEMO, 'TASK_003', 'claim', { agent: 'bob' });
    assert.ok(!p.ok);
    assert.equal(p.code, 'illegal-move');
    assert.match(p.message, /already claimed by eng-backend/);
  });

  it('a claim on a task another agent holds says to take another, at the task\'s line', () => {
    const p = plan(DEMO, 'TASK_003', 'claim', { agent: 'bob' });
    assert.ok(!p.ok);
    assert.equal(p.message, 'TASK_003 is already claimed by eng-backend; take another task.');
    assert.equal(DEMO.split('\n')[p.line!], DEMO.split('\n').find((l) => l.startsWith('- TASK_003')));
    // The holder claiming again is told where the task can go from there.
    const again = plan(DEMO, 'TASK_003', 'claim', { agent: 'eng-backend' });
    assert.ok(!again.ok);
    assert.match(again.message, /from claimed the next legal status is in_progress or todo \(start \/ release\)/);
  });

  it('moved: compare-and-swap on the expected status names who holds it now', () => {
    const p = plan(DEMO, 'TASK_003', 'claim', { agent: 'bob', expectedStatus: 'todo' });
    assert.ok(!p.ok);
    assert.equal(p.code, 'moved');
    assert.match(p.message, /TASK_003 is now claimed by eng-backend, not todo/);
  });

  it('no-agent: a claim needs an agent', () => {
    const p = plan(DEMO, 'TASK_004', 'claim');
    assert.ok(!p.ok);
    assert.equal(p.code, 'no-agent');
  });

  it('only the holder starts a claimed task', () => {
    const p = plan(DEMO, 'TASK_003', 'start', { agent: 'mallory' });
    assert.ok(!p.ok);
    assert.equal(p.code, 'illegal-move');
    assert.match(p.message, /held by eng-backend, not mallory/);
  });

  it('invalid-item: a task with a syntax problem is refused with its line', () => {
    const p = plan(MALFORMED, 'TASK_012', 'claim', { agent: 'a' });
    assert.ok(!p.ok);
    assert.equal(p.code, 'invalid-item');
    assert.equal(p.line, MALFORMED.split('\n').indexOf('\tpriority: low'));
  });

  it('invalid-item: an unknown or a missing status', () => {
    const unknown = plan(DEMO.replace('status: in_progress', 'status: someday'), 'TASK_002', 'complete');
    assert.ok(!unknown.ok);
    assert.equal(unknown.code, 'invalid-item');
    assert.match(unknown.message, /"someday"/);
    // `fix` has nothing to apply to a word it cannot read: the message names the statuses instead.
    assert.match(unknown.message, /\(todo, claimed, in_progress, done\); write one of those/);
    assert.doesNotMatch(unknown.message, /agent-task-board fix/);
    const missing = plan('```yaml\n- TASK_1: "x"\n  priority: low\n```\n', 'TASK_1', 'claim', { agent: 'a' });
    assert.ok(!missing.ok);
    assert.equal(missing.code, 'invalid-item');
    assert.match(missing.message, /no status field; fix it first \(agent-task-board fix\)/);
    const empty = plan('```yaml\n- TASK_1: "x"\n  status:\n```\n', 'TASK_1', 'claim', { agent: 'a' });
    assert.ok(!empty.ok);
    assert.match(empty.message, /has an empty status; fix it first \(agent-task-board fix\)/);
  });

  it('invalid-item: a duplicated id', () => {
    const p = plan(MALFORMED, 'TASK_013', 'claim', { agent: 'a' });
    assert.ok(!p.ok);
    assert.equal(p.code, 'invalid-item');
    assert.match(p.message, /appears 2 times/);
  });

  it('other tasks of a malformed board still move', () => {
    // TASK_014 is claimed with no agent: starting it names the agent that starts it.
    const out = moved(MALFORMED, 'TASK_014', 'start', { agent: 'a' });
    assert.equal(out, MALFORMED.replace('  assigned_agent:\n  status: claimed', '  assigned_agent: a\n  status: in_progress'));
  });
});

describe('planMove on a checklist', () => {
  const FILE = '.claude/tasks/backend-engineer-tasks.md';
  const ID = 'backend-engineer/add-pagination-to-get-api-users';

  it('start (or claim) moves an item from To Do to In Progress', () => {
    const started = moved(CHECKLIST, ID, 'start', {}, FILE);
    const expected = CHECKLIST.replace('- [ ] Add pagination to GET /api/users\n', '').replace(
      '  - [ ] Password hashing with argon2\n',
      '  - [ ] Password hashing with argon2\n- [ ] Add pagination to GET /api/users\n',
    );
    assert.equal(started, expected);
    assert.equal(moved(CHECKLIST, ID, 'claim', {}, FILE), expected);
  });

  it('complete ticks it into Completed with the date; release puts it back in To Do', () => {
    const started = moved(CHECKLIST, ID, 'start', {}, FILE);
    const done = moved(started, ID, 'complete', {}, FILE);
    assert.ok(done.includes('- [x] Add pagination to GET /api/users (completed: 2026-11-21)'));
    assert.equal(parseChecklist({ file: FILE, text: done }).tasks.find((t) => t.id === ID)?.status, 'done');
    const released = moved(started, ID, 'release', {}, FILE);
    assert.equal(parseChecklist({ file: FILE, text: released }).tasks.find((t) => t.id === ID)?.status, 'todo');
  });

  it('dates the completion by the day where the move is made, as lint\'s fix does, not by UTC\'s', () => {
    const started = moved(CHECKLIST, ID, 'start', {}, FILE);
    const zone = process.env.TZ;
    try {
      // 10:00 UTC is 00:00 the next day at UTC+14, and the day before at UTC-10.
      for (const [tz, day] of [['Pacific/Kiritimati', '2026-11-22'], ['Pacific/Honolulu', '2026-11-21'], ['Etc/GMT+11', '2026-11-20']] as const) {
        process.env.TZ = tz;
        const done = moved(started, ID, 'complete', { now: new Date('2026-11-21T10:00:00Z') }, FILE);
        assert.ok(done.includes(`- [x] Add pagination to GET /api/users (completed: ${day})`), `${tz}: ${done}`);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('todo → done is refused', () => {
    const p = planMove(CHECKLIST, FILE, ID, 'complete', { now: NOW });
    assert.ok(!p.ok);
    assert.equal(p.code, 'illegal-move');
    assert.match(p.message, /next legal status is in_progress/);
  });

  it('another agent cannot move an item of this checklist', () => {
    const p = planMove(CHECKLIST, FILE, ID, 'start', { now: NOW, agent: 'frontend-engineer' });
    assert.ok(!p.ok);
    assert.equal(p.code, 'illegal-move');
  });

  it('a subtask is refused as invalid-item', () => {
    const sub = parseChecklist({ file: FILE, text: CHECKLIST }).tasks[0]!.subtasks[0]!;
    const p = planMove(CHECKLIST, FILE, sub.id, 'start', { now: NOW });
    assert.ok(!p.ok);
    assert.equal(p.code, 'invalid-item');
  });
});
