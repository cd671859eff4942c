import * as assert from 'node:assert/strict';
import { parseBoard } from '../../src/core/board/parseBoard';
import { parseChecklist } from '../../src/core/checklist/parseChecklist';
import type { Task, WorkLogEntry } from '../../src/core/model';
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

function source(tasks: Task[], stale: Record<string, string> = {}): ModelSource {
  return {
    tasks: () => tasks,
    entriesFor: (): readonly WorkLogEntry[] => [],
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

  it('sameChildren compares by node identity', () => {
    const model = new TaskTreeModel();
    model.rebuild(source(board(A, [['T_1', 'todo']])), 'status', NO_FILTER);
    const todo = model.roots.find((g) => g.value === 'todo')!;
    assert.equal(sameChildren(todo.children, [...todo.children]), true);
    assert.equal(sameChildren(todo.children, []), false);
  });
});
