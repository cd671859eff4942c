// The workspace-level lint of dependencies, for the CLI's and the MCP
// server's `lint` and the editor's diagnostics alike (through TaskIndex):
// an id that names no task anywhere (`unknown-dependency`), and a cycle
// (`dependency-cycle`: A waits on B, which waits on A, so neither is ever
// ready). Each is reported on the line that names the id.
import type { BoardTask, Problem, Span, Task } from '../model';
import { DependencyStatuses, dependenciesOf, dependencyKeys } from './dependencies';

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
    // Only what the task still waits on: a loop through a finished task holds nobody up (B done, A waiting on B is
    // ready), so it is no cycle that keeps its tasks from ever being ready.
    if (!ids.finishes(task.status)) for (const id of on) if (ids.unfinished(id)) out.add(id);
    edges.set(task.id, out);
  }
  const component = stronglyConnected(edges);
  const loops = new Loops(edges, component);
  const add = (task: BoardTask, problem: Problem): void => {
    const list = byFile.get(task.file);
    if (list) list.push(problem);
    else byFile.set(task.file, [problem]);
  };
  for (const { task, on } of dependents) {
    const text = textOf(task.file);
    for (const id of on) {
      const padded = ids.has(id) ? undefined : zeroPadded(task, id, text, ids);
      if (padded) {
        add(task, {
          code: 'unknown-dependency',
          severity: 'warning',
          message:
            `${task.id} depends on ${padded.written}, written without quotes: YAML reads it as the number ${id}, and no task is ${id}; ` +
            `quote it so it names task ${padded.written}.`,
          span: padded.span,
          taskId: task.id,
          fixes: [{ title: `Quote it: "${padded.written}"`, edits: [{ ...padded.span, newText: `"${padded.written}"` }], preferred: true }],
        });
        continue;
      }
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
      add(task, {
        code: 'dependency-cycle',
        severity: 'error',
        message: `${task.id} depends on ${id}, which leads back to it (${loops.describe(task.id, id)}): none of these tasks can ever be ready. Remove one of the dependencies.`,
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

/** Ids a loop is written with in full; a longer one shows its start and its end. */
const LOOP_SHOWN = 12;
/** Tasks the search for the shortest way back visits before it takes the way through the component's root. */
const SHORTEST_SEARCH = 256;

/**
 * The way back from a dependency to the task that names it, for the
 * message. A cycle through thousands of tasks (a ring of `depends_on`, each
 * on the next) has one such problem per task: the shortest way back is
 * searched among a few hundred tasks, and a longer one goes through the
 * component's root (two searches per component, made once). Only the loop's
 * ends are written out, so each message costs the same however long its
 * loop, and the whole lint stays linear in the tasks.
 */
class Loops {
  private readonly roots = new Map<number, ComponentRoot>();

  constructor(
    private readonly edges: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly component: ReadonlyMap<string, number>,
  ) {}

  /** `task → id → … → task`, its middle left out when it is long. */
  describe(task: string, id: string): string {
    const path = this.shortest(id, task);
    if (path) return written([task, ...path], path.length);
    const { root, toRoot, toDistance, lastBefore, fromRoot, fromDistance } = this.rootOf(this.component.get(id)!, id);
    const steps = 1 + toDistance.get(id)! + fromDistance.get(task)!;
    // The way to the root: whole when the loop is short, else as much as its start shows.
    const head = [task, id];
    for (let at = id; at !== root && (steps < LOOP_SHOWN || head.length < LOOP_SHOWN - 3); ) head.push((at = toRoot.get(at)!));
    if (steps < LOOP_SHOWN) return written([...head, ...walkBack(fromRoot, root, task).slice(1)], steps);
    // The id before the task: on the way from the root, or, for the root itself, the last on the way to it.
    return writtenEnds(head, [task === root ? lastBefore.get(id)! : fromRoot.get(task)!, task], steps);
  }

  /** The shortest path from `from` to `to` inside their component, both ends included, if the search finds it soon. */
  private shortest(from: string, to: string): string[] | undefined {
    const c = this.component.get(from);
    const cameFrom = new Map<string, string>([[from, from]]);
    const queue = [from];
    for (let i = 0; i < queue.length && queue.length <= SHORTEST_SEARCH; i++) {
      const id = queue[i]!;
      if (id === to) return walkBack(cameFrom, from, to);
      for (const child of this.edges.get(id) ?? []) {
        if (cameFrom.has(child) || this.component.get(child) !== c) continue;
        cameFrom.set(child, id);
        queue.push(child);
      }
    }
    return cameFrom.has(to) ? walkBack(cameFrom, from, to) : undefined;
  }

  /** The component's root (the first member asked about), with shortest paths to it and from it. */
  private rootOf(c: number, member: string): ComponentRoot {
    let known = this.roots.get(c);
    if (known) return known;
    const inside = (id: string): boolean => this.component.get(id) === c;
    const fromRoot = new Map<string, string>([[member, member]]);
    const fromDistance = new Map<string, number>([[member, 0]]);
    const reverse = new Map<string, string[]>();
    const queue = [member];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      for (const child of this.edges.get(id) ?? []) {
        if (!inside(child)) continue;
        const into = reverse.get(child);
        if (into) into.push(id);
        else reverse.set(child, [id]);
        if (fromRoot.has(child)) continue;
        fromRoot.set(child, id);
        fromDistance.set(child, fromDistance.get(id)! + 1);
        queue.push(child);
      }
    }
    const toRoot = new Map<string, string>([[member, member]]);
    const toDistance = new Map<string, number>([[member, 0]]);
    const lastBefore = new Map<string, string>();
    queue.length = 0;
    queue.push(member);
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      for (const parent of reverse.get(id) ?? []) {
        if (toRoot.has(parent)) continue;
        toRoot.set(parent, id);
        toDistance.set(parent, toDistance.get(id)! + 1);
        lastBefore.set(parent, id === member ? parent : lastBefore.get(id)!);
        queue.push(parent);
      }
    }
    known = { root: member, toRoot, toDistance, lastBefore, fromRoot, fromDistance };
    this.roots.set(c, known);
    return known;
  }
}

interface ComponentRoot {
  readonly root: string;
  /** Each member's next id on a shortest path to the root, that path's length, and its last id before the root. */
  readonly toRoot: ReadonlyMap<string, string>;
  readonly toDistance: ReadonlyMap<string, number>;
  readonly lastBefore: ReadonlyMap<string, string>;
  /** Each member's previous id on a shortest path from the root, and that path's length. */
  readonly fromRoot: ReadonlyMap<string, string>;
  readonly fromDistance: ReadonlyMap<string, number>;
}

/** A loop of `steps` dependencies, written `A → B → … → A`: whole when short, else its start and its end. */
function written(loop: readonly string[], steps: number): string {
  return loop.length <= LOOP_SHOWN ? loop.join(' → ') : writtenEnds(loop.slice(0, LOOP_SHOWN - 3), loop.slice(-2), steps);
}

/** A long loop by its first ids, its last ones and its length. */
function writtenEnds(head: readonly string[], tail: readonly string[], steps: number): string {
  return `${head.join(' → ')} → … → ${tail.join(' → ')}; a loop of ${steps.toLocaleString('en')} tasks`;
}

/** The path from `from` to `to` along `cameFrom` (each id's previous one), both ends included. */
function walkBack(cameFrom: ReadonlyMap<string, string>, from: string, to: string): string[] {
  const path = [to];
  for (let id = to; id !== from; ) {
    id = cameFrom.get(id)!;
    path.push(id);
  }
  return path.reverse();
}

/**
 * Where a dependency field writes `id`'s number with leading zeros (`depends_on: [007]`) that a task's id has as
 * written (`id: "007"`): YAML reads the unquoted `007` as the number 7.
 */
function zeroPadded(task: BoardTask, id: string, text: string | undefined, ids: DependencyStatuses): { span: Span; written: string } | undefined {
  const written = ids.zeroPadded(id);
  if (written === undefined) return undefined;
  // A quote is an edge too: a quoted `"007"` is a string already.
  const span = writtenIn(task, text, written, /[\w."'-]/);
  return span && { span, written };
}

/** Where `id` is written in the task's dependency fields, so the problem sits on that line; else the first such field. */
function spanOfId(task: BoardTask, id: string, text: string | undefined): Span {
  const written = writtenIn(task, text, id, /[\w.-]/);
  if (written) return written;
  for (const key of dependencyKeys(task)) {
    const field = task.fieldSpans.get(key);
    if (field) return { start: field.keySpan.start, end: field.valueSpan.end };
  }
  return task.idSpan;
}

/**
 * Where `word` is written in the first of the task's dependency fields that holds it standing alone: with no
 * character `edge` matches on either side.
 */
function writtenIn(task: BoardTask, text: string | undefined, word: string, edge: RegExp): Span | undefined {
  if (text === undefined) return undefined;
  for (const key of dependencyKeys(task)) {
    const field = task.fieldSpans.get(key);
    if (!field) continue;
    const value = text.slice(field.valueSpan.start, field.valueSpan.end);
    for (let at = value.indexOf(word); at !== -1; at = value.indexOf(word, at + 1)) {
      if (!edge.test(value[at - 1] ?? '') && !edge.test(value[at + word.length] ?? '')) {
        return { start: field.valueSpan.start + at, end: field.valueSpan.start + at + word.length };
      }
    }
  }
  return undefined;
}
