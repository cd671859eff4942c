import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  acceptLegal,
  entriesOf,
  entriesSteps,
  isSnapshot,
  matchAccepted,
  revertEdits,
  packSnapshot,
  snapshotOf,
  summarizeViolations,
  unpackSnapshot,
  violationsAgainst,
} from '../../src/core/acceptedState';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { checkTransitions } from '../../src/core/lifecycle';
import type { Problem, Task, TextEdit } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const FILE = 'file:///w/TODO.md';

function board(items: string, eol = '\n'): string {
  return ['# TODO', '', '```yaml', items, '```', ''].join('\n').replace(/\n/g, eol);
}

function item(id: string, status: string, agent?: string): string {
  const lines = [`- ${id}: "Task ${id}"`, '  priority: high'];
  if (agent !== undefined) lines.push(`  assigned_agent: ${agent}`);
  lines.push(`  status: ${status}`);
  return lines.join('\n');
}

function tasksOf(text: string) {
  return parseBoard({ file: FILE, text }).tasks;
}

describe('acceptedState', () => {
  it('takes a text as accepted without copying its tasks: the snapshot is the parse\'s own, and so are the legal entries after a save', () => {
    const before = board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'todo'));
    const tasks = tasksOf(before);
    const snap = snapshotOf(tasks);
    assert.equal(snap.tasks, tasks);
    // One legal move and one skipped step: the legal task's entry is the new parse's task, the other keeps its accepted one.
    const after = before.replace('status: todo', 'status: claimed\n  assigned_agent: alice').replace(/status: todo(?![\s\S]*status: todo)/, 'status: done');
    const now = tasksOf(after);
    const violations = violationsAgainst(snap, now, after);
    assert.deepEqual(violations.map((v) => [v.code, v.taskId]), [['illegal-transition', 'TASK_002']]);
    const next = acceptLegal(snap, now, violations);
    assert.equal(next.tasks[0], now[0]);
    assert.equal(next.tasks[1], tasks[1]);
  });

  it('pairs the tasks of a text with the same ids in the same order with the accepted list itself, not a copy of it', () => {
    const accepted = snapshotOf(tasksOf(board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'todo'))));
    const moved = tasksOf(board(item('TASK_001', 'claimed', 'alice') + '\n\n' + item('TASK_002', 'todo')));
    assert.equal(matchAccepted(accepted, moved), accepted.tasks);
    const reordered = tasksOf(board(item('TASK_002', 'todo') + '\n\n' + item('TASK_001', 'todo')));
    assert.deepEqual(matchAccepted(accepted, reordered), [accepted.tasks[1], accepted.tasks[0]], 'other ids: paired by id');
  });

  it('gives a snapshot an entry of its own per task, in steps, keeping what storage keeps', () => {
    const items: string[] = [];
    for (let i = 0; i < 3_000; i++) items.push(i % 3 === 0 ? `- T_${i}: "  Padded  "\n  status: todo` : item(`T_${i}`, i % 3 === 1 ? 'claimed' : 'In Review', i % 3 === 1 ? 'alice' : undefined));
    const snap = snapshotOf(tasksOf(board(items.join('\n'))));
    const steps = entriesSteps(snap);
    let taken = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) taken++;
    assert.ok(taken >= 2, `3,000 tasks in ${taken + 1} steps`);
    assert.deepEqual(step.value, entriesOf(snap));
    assert.ok(step.value.tasks.every((entry, i) => entry !== snap.tasks[i]), 'no entry is one of the tasks');
    assert.deepEqual(step.value.tasks.slice(0, 3), [
      { id: 'T_0', kind: 'board', status: 'todo', statusText: 'todo', title: 'Padded' },
      { id: 'T_1', kind: 'board', status: 'claimed', statusText: 'claimed', assignedAgent: 'alice', title: 'Task T_1' },
      { id: 'T_2', kind: 'board', statusText: 'In Review', title: 'Task T_2' },
    ]);
    assert.deepEqual(step.value, unpackSnapshot(JSON.parse(JSON.stringify(packSnapshot(snap)))));
  });

  it('stores only id, kind, status, status text, agent and the trimmed title per task, tasks of every shape included', () => {
    const items = [
      // With and without an agent, an empty title, a status word outside the lifecycle, no status at all, a padded title.
      `- T_0: ""\n  status: todo`,
      item('T_1', 'in_progress', 'alice'),
      `- T_2: "Task"\n  priority: low`,
      item('T_3', 'In Review'),
      item('T_4', 'claimed', ''), // an empty agent is no agent
      `- T_5: "  Padded  "\n  status: todo`,
    ];
    const snap = snapshotOf(tasksOf(board(items.join('\n'))));
    assert.deepEqual(unpackSnapshot(JSON.parse(JSON.stringify(packSnapshot(snap))))!.tasks, [
      { id: 'T_0', kind: 'board', status: 'todo', statusText: 'todo' },
      { id: 'T_1', kind: 'board', status: 'in_progress', statusText: 'in_progress', assignedAgent: 'alice', title: 'Task T_1' },
      { id: 'T_2', kind: 'board', title: 'Task' },
      { id: 'T_3', kind: 'board', statusText: 'In Review', title: 'Task T_3' },
      { id: 'T_4', kind: 'board', status: 'claimed', statusText: 'claimed', title: 'Task T_4' },
      { id: 'T_5', kind: 'board', status: 'todo', statusText: 'todo', title: 'Padded' },
    ]);
    assert.equal(isSnapshot(JSON.parse(JSON.stringify(snap))), true);
    assert.equal(isSnapshot({ tasks: [{ id: 3 }] }), false);
    assert.equal(isSnapshot('text'), false);
  });

  it('reports a skipped step against the snapshot and reverts it to the accepted value', () => {
    const before = board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'todo'));
    const after = before.replace('status: todo', 'status: done');
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    assert.deepEqual(
      violations.map((v) => [v.code, v.taskId]),
      [['illegal-transition', 'TASK_001']],
    );
    assert.equal(after.slice(violations[0]!.span.start, violations[0]!.span.end), 'done');
    assert.equal(applyEdits(after, revertEdits(violations)), before);
    const summary = summarizeViolations(snap, tasksOf(after), violations);
    assert.deepEqual(summary.map((s) => [s.taskId, s.move]), [['TASK_001', 'todo → done']]);
  });

  it('pairs tasks of a repeated id in order, whether or not the ids moved', () => {
    // The second T_1 skips to done: the same ids in the same order pair by index; a task added before them pairs by id.
    const before = board([item('T_1', 'todo'), item('T_1', 'todo'), item('T_2', 'claimed', 'bob')].join('\n\n'));
    const after = board([item('T_1', 'todo'), item('T_1', 'done'), item('T_2', 'claimed', 'bob')].join('\n\n'));
    const moved = board([item('T_0', 'todo'), item('T_1', 'todo'), item('T_1', 'done'), item('T_2', 'claimed', 'bob')].join('\n\n'));
    const snap = snapshotOf(tasksOf(before));
    for (const text of [after, moved]) {
      const violations = violationsAgainst(snap, tasksOf(text), text);
      assert.deepEqual(violations.map((v) => [v.code, v.taskId, text.slice(0, v.span.start).split('\n').length]), [['illegal-transition', 'T_1', text.split('\n').findIndex((l) => l.includes('status: done')) + 1]]);
    }
  });

  it('finds no violation in a legal move, and accepts it', () => {
    const before = board(item('TASK_001', 'todo', ''));
    const after = board(item('TASK_001', 'claimed', 'alice'));
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    assert.deepEqual(violations, []);
    assert.deepEqual(acceptLegal(snap, tasksOf(after), violations), snapshotOf(tasksOf(after)));
  });

  it('reverts a stolen claim to the holder and keeps CRLF and quoting', () => {
    const before = board(item('TASK_001', 'claimed', '"alice"'), '\r\n');
    const after = before.replace('"alice"', '"bob"');
    const violations = violationsAgainst(snapshotOf(tasksOf(before)), tasksOf(after), after);
    assert.deepEqual(violations.map((v) => v.code), ['stolen-claim']);
    assert.equal(applyEdits(after, revertEdits(violations)), before);
  });

  it('keeps the accepted entry of a violating task and accepts the legal ones', () => {
    const before = board(item('TASK_001', 'todo', '') + '\n\n' + item('TASK_002', 'todo', ''));
    const after = board(item('TASK_001', 'done', '') + '\n\n' + item('TASK_002', 'claimed', 'bob'));
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    const next = acceptLegal(snap, tasksOf(after), violations);
    assert.deepEqual(
      next.tasks.map((t) => [t.id, t.status, t.assignedAgent]),
      [
        ['TASK_001', 'todo', undefined],
        ['TASK_002', 'claimed', 'bob'],
      ],
    );
  });

  it('does not accept a new task that starts past todo, and reverts it once', () => {
    const before = board(item('TASK_001', 'todo'));
    const after = board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'claimed'));
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    assert.ok(violations.some((v) => v.code === 'new-task-not-todo'));
    const edits = revertEdits(violations);
    assert.equal(edits.length, 1, 'the two problems on one status value give one edit');
    assert.equal(applyEdits(after, edits), board(item('TASK_001', 'todo') + '\n\n' + item('TASK_002', 'todo')));
    assert.deepEqual(acceptLegal(snap, tasksOf(after), violations).tasks.map((t) => t.id), ['TASK_001']);
  });

  it('reverts a checklist item ticked straight from To Do back into its section', () => {
    const file = 'file:///w/.claude/tasks/fe-tasks.md';
    const before = ['# FE Tasks', '', '## In Progress', '', '## To Do', '- [ ] Sign-up form', '- [ ] Inline errors', '', '## Completed', ''].join('\n');
    const after = ['# FE Tasks', '', '## In Progress', '', '## To Do', '- [ ] Inline errors', '', '## Completed', '- [x] Sign-up form (completed: 2026-11-05)', ''].join('\n');
    const parse = (text: string) => parseChecklist({ file, text }).tasks;
    const snap = snapshotOf(parse(before));
    assert.deepEqual(snap.tasks.map((t) => [t.kind, t.status]), [['checklist', 'todo'], ['checklist', 'todo']]);
    const violations = violationsAgainst(snap, parse(after), after);
    assert.deepEqual(violations.map((v) => v.code), ['illegal-transition']);
    const reverted = applyEdits(after, revertEdits(violations));
    assert.deepEqual(
      parse(reverted).map((t) => [t.title, t.status]).sort(),
      [
        ['Inline errors', 'todo'],
        ['Sign-up form', 'todo'],
      ],
    );
    assert.deepEqual(violationsAgainst(snap, parse(reverted), reverted), []);
  });

  it('a renumbered task (duplicate or missing id fixed) keeps its accepted status: matched by title, not new', () => {
    const held = (id: string, title: string, status: string, agent: string) =>
      [`- ${id}: "${title}"`, `  assigned_agent: ${agent}`, `  status: ${status}`].join('\n');
    // The accepted title is padded: titles match trimmed.
    const before = board(held('TASK_001', 'Login form', 'in_progress', 'alice') + '\n\n' + held('TASK_001', ' Signup form ', 'claimed', 'bob'));
    const after = board(held('TASK_001', 'Login form', 'in_progress', 'alice') + '\n\n' + held('TASK_002', 'Signup form', 'claimed', 'bob'));
    const snap = snapshotOf(tasksOf(before));
    const violations = violationsAgainst(snap, tasksOf(after), after);
    assert.deepEqual(violations, []);
    const next = acceptLegal(snap, tasksOf(after), violations);
    assert.deepEqual(next.tasks.map((t) => [t.id, t.status, t.assignedAgent]), [
      ['TASK_001', 'in_progress', 'alice'],
      ['TASK_002', 'claimed', 'bob'],
    ]);
    // The renumbered task is still judged against its accepted entry: a skip is still a skip.
    const skipped = after.replace('status: claimed', 'status: done');
    assert.deepEqual(violationsAgainst(snap, tasksOf(skipped), skipped).map((v) => [v.code, v.taskId]), [['illegal-transition', 'TASK_002']]);
    // A task with a new id and a new title is new.
    const added = board(held('TASK_001', 'Login form', 'in_progress', 'alice') + '\n\n' + held('TASK_002', 'Something else', 'claimed', 'bob'));
    assert.ok(violationsAgainst(snapshotOf(tasksOf(board(held('TASK_001', 'Login form', 'in_progress', 'alice')))), tasksOf(added), added).some((v) => v.code === 'new-task-not-todo'));
  });

  it('a forward multi-step change is legal when the text records every step (stamps or Session History), illegal otherwise', () => {
    const withHistory = (items: string, history: string[]) => board(items) + ['', '## Session History', '', ...history, ''].join('\n');
    const todo = board(item('TASK_001', 'todo'));
    const snap = snapshotOf(tasksOf(todo));
    const stamped = board(
      [`- TASK_001: "Task TASK_001"`, '  priority: high', '  assigned_agent: alice', '  status: done', '  claimed_at: "2026-11-02T09:00:00Z"', '  started_at: "2026-11-02T09:01:00Z"', '  completed_at: "2026-11-02T10:00:00Z"'].join('\n'),
    );
    assert.deepEqual(violationsAgainst(snap, tasksOf(stamped), stamped), []);
    const logged = withHistory(item('TASK_001', 'done', 'alice'), [
      '- 2026-11-02T09:00:00Z alice claimed TASK_001',
      '- 2026-11-02T09:01:00Z alice started TASK_001',
      '- 2026-11-02T10:00:00Z alice completed TASK_001',
    ]);
    assert.deepEqual(violationsAgainst(snap, tasksOf(logged), logged), []);
    assert.deepEqual(acceptLegal(snap, tasksOf(logged), []).tasks.map((t) => t.status), ['done']);
    const inProgress = withHistory(item('TASK_001', 'in_progress', 'alice'), ['- 2026-11-02T09:00:00Z alice claimed TASK_001', '- 2026-11-02T09:01:00Z alice started TASK_001']);
    assert.deepEqual(violationsAgainst(snap, tasksOf(inProgress), inProgress), []);
    // A step not recorded (started missing; or another task's lines) is still a skip.
    const gap = withHistory(item('TASK_001', 'done', 'alice'), ['- 2026-11-02T09:00:00Z alice claimed TASK_001', '- 2026-11-02T10:00:00Z alice completed TASK_001']);
    assert.deepEqual(violationsAgainst(snap, tasksOf(gap), gap).map((v) => v.code), ['illegal-transition']);
    const other = withHistory(item('TASK_001', 'done', 'alice'), ['- t alice claimed TASK_0011', '- t alice started TASK_0011', '- t alice completed TASK_0011']);
    assert.deepEqual(violationsAgainst(snap, tasksOf(other), other).map((v) => v.code), ['illegal-transition']);
    const bare = board(item('TASK_001', 'done', 'alice'));
    assert.deepEqual(violationsAgainst(snap, tasksOf(bare), bare).map((v) => v.code), ['illegal-transition']);
    // Backward moves are never made legal by old stamps.
    const doneSnap = snapshotOf(tasksOf(stamped));
    const back = stamped.replace('status: done', 'status: claimed');
    assert.deepEqual(violationsAgainst(doneSnap, tasksOf(back), back).map((v) => v.code), ['illegal-transition']);
    // A claim held by alice, then finished by bob in one write: still a stolen claim.
    const claimedSnap = snapshotOf(tasksOf(board(item('TASK_001', 'claimed', 'alice'))));
    const byBob = withHistory(item('TASK_001', 'done', 'bob'), ['- t bob started TASK_001', '- t bob completed TASK_001']);
    assert.deepEqual(violationsAgainst(claimedSnap, tasksOf(byBob), byBob).map((v) => v.code), ['stolen-claim']);
  });
});

describe('revertEdits', () => {
  it('takes the edits a comparison with every edit taken would take, in the same order (fast-check)', () => {
    // The rule as it was written first: each fix's new edits, unless one overlaps an edit taken before or another of
    // its own (such a fix cannot be applied); sorted.
    const overlap = (a: TextEdit, b: TextEdit): boolean => (a.start === a.end && b.start === b.end ? a.start === b.start : a.start < b.end && b.start < a.end);
    const expected = (violations: readonly Problem[]): TextEdit[] => {
      const taken: TextEdit[] = [];
      for (const problem of violations) {
        const fix = problem.fixes.find((f) => f.preferred) ?? problem.fixes[0];
        if (!fix) continue;
        const fresh = fix.edits.filter((e) => !taken.some((t) => t.start === e.start && t.end === e.end && t.newText === e.newText));
        if (fresh.some((e, i) => fresh.some((o, j) => j > i && overlap(o, e))) || fresh.some((e) => taken.some((t) => overlap(t, e)))) continue;
        for (const e of fresh) taken.push(e);
      }
      return taken.sort((a, b) => a.start - b.start || a.end - b.end);
    };
    const edit = fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 4 }), fc.constantFrom('', 'a', 'todo')).map(([start, length, newText]): TextEdit => ({ start, end: start + length, newText }));
    const violation = fc.record({ edits: fc.array(edit, { maxLength: 2 }), preferred: fc.boolean() }).map(
      ({ edits, preferred }): Problem => ({ code: 'illegal-transition', severity: 'error', message: 'm', span: { start: 0, end: 0 }, fixes: edits.length ? [{ title: 't', edits, preferred }] : [] }),
    );
    fc.assert(fc.property(fc.array(violation, { maxLength: 40 }), (violations) => assert.deepEqual(revertEdits(violations), expected(violations))), { numRuns: 2000 });
  });
});

describe('acceptedState: a text against its own snapshot', () => {
  // Enforcement skips this comparison after accepting a text whole (it was a second on a big board): it must be empty.
  it('finds no violation in any fixture task file, malformed ones included', () => {
    const root = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of fs.readdirSync(dir)) {
        const p = path.join(dir, name);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (name === 'TODO.md' || name.endsWith('-tasks.md')) files.push(p);
      }
    };
    walk(root);
    assert.ok(files.length >= 3);
    const extra = board([item('A_1', 'claimed', ''), item('A_1', 'in_progress'), item('A_2', 'done', 'bob'), item('A_3', 'bogus')].join('\n'));
    for (const [name, text] of [...files.map((f) => [f, fs.readFileSync(f, 'utf8')] as const), ['agentless and duplicates', extra] as const]) {
      const parse = (): readonly Task[] => (name.endsWith('-tasks.md') ? parseChecklist({ file: FILE, text }).tasks : tasksOf(text));
      const tasks = parse();
      // Against its snapshot as storage gives it back after a restart, and against another parse of the same text:
      // entries that are not these tasks, so every one is compared.
      const restored = unpackSnapshot(JSON.parse(JSON.stringify(packSnapshot(snapshotOf(tasks)))))!;
      assert.equal(restored.tasks.length, tasks.length, name);
      assert.deepEqual(violationsAgainst(restored, tasks, text), [], name);
      assert.deepEqual(violationsAgainst(snapshotOf(parse()), tasks, text), [], name);
    }
  });
});

describe('acceptedState: judging only the tasks that changed', () => {
  const STATUSES = ['todo', 'claimed', 'in_progress', 'done', 'In Review'];
  const AGENTS = [undefined, '', 'alice', 'bob'];
  const written = fc.record({ id: fc.integer({ min: 0, max: 6 }), status: fc.constantFrom(...STATUSES), agent: fc.constantFrom(...AGENTS) });
  const change = fc.record({
    drop: fc.boolean(),
    status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
    agent: fc.option(fc.constantFrom(...AGENTS), { nil: undefined }),
    added: fc.option(written, { nil: undefined }),
  });

  /** Items with one title each (no two tasks share one, so no task is matched by its title). */
  function items(list: readonly { id: number; status: string; agent: string | undefined; title: string }[]): string {
    return board(list.map((t) => [`- T_${t.id}: "${t.title}"`, ...(t.agent === undefined ? [] : [`  assigned_agent: ${t.agent}`]), `  status: ${t.status}`].join('\n')).join('\n'));
  }

  it('finds what checking every task against its accepted copy finds, on any edit of a board with repeated ids', () => {
    fc.assert(
      fc.property(fc.array(written, { maxLength: 24 }), fc.array(change, { maxLength: 24 }), (tasks, changes) => {
        const before = tasks.map((t, i) => ({ ...t, title: `Task ${i}` }));
        const after: typeof before = [];
        before.forEach((t, i) => {
          const c = changes[i];
          if (!c?.drop) after.push({ ...t, status: c?.status ?? t.status, agent: c?.agent === undefined ? t.agent : c.agent });
          if (c?.added) after.push({ ...c.added, title: `New ${i}` });
        });
        const old = tasksOf(items(before));
        const text = items(after);
        const now = tasksOf(text);
        assert.deepEqual(violationsAgainst(snapshotOf(old), now, text), checkTransitions(old, now, { text }));
      }),
      { numRuns: 500 },
    );
  });
});
