// Dependencies between tasks (src/core/dependencies/): what a task depends on
// in each written form, what it waits for across files, the lint of unknown
// ids and cycles, and a claim planned with what it waits for.
import { strict as assert } from 'node:assert';
import { parseBoard } from '../../src/core/board/parseBoard';
import { DependencyStatuses, dependenciesOf, describeWaiting, waitingOnAmong } from '../../src/core/dependencies/dependencies';
import { DEFAULT_LIFECYCLE, isFinished, makeLifecycle } from '../../src/core/lifecycleModel';
import { lintDependencies } from '../../src/core/dependencies/lintDependencies';
import { readyTasks } from '../../src/core/next/readyTasks';
import type { Problem } from '../../src/core/model';
import { planMove } from '../../src/core/moves';
import { TaskIndex } from '../../src/core/taskIndex';
import { applyEdits, LineIndex } from '../../src/core/text';

const NOW = new Date('2026-11-21T10:00:00Z');

/** A board of `- ID: "title"` items, each with its extra field lines (indented by two). */
function board(items: Record<string, readonly string[]>, history = false): string {
  const body = Object.entries(items).map(([id, lines]) => [`- ${id}: "Task ${id}"`, ...lines.map((l) => `  ${l}`)].join('\n'));
  return ['# TODO', '', '```yaml', body.join('\n\n'), '```', '', ...(history ? ['## Session History', '', '- 2026-11-20T09:00:00Z planner added tasks', ''] : [])].join('\n');
}

function tasksOf(text: string, file = 'TODO.md') {
  return parseBoard({ file, text }).tasks;
}

function task(text: string, id: string) {
  const found = tasksOf(text).find((t) => t.id === id);
  assert.ok(found, `no ${id}`);
  return found;
}

/** Each problem as `file:line code`, lines 1-based, with the characters its span covers. */
function located(problems: ReadonlyMap<string, readonly Problem[]>, texts: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [file, list] of problems) {
    const lines = new LineIndex(texts[file]!);
    for (const p of list) out.push(`${file}:${lines.position(p.span.start).line + 1} ${p.code} ${texts[file]!.slice(p.span.start, p.span.end)}`);
  }
  return out.sort();
}

describe('dependencies', () => {
  it('reads a flow list, a block list, one id and a comma string, under each of the three keys', () => {
    const text = board({
      A: ['status: todo', 'depends_on: [B, C]'],
      B: ['status: todo', 'dependencies:', '  - C', '  - D'],
      C: ['status: todo', 'blocked_by: D'],
      D: ['status: todo', 'depends_on: "A, B ,C"'],
      E: ['status: todo', 'depends_on: B', 'blocked_by: [B, C]'],
      F: ['status: todo', 'depends_on:'],
    });
    assert.deepEqual(dependenciesOf(task(text, 'A')), ['B', 'C']);
    assert.deepEqual(dependenciesOf(task(text, 'B')), ['C', 'D']);
    assert.deepEqual(dependenciesOf(task(text, 'C')), ['D']);
    assert.deepEqual(dependenciesOf(task(text, 'D')), ['A', 'B', 'C']);
    // Several keys on one task are one list, each id once.
    assert.deepEqual(dependenciesOf(task(text, 'E')), ['B', 'C']);
    assert.deepEqual(dependenciesOf(task(text, 'F')), []);
  });

  it('reads ids separated by spaces, semicolons or "and" when every word is an id, and a title with spaces whole', () => {
    const text = board({
      A: ['status: todo', 'depends_on: TASK_001 TASK_002'],
      B: ['status: todo', 'depends_on: "TASK_001; BE-12"'],
      C: ['status: todo', 'blocked_by: TASK_001 and TASK_002'],
      D: ['status: todo', 'depends_on: [Write tests, "TASK_003 & TASK_004"]'],
      E: ['status: todo', 'depends_on: Phase 2 TASK_001'],
    });
    assert.deepEqual(dependenciesOf(task(text, 'A')), ['TASK_001', 'TASK_002']);
    assert.deepEqual(dependenciesOf(task(text, 'B')), ['TASK_001', 'BE-12']);
    assert.deepEqual(dependenciesOf(task(text, 'C')), ['TASK_001', 'TASK_002']);
    // A checklist item is named by its title: words that are not ids stay one name.
    assert.deepEqual(dependenciesOf(task(text, 'D')), ['Write tests', 'TASK_003', 'TASK_004']);
    assert.deepEqual(dependenciesOf(task(text, 'E')), ['Phase 2 TASK_001']);
  });

  it('reads "none" written as a dependency as no dependency, in a field or a table cell', () => {
    const text = board({ A: ['status: todo', 'depends_on: none'], B: ['status: todo', 'depends_on: "N/A"'], C: ['status: todo', 'blocked_by: [TBD, A]'] });
    assert.deepEqual(dependenciesOf(task(text, 'A')), []);
    assert.deepEqual(dependenciesOf(task(text, 'B')), []);
    assert.deepEqual(dependenciesOf(task(text, 'C')), ['A']);
    const table = ['| ID | Title | Status | Depends On |', '|---|---|---|---|', '| T1 | First | todo | None |', '| T2 | Second | todo | — |', ''].join('\n');
    const rows = tasksOf(table);
    assert.deepEqual(rows.map((t) => dependenciesOf(t)), [[], []]);
    assert.deepEqual(readyTasks(rows).ready.map((t) => t.id), ['T1', 'T2']);
  });

  it('finished means the last status of the lifecycle, or a final side status', () => {
    assert.deepEqual(
      (['todo', 'claimed', 'in_progress', 'done', undefined] as const).map((s) => isFinished(DEFAULT_LIFECYCLE, s)),
      [false, false, false, true, false],
    );
    const own = makeLifecycle(['todo', 'doing', 'shipped'], [{ name: 'cancelled', from: 'any' }, { name: 'blocked', from: ['doing'] }], new Map());
    assert.deepEqual(['doing', 'shipped', 'cancelled', 'blocked'].map((s) => isFinished(own, s)), [false, true, true, false]);
    // A cancelled dependency no longer holds its dependents back.
    const text = ['```yaml', '- A: "a"', '  status: todo', '  depends_on: [B]', '- B: "b"', '  status: cancelled', '```', ''].join('\n');
    const tasks = parseBoard({ file: 'TODO.md', text, lifecycle: own }).tasks;
    assert.deepEqual(new DependencyStatuses(tasks, own).waitingOn(tasks[0]!), []);
    assert.deepEqual(new DependencyStatuses(parseBoard({ file: 'TODO.md', text }).tasks).waitingOn(parseBoard({ file: 'TODO.md', text }).tasks[0]!).map((w) => w.id), ['B']);
  });

  it('waits on unfinished and unknown ids across files, and on an id until every task with it is done', () => {
    const todo = board({ A: ['status: todo', 'depends_on: [B, X, Q, N]'], B: ['status: in_progress'], N: ['status: done'] });
    const other = board({ X: ['status: done'], Q: ['status: done'] });
    const more = board({ Q: ['status: todo'] });
    const statuses = new DependencyStatuses([...tasksOf(todo), ...tasksOf(other, 'api/TODO.md'), ...tasksOf(more, 'web/TODO.md')]);
    const waiting = statuses.waitingOn(task(todo, 'A'));
    assert.deepEqual(waiting, [
      { id: 'B', known: true, status: 'in_progress' },
      { id: 'Q', known: true, status: 'todo' },
    ]);
    assert.equal(describeWaiting(waiting), 'B (in_progress), Q (todo)');
    const alone = new DependencyStatuses(tasksOf(todo));
    assert.equal(describeWaiting(alone.waitingOn(task(todo, 'A'))), 'B (in_progress), X (no such task), Q (no such task)');
  });

  it('waitingOnAmong asks for the workspace only for a task that names dependencies', () => {
    const text = board({ A: ['status: todo', 'depends_on: B'], B: ['status: claimed'], C: ['status: todo'] });
    const asked: string[] = [];
    const workspace = (id: string) => () => {
      asked.push(id);
      return tasksOf(text);
    };
    assert.deepEqual(waitingOnAmong(task(text, 'C'), workspace('C')), []);
    assert.deepEqual(waitingOnAmong(task(text, 'A'), workspace('A')), [{ id: 'B', known: true, status: 'claimed' }]);
    assert.deepEqual(asked, ['A']);
  });

  it('TaskIndex answers waitingOn with the whole workspace, and again after a file changes', () => {
    const index = new TaskIndex();
    const todo = board({ A: ['status: todo', 'depends_on: B'] });
    index.set('TODO.md', 'board', todo);
    index.set('api/TODO.md', 'board', board({ B: ['status: in_progress'] }));
    const a = index.find('A')!;
    assert.deepEqual(index.waitingOn(a), [{ id: 'B', known: true, status: 'in_progress' }]);
    index.set('api/TODO.md', 'board', board({ B: ['status: done'] }));
    assert.deepEqual(index.waitingOn(index.find('A')!), []);
    // `next` sees the same: A is ready once B is done.
    assert.deepEqual(readyTasks(index.tasks(), index.lifecycle, index.dependencyStatuses()).ready.map((t) => t.id), ['A']);
  });

  it('readyTasks offers P0 (critical, urgent) before P1 and high, which lint calls high alike', () => {
    const text = board({ A: ['status: todo', 'priority: P1'], B: ['status: todo', 'priority: high'], C: ['status: todo', 'priority: P0'], D: ['status: todo', 'priority: low'], E: ['status: todo'], F: ['status: todo', 'priority: Critical'], G: ['status: todo', 'priority: P2'] });
    assert.deepEqual(readyTasks(tasksOf(text)).ready.map((t) => t.id), ['C', 'F', 'A', 'B', 'G', 'D', 'E']);
  });

  it('lints an unknown id on the line that names it, in any file of the workspace', () => {
    const texts = {
      'TODO.md': board({ A: ['status: todo', 'depends_on:', '  - B', '  - TASK_404'], B: ['status: done'] }),
      'api/TODO.md': board({ C: ['status: todo', 'blocked_by: "B, TASK_40"'] }),
    };
    const tasks = Object.entries(texts).flatMap(([file, text]) => tasksOf(text, file));
    const problems = lintDependencies(tasks, (file) => texts[file as keyof typeof texts]);
    assert.deepEqual(located(problems, texts), ['TODO.md:8 unknown-dependency TASK_404', 'api/TODO.md:6 unknown-dependency TASK_40']);
    const [unknown] = problems.get('TODO.md')!;
    assert.equal(unknown!.severity, 'warning');
    assert.equal(unknown!.taskId, 'A');
    assert.match(unknown!.message, /^A depends on TASK_404, but no task file of the workspace has a task TASK_404/);
  });

  it('lints a cycle on each dependency line that closes it, across files and of a task on itself', () => {
    const texts = {
      'TODO.md': board({ A: ['status: todo', 'depends_on: [B]'], B: ['status: todo', 'depends_on: C'], S: ['status: todo', 'depends_on: S'], D: ['status: todo', 'depends_on: A'] }),
      'api/TODO.md': board({ C: ['status: todo', 'dependencies: [A]'] }),
    };
    const tasks = Object.entries(texts).flatMap(([file, text]) => tasksOf(text, file));
    const problems = lintDependencies(tasks, (file) => texts[file as keyof typeof texts]);
    // D depends on the cycle without being on it: D waits, but is no cycle of its own.
    assert.deepEqual(located(problems, texts), [
      'TODO.md:10 dependency-cycle C',
      'TODO.md:14 dependency-cycle S',
      'TODO.md:6 dependency-cycle B',
      'api/TODO.md:6 dependency-cycle A',
    ]);
    const messages = [...problems.values()].flat().map((p) => p.message);
    assert.ok(messages.includes('A depends on B, which leads back to it (A → B → C → A): none of these tasks can ever be ready. Remove one of the dependencies.'), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('S depends on S, which leads back to it (S → S)')), messages.join('\n'));
    assert.ok([...problems.values()].flat().every((p) => p.severity === 'error'));
  });

  it('a loop through a finished task is no cycle: the task waiting on it is ready', () => {
    const texts = { 'TODO.md': board({ A: ['status: todo', 'depends_on: [B]'], B: ['status: done', 'depends_on: [A]'] }) };
    const tasks = tasksOf(texts['TODO.md']);
    assert.deepEqual(located(lintDependencies(tasks, (file) => texts[file as keyof typeof texts]), texts), []);
    assert.deepEqual(readyTasks(tasks).ready.map((t) => t.id), ['A']);
  });

  it('names a long loop by its ends and its length, and a short loop inside it in full', () => {
    // A ring of 3,000 tasks, each on the next, and R7 also on R6: one component, whose short loop R6 → R7 → R6 is named as such.
    const n = 3000;
    const id = (i: number): string => `R${i % n}`;
    const items: Record<string, string[]> = {};
    for (let i = 0; i < n; i++) items[id(i)] = ['status: todo', `depends_on: [${id(i + 1)}${i === 7 ? ', R6' : ''}]`];
    const text = board(items);
    const problems = lintDependencies(tasksOf(text), () => text).get('TODO.md')!;
    assert.equal(problems.length, n + 1);
    const ring = problems.find((p) => p.message.startsWith('R10 depends on R11,'))!.message;
    assert.equal(ring, `R10 depends on R11, which leads back to it (R10 → R11 → R12 → R13 → R14 → R15 → R16 → R17 → R18 → … → R9 → R10; a loop of 3,000 tasks): none of these tasks can ever be ready. Remove one of the dependencies.`);
    assert.ok(problems.some((p) => p.message.startsWith('R7 depends on R6, which leads back to it (R7 → R6 → R7)')));
    assert.ok(problems.some((p) => p.message.startsWith('R6 depends on R7, which leads back to it (R6 → R7 → R6)')));
    // Every message stays short, however long its loop.
    assert.ok(problems.every((p) => p.message.length < 300), problems.map((p) => p.message.length).join(' '));
  });

  it('names a loop of a component it cannot search fully through the component\'s root, and the loop is one', () => {
    // A component of 1,200 tasks, G_i on G_{i+1} and G_{i+30}, too wide to search whole; the last ones lead back to G_0.
    const n = 1200;
    const items: Record<string, string[]> = {};
    for (let i = 0; i < n; i++) items[`G${i}`] = ['status: todo', `depends_on: [${[`G${(i + 1) % n}`, `G${(i + 30) % n}`].join(', ')}]`];
    const text = board(items);
    const problems = lintDependencies(tasksOf(text), () => text).get('TODO.md')!;
    assert.equal(problems.length, 2 * n);
    for (const p of problems) {
      const loop = /\(([^)]*?)(?:; a loop of [\d,]+ tasks)?\)/.exec(p.message)![1]!.split(' → ');
      assert.equal(loop[0], p.taskId);
      assert.equal(loop[loop.length - 1], p.taskId);
      // Every step written out is a dependency of the board (the … stands for steps left out).
      for (let k = 0; k + 1 < loop.length; k++) {
        if (loop[k] === '…' || loop[k + 1] === '…') continue;
        const from = Number(loop[k]!.slice(1));
        assert.ok([`G${(from + 1) % n}`, `G${(from + 30) % n}`].includes(loop[k + 1]!), `${loop[k]} → ${loop[k + 1]} in ${p.message}`);
      }
    }
  });

  it('reports nothing for a workspace whose dependencies all resolve without a loop', () => {
    const text = board({ A: ['status: todo', 'depends_on: [B, C]'], B: ['status: todo', 'depends_on: C'], C: ['status: done'] });
    assert.equal(lintDependencies(tasksOf(text), () => text).size, 0);
    const index = new TaskIndex();
    index.set('TODO.md', 'board', text);
    assert.deepEqual(index.dependencyProblemFiles(), []);
    index.set('TODO.md', 'board', text.replace('depends_on: C', 'depends_on: [C, Z]'));
    assert.deepEqual(index.dependencyProblems('TODO.md').map((p) => p.code), ['unknown-dependency']);
  });

  it('names an unquoted 007 that YAML reads as 7 where a task is "007", and quotes it', () => {
    const text = '```yaml\n- id: "007"\n  title: Base\n  status: todo\n- id: "008"\n  title: Next\n  status: todo\n  depends_on: [007, 7]\n- id: "009"\n  title: Last\n  status: todo\n  depends_on:\n    - 008\n```\n';
    const index = new TaskIndex();
    index.set('TODO.md', 'board', text);
    const problems = index.dependencyProblems('TODO.md');
    assert.deepEqual(problems.map((p) => [p.taskId, text.slice(p.span.start, p.span.end), p.message]), [
      ['008', '007', '008 depends on 007, written without quotes: YAML reads it as the number 7, and no task is 7; quote it so it names task 007.'],
      ['009', '008', '009 depends on 008, written without quotes: YAML reads it as the number 8, and no task is 8; quote it so it names task 008.'],
    ]);
    const fixed = applyEdits(text, problems.flatMap((p) => p.fixes.filter((f) => f.preferred).flatMap((f) => f.edits)));
    assert.equal(fixed, text.replace('[007, 7]', '["007", 7]').replace('    - 008', '    - "008"'));
    index.set('TODO.md', 'board', fixed);
    // Both now name their tasks; the 7 written as 7 still names no task, and says so as before.
    assert.deepEqual(index.dependencyProblems('TODO.md').map((p) => p.message), [
      '008 depends on 7, but no task file of the workspace has a task 7; 008 waits until one does (or the id is corrected).',
    ]);
  });

  it('TaskIndex finds the files that name dependencies in steps, as at once', () => {
    const many: Record<string, string[]> = {};
    for (let i = 0; i < 40_000; i++) many[`T${i}`] = i === 39_999 ? ['status: todo', 'depends_on: T1'] : ['status: todo'];
    const texts: [string, string][] = [['a/TODO.md', board(many)], ['b/TODO.md', board({ B: ['status: todo'] })], ['c/TODO.md', board({ C: ['status: todo', 'blocked_by: [B]'] })]];
    const stepped = new TaskIndex();
    const atOnce = new TaskIndex();
    for (const [file, text] of texts) {
      stepped.set(file, 'board', text);
      atOnce.set(file, 'board', text);
    }
    const steps = stepped.dependentFilesSteps();
    let taken = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) taken++;
    assert.ok(taken >= 2, `40,000 tasks read in ${taken + 1} steps`);
    assert.deepEqual([...step.value].sort(), ['a/TODO.md', 'c/TODO.md']);
    assert.deepEqual([...atOnce.dependentFiles()].sort(), ['a/TODO.md', 'c/TODO.md']);
    assert.deepEqual(stepped.dependencyProblemFiles(), atOnce.dependencyProblemFiles());

    // The statuses too: after a change, the problems are built in steps and then read as they are at once.
    const unknown = board({ ...many, T39999: ['status: todo', 'depends_on: [T1, NOPE]'] });
    stepped.set('a/TODO.md', 'board', unknown);
    atOnce.set('a/TODO.md', 'board', unknown);
    let problemSteps = 0;
    for (const problems = stepped.dependencyProblemsSteps(); !problems.next().done; ) problemSteps++;
    assert.ok(problemSteps >= 2, `problems built in ${problemSteps + 1} steps`);
    assert.deepEqual(stepped.dependencyProblems('a/TODO.md'), atOnce.dependencyProblems('a/TODO.md'));
    assert.deepEqual(stepped.dependencyProblems('a/TODO.md').map((p) => `${p.code} ${p.taskId}`), ['unknown-dependency T39999']);
    assert.deepEqual(stepped.waitingOn(stepped.find('T39999')!), atOnce.waitingOn(atOnce.find('T39999')!));
  });

  it('TaskIndex finds a dependency field on a large board that the pieces of its pre-check cut in two', () => {
    // The pre-check reads the text a mebibyte at a time: the field's name lies across that boundary.
    const cut = 1 << 20;
    for (const field of ['depends_on', 'blocked_by']) {
      let text = '# TODO\n\n```yaml\n';
      for (let i = 0; text.length < cut - 300; i++) text += `- F${i}: "Filler task ${i}"\n  status: todo\n\n`;
      const head = `- LAST: "`;
      const tail = `"\n  status: todo\n  `;
      const pad = cut - 3 - (text.length + head.length + tail.length);
      text += `${head}${'x'.repeat(pad)}${tail}${field}: NOPE\n\`\`\`\n`;
      assert.equal(text.indexOf(field), cut - 3);
      const index = new TaskIndex();
      index.set('TODO.md', 'board', text);
      assert.deepEqual(index.dependencyProblems('TODO.md').map((p) => `${p.code} ${p.taskId}`), ['unknown-dependency LAST'], field);
    }
  });

  it('TaskIndex finds dependencies however the field is spelled, a table column included', () => {
    const index = new TaskIndex();
    index.set('TODO.md', 'board', board({ A: ['status: todo'] }));
    assert.deepEqual([...index.dependentFiles()], []);
    assert.deepEqual(index.dependencyProblemFiles(), []);
    // "Depends On" is read as depends_on: the text never says depends_on.
    const table = ['# Board', '', '| ID | Title | Status | Depends On |', '|---|---|---|---|', '| T1 | First | todo | TASK_404 |', ''].join('\n');
    index.set('plan/TODO.md', 'board', table);
    assert.deepEqual(index.dependencyProblems('plan/TODO.md').map((p) => `${p.code} ${p.taskId}`), ['unknown-dependency T1']);
    assert.deepEqual([...index.dependentFiles()], ['plan/TODO.md']);
    // A waits on T1, which waits on A: a cycle across the two files.
    index.set('TODO.md', 'board', board({ A: ['status: todo', 'blocked_by: T1'] }));
    index.set('plan/TODO.md', 'board', table.replace('TASK_404', 'A'));
    assert.deepEqual([...index.dependencyProblemFiles()].sort(), ['TODO.md', 'plan/TODO.md']);
    assert.deepEqual([...index.dependentFiles()].sort(), ['TODO.md', 'plan/TODO.md']);
  });
});

describe('planMove with dependencies', () => {
  const text = board({ T7: ['assigned_agent:', 'status: todo', 'depends_on: [T3, T5]'], T3: ['status: in_progress'], T5: ['status: todo'] }, true);
  const waitingOn = [
    { id: 'T3', known: true, status: 'in_progress' as const },
    { id: 'T5', known: true, status: 'todo' as const },
  ];

  it('refuses a claim while the task waits, naming what it waits for', () => {
    const plan = planMove(text, 'TODO.md', 'T7', 'claim', { agent: 'agent-b', now: NOW, waitingOn });
    assert.equal(plan.ok, false);
    assert.equal(!plan.ok && plan.code, 'waiting');
    assert.equal(!plan.ok && plan.message, 'T7 is waiting on unfinished tasks: T3 (in_progress), T5 (todo). Take another task, or force the claim.');
  });

  it('claims with force and says so in the Session History line', () => {
    const plan = planMove(text, 'TODO.md', 'T7', 'claim', { agent: 'agent-b', now: NOW, waitingOn, force: true, history: true });
    assert.ok(plan.ok);
    const out = applyEdits(text, plan.edits);
    assert.match(out, /\n- 2026-11-21T10:00:00Z agent-b claimed T7 \(forced past T3, T5 unfinished\)\n/);
    assert.match(out, /- T7: "Task T7"\n {2}assigned_agent: agent-b\n {2}status: claimed\n/);
  });

  it('claims as before when nothing is unfinished, and judges only claims', () => {
    const plan = planMove(text, 'TODO.md', 'T7', 'claim', { agent: 'agent-b', now: NOW, waitingOn: [], history: true });
    assert.ok(plan.ok);
    assert.match(applyEdits(text, plan.edits), /\n- 2026-11-21T10:00:00Z agent-b claimed T7\n/);
    const start = planMove(text, 'TODO.md', 'T3', 'complete', { now: NOW, waitingOn });
    assert.equal(start.ok, true);
  });
});
