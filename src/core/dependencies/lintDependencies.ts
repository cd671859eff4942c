// The workspace-level lint of dependencies, for the CLI's and the MCP
// server's `lint` and the editor's diagnostics alike (through TaskIndex):
// an id that names no task anywhere (`unknown-dependency`), and a cycle
// (`dependency-cycle`: A waits on B, which waits on A, so neither is ever
// ready). Each is reported on the line that names the id.
import type { BoardTask, Problem, Span, Task } from '../model';
import { DEPENDENCY_FIELDS, DependencyStatuses, dependenciesOf } from './dependencies';

/**
 * Every dependency problem of `tasks` (the whole workspace), by file; `textOf`
 * gives the text each task was parsed from, `statuses` the workspace's answer
 * for the ids named (built here when not given).
 */
export function lintDependencies(
  tasks: readonly Task[],
  textOf: (file: string) => string | undefined,
  statuses?: DependencyStatuses,
): Map<string, Problem[]> {
  const dependents: { task: BoardTask; on: readonly string[] }[] = [];
  for (const task of tasks) {
    if (task.kind !== 'board') continue;
    const on = dependenciesOf(task);
    if (on.length > 0) dependents.push({ task, on });
  }
  const byFile = new Map<string, Problem[]>();
  if (dependents.length === 0) return byFile;
  const ids = statuses ?? new DependencyStatuses(tasks);
  const edges = new Map<string, Set<string>>();
  for (const { task, on } of dependents) {
    const out = edges.get(task.id) ?? new Set<string>();
    for (const id of on) if (ids.has(id)) out.add(id);
    edges.set(task.id, out);
  }
  const component = stronglyConnected(edges);
  const add = (task: BoardTask, problem: Problem): void => {
    const list = byFile.get(task.file);
    if (list) list.push(problem);
    else byFile.set(task.file, [problem]);
  };
  for (const { task, on } of dependents) {
    const text = textOf(task.file);
    for (const id of on) {
      if (!ids.has(id)) {
        add(task, {
          code: 'unknown-dependency',
          severity: 'warning',
          message: `${task.id} depends on ${id}, but no task file of the workspace has a task ${id}; ${task.id} waits until one does (or the id is corrected).`,
          span: spanOfId(task, id, text),
          taskId: task.id,
          fixes: [],
        });
        continue;
      }
      const c = component.get(task.id);
      if (c === undefined || c !== component.get(id)) continue;
      const loop = pathBack(edges, component, id, task.id);
      add(task, {
        code: 'dependency-cycle',
        severity: 'error',
        message: `${task.id} depends on ${id}, which leads back to it (${[task.id, ...loop].join(' → ')}): none of these tasks can ever be ready. Remove one of the dependencies.`,
        span: spanOfId(task, id, text),
        taskId: task.id,
        fixes: [],
      });
    }
  }
  return byFile;
}

/**
 * For each id on a cycle, the number of its strongly connected component
 * (Tarjan's algorithm, iterative so a long chain cannot overflow the stack).
 * Ids on no cycle are absent: a component of one counts only with a self-edge.
 */
function stronglyConnected(edges: ReadonlyMap<string, ReadonlySet<string>>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, number>();
  let next = 0;
  let components = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { id: string; children: Iterator<string> }[] = [];
    const enter = (id: string): void => {
      index.set(id, next);
      low.set(id, next);
      next++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, children: (edges.get(id) ?? new Set<string>()).values() });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.children.next();
      if (!step.done) {
        const child = step.value;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const members: string[] = [];
      for (let id = stack.pop()!; ; id = stack.pop()!) {
        onStack.delete(id);
        members.push(id);
        if (id === frame.id) break;
      }
      const cyclic = members.length > 1 || (edges.get(frame.id)?.has(frame.id) ?? false);
      if (cyclic) {
        for (const id of members) result.set(id, components);
        components++;
      }
    }
  }
  return result;
}

/** The shortest path of ids from `from` to `to` inside their component, both ends included. */
function pathBack(edges: ReadonlyMap<string, ReadonlySet<string>>, component: ReadonlyMap<string, number>, from: string, to: string): string[] {
  const c = component.get(from);
  const cameFrom = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (id === to) break;
    for (const child of edges.get(id) ?? []) {
      if (cameFrom.has(child) || component.get(child) !== c) continue;
      cameFrom.set(child, id);
      queue.push(child);
    }
  }
  const path = [to];
  for (let id = to; id !== from; ) {
    id = cameFrom.get(id)!;
    path.unshift(id);
  }
  return path;
}

/** Where `id` is written in the task's dependency fields, so the problem sits on that line; else the first such field. */
function spanOfId(task: BoardTask, id: string, text: string | undefined): Span {
  let first: Span | undefined;
  for (const key of DEPENDENCY_FIELDS) {
    const field = task.fieldSpans.get(key);
    if (!field) continue;
    first ??= { start: field.keySpan.start, end: field.valueSpan.end };
    if (text === undefined) continue;
    const value = text.slice(field.valueSpan.start, field.valueSpan.end);
    for (let at = value.indexOf(id); at !== -1; at = value.indexOf(id, at + 1)) {
      const before = value[at - 1] ?? '';
      const after = value[at + id.length] ?? '';
      if (!/[\w.-]/.test(before) && !/[\w.-]/.test(after)) return { start: field.valueSpan.start + at, end: field.valueSpan.start + at + id.length };
    }
  }
  return first ?? task.idSpan;
}
