// The repository's own lifecycle: the settings file's parts, the rules they
// make, and every core path that follows them (reading, lint, enforcement,
// moves, staleness, next).
import { strict as assert } from 'node:assert';
import { parseBoard } from '../../src/core/board/parseBoard';
import { lintBoard } from '../../src/core/board/lintBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { checkTransitions } from '../../src/core/lifecycle';
import {
  DEFAULT_LIFECYCLE,
  isFinished,
  makeLifecycle,
  isHeld,
  isInFlight,
  isLegalMove,
  moveNamed,
  moveTarget,
  nextStatuses,
  statusTitleCase,
  type Lifecycle,
} from '../../src/core/lifecycleModel';
import { planMove } from '../../src/core/moves';
import { planAddTask } from '../../src/cli/mcp/addTask';
import { readyTasks } from '../../src/core/next/readyTasks';
import { parseRepoSettings } from '../../src/core/settings/repoSettings';
import { staleClaims } from '../../src/core/stale';
import { applyEdits } from '../../src/core/text';

/** The example of the settings file, as a team writes it. */
const EXAMPLE = `lifecycle:          # the main path, in order
  - todo
  - claimed
  - in_progress
  - review
  - done
side_statuses:      # entered from the listed statuses; left back to the status they came from
  blocked: [claimed, in_progress]
  cancelled: any    # final
status_aliases:
  pending: todo
  in-review: review
`;

function exampleLifecycle(): Lifecycle {
  const read = parseRepoSettings(EXAMPLE);
  assert.deepEqual(read.problems, []);
  assert.ok(read.settings.lifecycle);
  return read.settings.lifecycle;
}

const NOW = new Date('2026-11-21T10:00:00Z');

function item(id: string, status: string, agent = ''): string {
  return [`- ${id}: "Task ${id}"`, `  assigned_agent:${agent ? ` ${agent}` : ''}`, `  status: ${status}`].join('\n');
}

function board(...items: string[]): string {
  return ['# TODO', '', '## Tasks', '', '```yaml', items.join('\n\n'), '```', '', '## Session History', '', '- 2026-11-20T09:00:00Z planner added tasks', ''].join('\n');
}

describe('the settings file: lifecycle, side statuses, aliases', () => {
  it('reads the example as written', () => {
    const l = exampleLifecycle();
    assert.deepEqual(l.main, ['todo', 'claimed', 'in_progress', 'review', 'done']);
    assert.deepEqual(l.side.map((s) => [s.name, s.final]), [['blocked', false], ['cancelled', true]]);
    assert.deepEqual(l.side[0]!.from, ['claimed', 'in_progress']);
    assert.deepEqual(l.side[1]!.from, ['todo', 'claimed', 'in_progress', 'review', 'blocked']);
    assert.deepEqual([...l.aliases], [['pending', 'todo'], ['in_review', 'review']]);
  });

  it('reports each mistake on its own line and uses no lifecycle with an error', () => {
    const text = ['lifecycle:', '  - todo', '  - done', 'side_statuses:', '  done: any', 'colour: blue', ''].join('\n');
    const read = parseRepoSettings(text);
    assert.equal(read.settings.lifecycle, undefined);
    assert.equal(read.lifecycleRejected, true);
    const byLine = read.problems.map((p) => [p.line + 1, p.severity, p.code]);
    assert.deepEqual(byLine, [
      [5, 'error', 'bad-settings'],
      [6, 'warning', 'bad-settings'],
    ]);
    assert.match(read.problems[0]!.message, /^\.agent-task-board\.yml:5: "done" is in two places \(lifecycle and side_statuses\)/);
    assert.match(read.problems[1]!.message, /unknown setting "colour"/);
  });

  it('refuses an empty lifecycle and one of a single status, on their lines', () => {
    for (const [text, line] of [
      ['sync:\n  enabled: false\nlifecycle: []\n', 3],
      ['lifecycle:\n  - todo\n', 2],
    ] as const) {
      const read = parseRepoSettings(text);
      assert.equal(read.settings.lifecycle, undefined, text);
      assert.equal(read.lifecycleRejected, true);
      assert.ok(read.problems.some((p) => p.line + 1 === line && p.severity === 'error'), JSON.stringify(read.problems));
    }
  });

  it('refuses an alias of an unknown status and a side status entered from one', () => {
    const read = parseRepoSettings('side_statuses:\n  blocked: [waiting]\nstatus_aliases:\n  wip: doing\n');
    assert.equal(read.settings.lifecycle, undefined);
    assert.deepEqual(read.problems.map((p) => p.line + 1), [2, 4]);
  });

  it('keeps sync when only the lifecycle is wrong, and needs no lifecycle keys at all', () => {
    const read = parseRepoSettings('sync:\n  enabled: true\nlifecycle: [todo]\n');
    assert.deepEqual(read.settings.sync, { enabled: true });
    assert.equal(read.settings.lifecycle, undefined);
    const plain = parseRepoSettings('sync:\n  enabled: true\n');
    assert.equal(plain.lifecycleRejected, undefined);
    assert.deepEqual(plain.problems, []);
  });

  it('reads sync.enabled and final written as YAML 1.1 yes and no, quoted or not; marks any other word unreadable', () => {
    for (const [written, enabled] of [['yes', true], ['On', true], ['"true"', true], ["'YES'", true], ['no', false], ['OFF', false], ['"false"', false]] as const) {
      const read = parseRepoSettings(`sync:\n  enabled: ${written}\n`);
      assert.deepEqual(read.problems, [], written);
      assert.deepEqual(read.settings.sync, { enabled }, written);
    }
    const final = parseRepoSettings('side_statuses:\n  parked:\n    from: [todo]\n    final: yes\n');
    assert.deepEqual(final.problems, []);
    assert.equal(final.settings.lifecycle?.side[0]?.final, true);
    // The shorthand, and `enabled:` left empty (unset: off).
    assert.deepEqual(parseRepoSettings('sync: yes\n').settings.sync, { enabled: true });
    assert.deepEqual(parseRepoSettings('sync: false\n').settings.sync, { enabled: false });
    assert.deepEqual(parseRepoSettings('sync:\n  enabled:\n').settings.sync, { enabled: false });
    assert.deepEqual(parseRepoSettings('sync: sometimes\n').settings.sync, { enabled: false, enabledUnreadable: true });
    const unreadable = parseRepoSettings('sync:\n  enabled: maybe\n');
    assert.deepEqual(unreadable.problems.map((p) => p.message), ['.agent-task-board.yml:2: sync.enabled must be true or false']);
    assert.deepEqual(unreadable.settings.sync, { enabled: false, enabledUnreadable: true });
  });

  it('a file YAML cannot read: its lifecycle is rejected and its sync unknown, not silently absent', () => {
    for (const text of ['lifecycle: [todo, doing, done\nsync:\n  enabled: true\n', 'lifecycle: [todo, doing, done]\nlifecycle: [a, b]\nsync:\n  enabled: true\n']) {
      const read = parseRepoSettings(text);
      assert.equal(read.problems.length > 0, true);
      assert.equal(read.lifecycleRejected, true, text);
      assert.deepEqual(read.settings, { sync: { enabled: false, enabledUnreadable: true, branchUnknown: true } }, text);
    }
    assert.equal(parseRepoSettings('"sync": {enabled: true\n').settings.sync?.branchUnknown, true, 'a quoted key too');
    const noSync = parseRepoSettings('lifecycle: [todo, done\n');
    assert.deepEqual(noSync.settings, {});
    assert.equal(parseRepoSettings('sync: {enabled: true\n').lifecycleRejected, undefined);
  });

  it('takes status words in any script, and reads tasks written with them', () => {
    const read = parseRepoSettings('lifecycle: [todo, révision, done]\nside_statuses:\n  保留: [révision]\n');
    assert.deepEqual(read.problems, []);
    const lifecycle = read.settings.lifecycle!;
    assert.deepEqual(lifecycle.main, ['todo', 'révision', 'done']);
    const board = parseBoard({ file: 'TODO.md', text: '```yaml\n- T1: "a"\n  status: Révision\n- T2: "b"\n  status: 保留\n```\n', lifecycle });
    assert.deepEqual(board.tasks.map((t) => t.status), ['révision', '保留']);
    assert.match(parseRepoSettings('lifecycle: [todo, "1st", done]\n').problems[0]!.message, /must be a status word \(letters, digits, spaces, _ or -, starting with a letter\)/);
    // Letters with marks of their own (Devanagari), and an accent typed as its own mark, read as the same word.
    assert.deepEqual(parseRepoSettings('lifecycle: [todo, समीक्षा, done]\n').problems, []);
    const typed = parseBoard({ file: 'TODO.md', text: '```yaml\n- T1: "a"\n  status: re\u0301vision\n```\n', lifecycle });
    assert.equal(typed.tasks[0]!.status, 'révision');
    // Titles for headings and labels: each word's first letter, in any script.
    assert.deepEqual(['révision', 'prêt_à_partir', 'in_review'].map(statusTitleCase), ['Révision', 'Prêt À Partir', 'In Review']);
  });

  it('takes side statuses in their map form', () => {
    const read = parseRepoSettings('side_statuses:\n  parked:\n    from: [todo]\n    final: false\n  dropped:\n    from: [todo, claimed]\n    final: true\n');
    assert.deepEqual(read.problems, []);
    const l = read.settings.lifecycle!;
    assert.deepEqual(l.main, DEFAULT_LIFECYCLE.main);
    assert.deepEqual(l.side, [
      { name: 'parked', from: ['todo'], final: false },
      { name: 'dropped', from: ['todo', 'claimed'], final: true },
    ]);
  });
});

describe('the rules of a lifecycle with review, blocked and cancelled', () => {
  const l = exampleLifecycle();

  it('steps along the main path, into and back out of blocked, and into cancelled for good', () => {
    assert.deepEqual(nextStatuses(l, 'todo'), ['claimed', 'cancelled']);
    assert.deepEqual(nextStatuses(l, 'in_progress'), ['review', 'blocked', 'cancelled', 'todo']);
    assert.deepEqual(nextStatuses(l, 'review'), ['done', 'cancelled', 'todo']);
    assert.deepEqual(nextStatuses(l, 'blocked'), ['claimed', 'in_progress', 'cancelled', 'todo']);
    assert.deepEqual(nextStatuses(l, 'cancelled'), []);
    assert.deepEqual(nextStatuses(l, 'done'), []);
    assert.equal(isLegalMove(l, 'in_progress', 'done'), false);
  });

  it('holds a task between the claim and the last status, and in blocked; stale only on the main path', () => {
    assert.deepEqual(['todo', 'claimed', 'in_progress', 'review', 'done', 'blocked', 'cancelled'].filter((s) => isHeld(l, s)), ['claimed', 'in_progress', 'review', 'blocked']);
    assert.deepEqual(['claimed', 'review', 'blocked'].filter((s) => isInFlight(l, s)), ['claimed', 'review']);
    assert.deepEqual(['done', 'cancelled', 'review'].filter((s) => isFinished(l, s)), ['done', 'cancelled']);
  });

  it('keeps what claim, start, done and release mean: the first step, the next, the last, back to the first', () => {
    assert.deepEqual(
      (['claim', 'start', 'complete', 'release'] as const).map((m) => moveTarget(l, m)),
      ['claimed', 'in_progress', 'done', 'todo'],
    );
    assert.equal(moveNamed(l, 'review', 'done'), 'complete');
    assert.equal(moveNamed(l, 'in_progress', 'review'), undefined);
    assert.equal(moveNamed(l, 'blocked', 'todo'), 'release');
  });

  it('gives checklists the same path without claimed', () => {
    assert.deepEqual(nextStatuses(l, 'todo', 'checklist'), ['in_progress', 'cancelled']);
    assert.deepEqual(nextStatuses(l, 'in_progress', 'checklist'), ['review', 'blocked', 'cancelled', 'todo']);
    assert.equal(moveTarget(l, 'claim', 'checklist'), 'in_progress');
  });
});

describe('reading and linting under the repository lifecycle', () => {
  const l = exampleLifecycle();
  const text = board(item('T1', 'pending'), item('T2', 'In Review', 'ann'), item('T3', 'blocked', 'bob'), item('T4', 'parked'));

  it('reads aliases, spellings and side statuses; keeps an unknown word as written', () => {
    const parsed = parseBoard({ file: 'TODO.md', text, lifecycle: l });
    assert.deepEqual(parsed.tasks.map((t) => [t.status, t.statusText]), [
      ['todo', 'pending'],
      ['review', 'In Review'],
      ['blocked', 'blocked'],
      [undefined, 'parked'],
    ]);
    // Under the default lifecycle review and blocked are not statuses.
    assert.deepEqual(parseBoard({ file: 'TODO.md', text }).tasks.map((t) => t.status), ['todo', undefined, undefined, undefined]);
  });

  it('lints an alias with its fix to the status, and an unknown word naming the lifecycle', () => {
    const parsed = parseBoard({ file: 'TODO.md', text, lifecycle: l });
    const problems = lintBoard(parsed, text, l).filter((p) => p.code === 'unknown-status');
    assert.deepEqual(problems.map((p) => [p.taskId, p.severity]), [['T1', 'warning'], ['T2', 'warning'], ['T4', 'error']]);
    assert.equal(applyEdits(text, problems[1]!.fixes[0]!.edits).includes('status: review'), true);
    assert.match(problems[2]!.message, /is not one of todo, claimed, in_progress, review, done, blocked, cancelled$/);
    assert.deepEqual(problems[2]!.fixes.map((f) => f.title).slice(-2), ['Change status to blocked', 'Change status to cancelled']);
    // The default lifecycle says where a team may add a word it uses.
    const plain = lintBoard(parseBoard({ file: 'TODO.md', text }), text).find((p) => p.taskId === 'T3')!;
    assert.match(plain.message, /a repository may add it to its lifecycle in \.agent-task-board\.yml/);
  });

  it('reads a checklist section of the repository own status', () => {
    const list = ['# Tasks', '', '## In Progress', '- [ ] Build it', '', '## In Review', '- [ ] Check it', '', '## Completed', '- [x] Plan it (completed: 2026-11-01)', ''].join('\n');
    const parsed = parseChecklist({ file: '.claude/tasks/dev-tasks.md', text: list, lifecycle: l });
    assert.deepEqual(parsed.tasks.map((t) => t.status), ['in_progress', 'review', 'done']);
  });

  it('flags a stale review, not a stale blocked task', () => {
    const stale = board(
      [item('T1', 'review', 'ann'), '  claimed_at: "2026-11-01T00:00:00Z"'].join('\n'),
      [item('T2', 'blocked', 'bob'), '  claimed_at: "2026-11-01T00:00:00Z"'].join('\n'),
    );
    const parsed = parseBoard({ file: 'TODO.md', text: stale, lifecycle: l });
    const found = staleClaims(parsed.tasks, { now: NOW, thresholdMs: 3_600_000, history: [], entriesFor: () => [], textOf: () => stale, lifecycle: l });
    assert.deepEqual(found.map((p) => p.taskId), ['T1']);
  });

  it('picks the next task in the first status whose dependencies are finished, a cancelled one too', () => {
    const next = board(item('T1', 'cancelled'), [item('T2', 'todo'), '  depends_on: [T1]'].join('\n'), [item('T3', 'todo'), '  depends_on: [T4]'].join('\n'), item('T4', 'review', 'ann'));
    const { ready, waiting } = readyTasks(parseBoard({ file: 'TODO.md', text: next, lifecycle: l }).tasks, l);
    assert.deepEqual(ready.map((t) => t.id), ['T2']);
    assert.deepEqual(waiting.map((w) => [w.task.id, w.on]), [['T3', ['T4']]]);
  });
});

describe('enforcement and moves under the repository lifecycle', () => {
  const l = exampleLifecycle();
  const check = (before: string, after: string) => {
    const a = parseBoard({ file: 'TODO.md', text: before, lifecycle: l }).tasks;
    const b = parseBoard({ file: 'TODO.md', text: after, lifecycle: l });
    return checkTransitions(a, b.tasks, { text: after, lifecycle: l });
  };

  it('accepts in_progress → review → done and blocked and back; refuses in_progress → done with the revert', () => {
    const at = (status: string) => board(item('T1', status, 'ann'));
    assert.deepEqual(check(at('in_progress'), at('review')), []);
    assert.deepEqual(check(at('review'), at('done')), []);
    assert.deepEqual(check(at('in_progress'), at('blocked')), []);
    assert.deepEqual(check(at('blocked'), at('in_progress')), []);
    assert.deepEqual(check(at('claimed'), at('cancelled')), []);
    const [refused] = check(at('in_progress'), at('done'));
    assert.equal(refused?.code, 'illegal-transition');
    assert.match(refused!.message, /in_progress → done, which is not a legal step; from in_progress the next legal status is review or blocked or cancelled or todo/);
    assert.equal(applyEdits(at('done'), refused!.fixes[0]!.edits), at('in_progress'));
    assert.equal(check(at('cancelled'), at('todo'))[0]?.code, 'illegal-transition');
  });

  it('asks a blocked task to name its agent, like any held one', () => {
    const [problem] = check(board(item('T1', 'in_progress', 'ann')), board(item('T1', 'blocked')));
    assert.equal(problem?.code, 'claim-without-agent');
  });

  it('refuses done where review comes first, and moves by status name with a Session History line', () => {
    const text = board(item('T1', 'in_progress', 'ann'));
    const done = planMove(text, 'TODO.md', 'T1', 'complete', { now: NOW, lifecycle: l, agent: 'ann' });
    assert.equal(done.ok, false);
    assert.match(done.ok ? '' : done.message, /cannot go in_progress → done; from in_progress the next legal status is review or blocked or cancelled or todo \(move --to review \/ move --to blocked \/ move --to cancelled \/ release\)/);
    const review = planMove(text, 'TODO.md', 'T1', { to: 'review' }, { now: NOW, lifecycle: l, agent: 'ann', history: true });
    assert.ok(review.ok);
    const after = applyEdits(text, review.edits);
    assert.equal(after, text.replace('status: in_progress', 'status: review').replace('planner added tasks\n', 'planner added tasks\n- 2026-11-21T10:00:00Z ann moved T1 to review\n'));
    const finished = planMove(after, 'TODO.md', 'T1', 'complete', { now: NOW, lifecycle: l, agent: 'ann' });
    assert.ok(finished.ok);
    assert.equal(finished.to, 'done');
  });

  it('refuses a move to a word that is no status, naming the lifecycle', () => {
    const plan = planMove(board(item('T1', 'todo')), 'TODO.md', 'T1', { to: 'parked' }, { now: NOW, lifecycle: l });
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? '' : plan.message, /not a status of this repository's lifecycle \(todo, claimed, in_progress, review, done, blocked, cancelled\)/);
  });

  it('releases a blocked task to the first status, emptying its agent', () => {
    const text = board(item('T1', 'blocked', 'bob'));
    const plan = planMove(text, 'TODO.md', 'T1', 'release', { now: NOW, lifecycle: l });
    assert.ok(plan.ok);
    assert.equal(applyEdits(text, plan.edits), board(item('T1', 'todo')));
  });

  it('moves a checklist item into a section the file does not have yet, named for the status', () => {
    const list = ['# Tasks', '', '## In Progress', '- [ ] Build it', '', '## Completed', ''].join('\n');
    const file = '.claude/tasks/dev-tasks.md';
    const plan = planMove(list, file, parseChecklist({ file, text: list, lifecycle: l }).tasks[0]!.id, { to: 'review' }, { now: NOW, lifecycle: l });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    const after = applyEdits(list, plan.edits);
    assert.match(after, /## Review\n- \[ \] Build it\n/);
    assert.deepEqual(parseChecklist({ file, text: after, lifecycle: l }).tasks.map((t) => t.status), ['review']);
  });

  it('adds a new task in the lifecycle\'s first status, which enforcement accepts', () => {
    const own = makeLifecycle(['backlog', 'doing', 'done'], [], new Map());
    const text = board(item('T1', 'doing', 'ann'));
    const plan = planAddTask(text, parseBoard({ file: 'TODO.md', text, lifecycle: own }), { title: 'Next thing' }, NOW, { lifecycle: own });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    const after = applyEdits(text, plan.edits);
    assert.match(after, /- T2: "Next thing"\n {2}priority: medium\n {2}assigned_agent:\n {2}status: backlog\n/);
    const tasks = (t: string) => parseBoard({ file: 'TODO.md', text: t, lifecycle: own }).tasks;
    assert.deepEqual(checkTransitions(tasks(text), tasks(after), { text: after, lifecycle: own }), []);
  });
});
