import * as assert from 'node:assert/strict';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import { DependencyStatuses } from '../../src/core/dependencies/dependencies';
import type { Task, WorkLogEntry } from '../../src/core/model';
import { TaskIndex } from '../../src/core/taskIndex';
import { NO_FILTER } from '../../src/extension/tree/taskFilter';
import { sameChildren, TaskTreeModel, type GroupBy, type GroupNode, type ModelSource, type TaskNode } from '../../src/extension/tree/taskTreeModel';

const A = 'file:///w/TODO.md';
const B = 'file:///w/other/TODO.md';
const C = 'file:///w/.claude/tasks/bob-tasks.md';

function board(file: string, items: [id: string, status: string, agent?: string][]): Task[] {
  const lines = ['# TODO', '', '## Work', '', '```yaml'];
  for (const [id, status, agent] of items) {
    lines.push(`- ${id}: "Task ${id}"`, `  assigned_agent: ${agent ?? ''}`, `  status: ${status}`);
  }
  lines.push('```', '');
  return [...parseBoard({ file, text: lines.join('\n') }).tasks];
}

function checklist(): Task[] {
  const text = ['# bob', '', '## To Do', '- [ ] Parent', '  - [ ] Child', ''].join('\n');
  return [...parseChecklist({ file: C, text }).tasks];
}

/** `tasks` as the store gives them: a list per file, each file's tasks one run of `tasks`. */
function listsOf(tasks: readonly Task[]): Task[][] {
  const lists: Task[][] = [];
  for (const task of tasks) {
    const last = lists[lists.length - 1];
    if (last?.[0]!.file === task.file) last.push(task);
    else lists.push([task]);
  }
  return lists;
}

function source(tasks: Task[], stale: Record<string, string> = {}): ModelSource {
  return {
    taskLists: () => listsOf(tasks),
    entriesFor: (): readonly WorkLogEntry[] => [],
    mentionsOf: (): readonly WorkLogEntry[] => [],
    staleReason: (task) => stale[`${task.file}#${task.id}`],
    fileLabel: (file) => file,
  };
}

/** The tree as plain data: group keys with counts, task keys with status and stale reason. */
function shape(model: TaskTreeModel): unknown {
  const node = (n: GroupNode | TaskNode): unknown =>
    n.type === 'group'
      ? { group: n.key, count: n.count, children: n.children.map(node) }
      : { task: n.key, status: n.task.status, stale: n.stale, subtasks: n.subtasks.map(node) };
  return model.roots.map(node);
}

describe('Tasks tree model, rebuilt per changed file', () => {
  for (const groupBy of ['status', 'file', 'agent'] as GroupBy[]) {
    it(`by ${groupBy}: rebuilding only the changed file gives the tree a full build gives, and keeps other files' nodes`, () => {
      const a1 = board(A, [['T_1', 'todo'], ['T_2', 'claimed', 'alice'], ['T_2', 'todo']]);
      const b = board(B, [['U_1', 'todo'], ['U_2', 'done', 'bob']]);
      const model = new TaskTreeModel();
      model.rebuild(source([...a1, ...b, ...checklist()]), groupBy, NO_FILTER);
      const bNode = model.get(`task:${B}#U_1#0`);
      const cNode = model.get(`task:${C}#bob/parent#0`);
      assert.ok(bNode && cNode);

      const a2 = board(A, [['T_1', 'claimed', 'carol'], ['T_2', 'claimed', 'alice'], ['T_3', 'todo']]);
      const after = [...a2, ...b, ...checklist().map(() => (cNode as TaskNode).task)];
      const stale = { [`${A}#T_2`]: 'stale for test' };
      model.rebuild(source(after, stale), groupBy, NO_FILTER, new Set([A]));

      const full = new TaskTreeModel();
      full.rebuild(source(after, stale), groupBy, NO_FILTER);
      assert.deepEqual(shape(model), shape(full));
      // Untouched files keep their node objects; the changed file's node for a kept key is reused with the new task.
      assert.equal(model.get(`task:${B}#U_1#0`), bNode);
      assert.equal(model.get(`task:${C}#bob/parent#0`), cNode);
      assert.equal((model.get(`task:${A}#T_1#0`) as TaskNode).task, a2[0]);
      assert.equal(model.get(`task:${A}#T_2#1`), undefined);
      assert.equal(model.taskAt(A, a2[2]!.span.start)?.task.id, 'T_3');
    });
  }

  it('a file whose tasks kept their groups is sorted as the last build sorted it, and gives what a full build gives', () => {
    // Sections and tasks outside any section alternate, so a file group holds several runs of one file's tasks.
    const text = (items: readonly (readonly [status: string, agent: string, title: string])[]): string => {
      const lines = ['# TODO', '', '```yaml'];
      items.forEach(([status, agent, title], i) => {
        if (i % 7 === 3) lines.push('```', '', `## Part ${i % 2}`, '', '```yaml');
        if (i % 7 === 5) lines.push('```', '', '# Loose', '', '```yaml');
        lines.push(`- T_${i}: "${title}"`, `  assigned_agent: ${agent}`, `  status: ${status}`);
      });
      lines.push('```', '');
      return lines.join('\n');
    };
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), (seed >>> 16) % n);
    const statuses = ['todo', 'claimed', 'in_progress', 'done'];
    const agents = ['', 'alice', 'bob'];
    const files = [A, B].map((file) => ({ file, items: Array.from({ length: 40 }, (_, i) => [statuses[i % 4]!, agents[i % 3]!, `Task ${i}`] as [string, string, string]) }));
    const index = new TaskIndex();
    for (const f of files) index.set(f.file, 'board', text(f.items));
    for (const groupBy of ['status', 'file', 'agent'] as GroupBy[]) {
      const model = new TaskTreeModel();
      model.rebuild(source([...index.tasks()]), groupBy, NO_FILTER);
      for (let step = 0; step < 60; step++) {
        const f = files[random(2)]!;
        const item = f.items[random(f.items.length)]!;
        // A title (the task's group stays), a status or an agent (it moves); now and then a filter between builds.
        const what = random(4);
        if (what === 0) item[2] = `${item[2]} x`;
        else if (what === 1) item[0] = statuses[random(4)]!;
        else if (what === 2) item[1] = agents[random(3)]!;
        index.set(f.file, 'board', text(f.items));
        const filter = what === 3 ? { agent: 'alice' } : NO_FILTER;
        model.rebuild(source([...index.tasks()]), groupBy, filter, new Set([f.file]));
        const full = new TaskTreeModel();
        full.rebuild(source([...index.tasks()]), groupBy, filter);
        assert.deepEqual(shape(model), shape(full), `by ${groupBy}, step ${step}`);
      }
    }
  });

  it('does not sort again the tasks of a file a change did not touch, nor the unchanged tasks of one it did', () => {
    let reads = 0;
    // Tasks that count the reads of their status, which places them in a status group.
    const counted = (tasks: Task[]): Task[] => tasks.map((t) => new Proxy(t, { get: (target, key, receiver) => ((key === 'status' && reads++), Reflect.get(target, key, receiver)) }));
    const a = counted(board(A, [['T_1', 'todo'], ['T_2', 'claimed', 'alice']]));
    const b = counted(board(B, Array.from({ length: 50 }, (_, i) => [`U_${i}`, 'todo'] as [string, string])));
    const model = new TaskTreeModel();
    model.rebuild(source([...a, ...b]), 'status', NO_FILTER);
    assert.ok(reads >= 52, `a first build reads every task's status (${reads})`);
    reads = 0;
    model.rebuild(source([...a, ...b]), 'status', NO_FILTER, new Set([A]));
    assert.equal(reads, 0, 'the same tasks again: nothing is read');
    // One task of B replaced by another in the same group: that task and the one it replaced are read, no other.
    const b2 = b.slice();
    b2[7] = counted(board(B, [['U_7', 'todo']]))[0]!;
    model.rebuild(source([...a, ...b2]), 'status', NO_FILTER, new Set([B]));
    assert.equal(reads, 2);
    const full = new TaskTreeModel();
    full.rebuild(source([...a, ...b2]), 'status', NO_FILTER);
    assert.deepEqual(shape(model), shape(full));
  });

  it('a build in steps shows the last build until its final step, then what one build gives, with the same group nodes', () => {
    const items = (status: string): [string, string][] => Array.from({ length: 5000 }, (_, i) => [`T_${i}`, i % 3 === 0 ? 'done' : status]);
    const before = board(A, items('todo'));
    const model = new TaskTreeModel();
    model.rebuild(source(before), 'status', NO_FILTER);
    const todo = model.roots.find((g) => g.key === 'status:todo')!;
    const countsBefore = model.roots.map((g) => `${g.key}=${g.count}`);
    const rowsBefore = todo.children;
    assert.ok(rowsBefore.length > 0);

    const after = board(A, items('claimed'));
    const steps = model.rebuildSteps(source(after), 'status', NO_FILTER, new Set([A]));
    let taken = 0;
    while (!steps.next().done) {
      taken++;
      assert.deepEqual(model.roots.map((g) => `${g.key}=${g.count}`), countsBefore, `after step ${taken}`);
      assert.equal(todo.children, rowsBefore);
    }
    assert.ok(taken >= 2, `a 5,000-task file is sorted in ${taken + 1} steps`);
    const full = new TaskTreeModel();
    full.rebuild(source(after), 'status', NO_FILTER);
    assert.deepEqual(shape(model), shape(full));
    assert.equal(model.roots.find((g) => g.key === 'status:todo'), todo, 'group nodes are kept by key');
    assert.equal(todo.count, 0);
  });

  it('drops the nodes of a file whose tasks are gone, and empties the tree with the last task', () => {
    const a = board(A, [['T_1', 'todo']]);
    const b = board(B, [['U_1', 'todo']]);
    const model = new TaskTreeModel();
    model.rebuild(source([...a, ...b]), 'file', NO_FILTER);
    model.rebuild(source(b), 'file', NO_FILTER, new Set([A]));
    assert.deepEqual(
      model.roots.map((g) => g.value),
      [B],
    );
    assert.equal(model.get(`task:${A}#T_1#0`), undefined);
    model.rebuild(source([]), 'status', NO_FILTER, new Set([B]));
    assert.deepEqual(model.roots, []);
  });

  it('shows a subtask listed among the tasks under its parent only, before and after the tasks around it', () => {
    const text = ['# bob', '', '## To Do', '- [ ] First', '- [ ] Parent', '  - [ ] Child', '- [ ] Last', ''].join('\n');
    const [first, parent, last] = parseChecklist({ file: C, text }).tasks;
    const child = parent?.kind === 'checklist' ? parent.subtasks[0] : undefined;
    assert.ok(first && parent && last && child);
    const model = new TaskTreeModel();
    model.rebuild(source([first, parent, child, last]), 'status', NO_FILTER);
    const rows = model.roots.find((g) => g.value === 'todo')!.children as TaskNode[];
    assert.deepEqual(
      rows.map((n) => [n.task.title, n.subtasks.map((s) => s.task.title)]),
      [['First', []], ['Parent', ['Child']], ['Last', []]],
    );
  });

  it('filters kept nodes too', () => {
    const a = board(A, [['T_1', 'claimed', 'alice'], ['T_2', 'todo']]);
    const b = board(B, [['U_1', 'claimed', 'alice']]);
    const model = new TaskTreeModel();
    model.rebuild(source([...a, ...b]), 'status', NO_FILTER);
    model.rebuild(source([...a, ...b]), 'status', { agent: 'alice' }, new Set([A]));
    const claimed = model.roots.find((g) => g.value === 'claimed')!;
    assert.deepEqual(
      claimed.children.map((c) => c.key),
      [`task:${A}#T_1#0`, `task:${B}#U_1#0`],
    );
    assert.equal(model.roots.find((g) => g.value === 'todo')!.count, 0);
  });

  it("sorts a board's tasks into groups from its own list, without copying it, every row in file order past 4,096", () => {
    const statuses = ['todo', 'done', 'done', 'in_progress'];
    const tasks = board(
      A,
      Array.from({ length: 10_000 }, (_, i): [string, string] => [`T_${i}`, statuses[i % statuses.length]!]),
    );
    // The list refuses to be copied: the build reads it where it is.
    Object.defineProperty(tasks, 'slice', { value: () => assert.fail('the list was copied') });
    const model = new TaskTreeModel();
    model.rebuild({ ...source([]), taskLists: () => [tasks] }, 'status', NO_FILTER);
    const ids = (status: string): string[] =>
      model.roots.find((g) => g.value === status)!.children.map((n) => (n.type === 'task' ? n.task.id : n.key));
    const expected = (status: string): string[] => tasks.filter((t) => t.status === status).map((t) => t.id);
    assert.equal(expected('done').length, 5_000);
    for (const status of ['todo', 'done', 'in_progress']) assert.deepEqual(ids(status), expected(status), status);
  });

  it('sameChildren compares by node identity', () => {
    const model = new TaskTreeModel();
    model.rebuild(source(board(A, [['T_1', 'todo']])), 'status', NO_FILTER);
    const todo = model.roots.find((g) => g.value === 'todo')!;
    assert.equal(sameChildren(todo.children, [...todo.children]), true);
    assert.equal(sameChildren(todo.children, []), false);
  });

  describe('rows built on demand', () => {
    const tasks = (): Task[] => [
      ...board(A, [['T_1', 'todo'], ['T_2', 'claimed', 'alice'], ['T_1', 'done', 'bob'], ['T_3', 'todo', 'alice']]),
      ...board(B, [['U_1', 'todo'], ['U_2', 'in_progress', 'bob']]),
      ...checklist(),
    ];

    /** The rows an eager build gives: top-level tasks of each group in store order, keyed by file, id and occurrence. */
    function eagerByStatus(all: readonly Task[]): Record<string, string[]> {
      const seen = new Map<string, number>();
      const rows: Record<string, string[]> = {};
      for (const task of all) {
        if (task.kind === 'checklist' && task.depth > 0) continue;
        const n = seen.get(`${task.file}#${task.id}`) ?? 0;
        seen.set(`${task.file}#${task.id}`, n + 1);
        (rows[task.status ?? 'none'] ??= []).push(`task:${task.file}#${task.id}#${n}`);
      }
      return rows;
    }

    it('counts every group without building a row, and builds the rows an eager build gives', () => {
      const all = tasks();
      const model = new TaskTreeModel();
      model.rebuild(source(all), 'status', NO_FILTER);
      assert.ok(model.roots.every((g) => !g.built));
      const expected = eagerByStatus(all);
      for (const group of model.roots) {
        const keys = expected[group.value] ?? [];
        assert.equal(group.count, keys.length);
        assert.deepEqual(
          group.children.map((c) => c.key),
          keys,
        );
        assert.ok(group.built);
        for (const child of group.children) assert.equal(child.parent, group);
      }
      const counted = model.roots.reduce((sum, g) => sum + g.count, 0);
      assert.equal(counted, model.taskNodes().filter((n) => n.parent?.type === 'group').length);
    });

    it('reading one group builds only its rows; finding a task builds its node under its group', () => {
      const all = tasks();
      const model = new TaskTreeModel();
      model.rebuild(source(all), 'status', NO_FILTER);
      const done = model.roots.find((g) => g.value === 'done')!;
      const node = model.find(A, (t) => t.id === 'T_1' && t.status === 'done');
      assert.equal(node?.key, `task:${A}#T_1#1`);
      assert.equal(node?.parent, done);
      assert.equal(done.built, false);
      assert.ok(done.children.includes(node!));
      assert.ok(model.roots.filter((g) => g !== done).every((g) => !g.built));
      // A subtask is found through its parent's node.
      const child = model.find(C, (t) => t.title === 'Child');
      assert.equal(child?.parent?.type, 'task');
      assert.equal(model.find(A, () => false), undefined);
    });

    it('finds no node for a task the filter hides', () => {
      const all = tasks();
      const model = new TaskTreeModel();
      model.rebuild(source(all), 'agent', { agent: 'alice' });
      assert.equal(model.find(B, (t) => t.id === 'U_2'), undefined);
      assert.equal(model.find(A, (t) => t.id === 'T_3')?.parent?.key, 'agent:alice');
    });
  });
});

describe('Tasks tree model: work-log entries under a task', () => {
  it('lists the entries about the task, then the entries that only mention it, marked', () => {
    const index = new TaskIndex();
    index.set(A, 'board', '- T_1: "Schema"\n  status: done\n- T_2: "Endpoint"\n  status: todo\n');
    index.set('file:///w/WORK_LOG.md', 'worklog', '## 2026-11-02 15:40 — Schema (T_1)\n**Next Steps**: unblocks T_2.\n');
    const model = new TaskTreeModel();
    model.rebuild(
      { taskLists: () => index.taskLists(), entriesFor: (t) => index.entriesFor(t), mentionsOf: (t) => index.mentionsOf(t), staleReason: () => undefined, fileLabel: (f) => f },
      'status',
      NO_FILTER,
    );
    const entries = (id: string): [string, boolean][] => {
      const node = model.get(`task:${A}#${id}#0`) as TaskNode;
      return node.entries.map((e) => [e.entry.heading, e.mention]);
    };
    assert.deepEqual(entries('T_1'), [['2026-11-02 15:40 — Schema (T_1)', false]]);
    assert.deepEqual(entries('T_2'), [['2026-11-02 15:40 — Schema (T_1)', true]], 'T_2 is only mentioned');
  });
});

describe('Tasks tree model: waiting tasks', () => {
  it('gives each task node what it waits for, and updates it when a rebuild names its file with its dependency\'s', () => {
    const parse = (file: string, text: string) => [...parseBoard({ file, text }).tasks];
    const a = parse(A, ['```yaml', '- T_1: "Webhooks"', '  status: todo', '  depends_on: [U_1]', '', '- T_2: "Docs"', '  status: todo', '```', ''].join('\n'));
    const b = (status: string) => board(B, [['U_1', status]]);
    const waitingSource = (tasks: Task[]): ModelSource => {
      const statuses = new DependencyStatuses(tasks);
      return { ...source(tasks), waitingOn: (task) => statuses.waitingOn(task) };
    };
    const model = new TaskTreeModel();
    model.rebuild(waitingSource([...a, ...b('in_progress')]), 'status', NO_FILTER);
    const waiting = () => Object.fromEntries(model.taskNodes().map((n) => [n.task.id, n.waiting.map((w) => `${w.id} ${w.status}`)]));
    assert.deepEqual(waiting(), { T_1: ['U_1 in_progress'], T_2: [], U_1: [] });
    // The provider names the dependent's file as changed too (TaskIndex.dependentFiles).
    model.rebuild(waitingSource([...a, ...b('done')]), 'status', NO_FILTER, new Set([A, B]));
    assert.deepEqual(waiting(), { T_1: [], T_2: [], U_1: [] });
  });
});
