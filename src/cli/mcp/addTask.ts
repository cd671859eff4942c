// Adding a task to a board for the MCP `add_task` tool. The new item always
// starts in the lifecycle's first status, `todo` unless the repository's
// settings file says otherwise (a task that starts elsewhere is a lifecycle violation),
// takes the next free id in the board's own id style (TASK_008 after
// TASK_007), and is inserted as one text edit at the end of the chosen group,
// so every other byte of the board stays as it was. The plan is checked by
// re-parsing the result: a plan that would not read back as the task we meant
// is refused rather than written. A checkbox list or a task table gets an item
// or a row in its own style instead (addMarkdownTask.ts).
import { parseBoard } from '../../core/board/parseBoard';
import { idStyleOf, nextFreeId } from '../../core/board/taskId';
import { isoSeconds } from '../../core/moves';
import { indentOf, lineEndAt, plainOrQuoted, quoteLike } from '../../core/scalarEdits';
import type { BoardTask, ParsedBoard, Priority, TextEdit } from '../../core/model';
import { oneLineProblem, textProblem } from '../../core/oneLine';
import { flowOpen } from '../../core/board/fieldEdits';
import { applyEdits, breakAt } from '../../core/text';
import { frontMatterEnd } from '../../core/board/frontMatter';
import { DEFAULT_LIFECYCLE, firstStatus, type Lifecycle } from '../../core/lifecycleModel';
import { planMarkdownAdd, sameTasks } from './addMarkdownTask';

export interface NewTask {
  readonly title: string;
  readonly priority?: Priority;
  /** The heading to add under (`Tasks`, `Backlog`); default: the board's first group. */
  readonly group?: string;
  readonly description?: string;
  readonly dependsOn?: readonly string[];
}

/** Where new tasks start: the first status of the repository's lifecycle. */
export interface AddTaskOptions {
  readonly lifecycle?: Lifecycle;
  /**
   * The ids like `like` (the board's id style: same prefix) that the workspace's other task files hold. The new id
   * is free of them too: `claim ID` is refused when two files hold the id, so `add` must not make that so.
   */
  readonly takenElsewhere?: (like: string) => Iterable<string>;
}

export type AddTaskPlan =
  | {
      readonly ok: true;
      readonly edits: TextEdit[];
      readonly id: string;
      /** As written: its line breaks made spaces. */
      readonly title: string;
      /** The status written: the lifecycle's first. */
      readonly status: string;
      readonly group: string;
      /** 0-based. */
      readonly line: number;
    }
  /**
   * `line` (1-based): the line of the board the refusal is about; its message then starts with `file:line:`.
   * `badArgument`: the refusal is about what was asked (an empty title, a line break in the group), not the board.
   */
  | { readonly ok: false; readonly message: string; readonly line?: number; readonly badArgument?: true };

const DEFAULT_GROUP = 'Tasks';

export function planAddTask(text: string, board: ParsedBoard, task: NewTask, now: Date, options: AddTaskOptions = {}): AddTaskPlan {
  const lifecycle = options.lifecycle ?? DEFAULT_LIFECYCLE;
  const first = firstStatus(lifecycle);
  const title = task.title.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (title === '') return { ok: false, badArgument: true, message: 'The task needs a title.' };
  const unsafe = unsafeArgument(task);
  if (unsafe) return { ok: false, badArgument: true, message: `${unsafe}; nothing was added.` };
  const taken = new Set([...board.tasks.map((t) => t.id), ...(board.droppedIds ?? [])]);
  const freeId = (like: string): string => {
    for (const other of options.takenElsewhere?.(like) ?? []) taken.add(other);
    return nextFreeId(like, taken);
  };
  // A checkbox list or a task table gets an item or a row: a YAML item there would make it a YAML board, whose other
  // lines are not read as tasks.
  if (board.tasks.some((t) => t.shape === 'checkbox' || t.shape === 'table-row')) {
    return planMarkdownAdd(text, board, { ...task, title }, first, freeId, lifecycle);
  }
  const id = freeId(idStyleOf(board.tasks, PLAIN_ID));
  const groups = [...new Set(board.tasks.map((t) => t.group).filter((g): g is string => !!g))];
  // A board whose tasks sit under no heading gets the new one after them, not a new section.
  const group = task.group?.trim() || groups[0] || (board.tasks.length > 0 ? '' : DEFAULT_GROUP);
  const eol = board.eol;
  const inGroup = board.tasks.filter((t) => (t.group ?? '') === group);
  const last = inGroup[inGroup.length - 1] ?? undefined;
  const model = last ?? board.tasks[board.tasks.length - 1];
  const itemIndent = model ? indentBefore(text, model.span.start) : '';
  const fieldIndent = model ? fieldIndentOf(text, model) : itemIndent + '  ';
  // On a board of one-line flow items (`- {TASK_001: "A", status: todo}`) the new one is one too.
  const flow = model !== undefined && flowOpen(text, model) !== undefined;
  const stampModel = [...inGroup, ...board.tasks].reverse().find((t) => t.fieldSpans.has('created_at'));
  const entries = itemEntries(id, title, task, now, text, stampModel, first, model, board.tasks.find((t) => t.agentKey !== undefined)?.agentKey, flow);
  // An empty value is written `key: ,` in a flow item, as a release leaves it.
  const itemText = flow ? [`- {${entries.map((e) => (e.endsWith(':') ? `${e} ` : e)).join(', ')}}`] : entries.map((e, i) => (i === 0 ? `- ${e}` : e));
  // Blank lines (inside a description block) stay empty rather than carrying the indentation.
  const lines = itemText.map((l, i) => (l === '' ? '' : (i === 0 ? itemIndent : fieldIndent) + l));
  let edit: TextEdit;
  if (last) {
    const at = lineEndAt(text, contentEnd(text, last.span));
    const blank = separatedByBlankLine(text, inGroup.length >= 2 ? inGroup : board.tasks);
    // Its lines end like the line it follows: a file's line endings may differ from line to line.
    const brk = breakAt(text, at, eol);
    edit = { start: at, end: at, newText: brk + (blank ? brk : '') + lines.join(brk) };
  } else {
    edit = insertIntoEmptyGroup(text, group, lines.join(eol), eol);
  }
  const newText = applyEdits(text, [edit]);
  const after = parseBoard(lifecycle === DEFAULT_LIFECYCLE ? { file: board.file, text: newText } : { file: board.file, text: newText, lifecycle });
  const check = after.tasks.filter((t) => t.id === id);
  const added = check[0];
  // Exactly one task more, and every other task as it was: no argument may smuggle in a task or change one.
  const othersKept = sameTasks(board.tasks, after.tasks.filter((t) => t !== added));
  const broken = added && after.problems.some((p) => p.severity === 'error' && p.span.start < added.span.end && p.span.end > added.span.start);
  if (check.length !== 1 || !added || added.status !== first || added.title !== title || !othersKept || broken) {
    return { ok: false, message: `Adding ${id} to ${board.file} would not read back as one new ${first} task titled "${title}"; the board was left unchanged. Run lint on it.` };
  }
  return { ok: true, edits: [edit], id, title, status: first, group, line: added.line };
}

/** The first argument that cannot go on its one line of the board, as `group "x" holds a line break`. */
function unsafeArgument(task: NewTask): string | undefined {
  const oneLiners: [string, string | undefined][] = [['group', task.group], ...(task.dependsOn ?? []).map((d): [string, string] => ['dependsOn', d])];
  for (const [name, value] of oneLiners) {
    const problem = value === undefined ? undefined : oneLineProblem(value);
    if (problem) return `${name} ${JSON.stringify(value)} ${problem}`;
  }
  // A several-line description is written as a block scalar, raw: a control character there breaks the item.
  const descriptionProblem = task.description === undefined ? undefined : textProblem(task.description);
  if (descriptionProblem) return `description ${JSON.stringify(task.description)} ${descriptionProblem}`;
  return undefined;
}

/**
 * The id a new YAML item's follows (idStyleOf). Only a plain id (letters, digits, `_`, `-`) is followed: the new id is
 * written as a bare key and printed, and one copied from `- "\e]0;x\aT1": ...` would carry its escape sequence to both.
 */
const PLAIN_ID = /^([\p{L}\p{N}_-]*?)(\d+)$/u;

/** The new item's `key: value` entries, its id first; as block lines, a several-line description runs on below. */
function itemEntries(
  id: string,
  title: string,
  task: NewTask,
  now: Date,
  text: string,
  /** A task whose `created_at` quoting the new one copies. */
  stampModel: BoardTask | undefined,
  first: string,
  /** The task whose shape (`- id: N` then `title:`, or `- ID: title`) the new one follows, its id quoted alike. */
  model: BoardTask | undefined,
  /** The board's agent field (`assignee`), when its tasks name one. */
  agentKey = 'assigned_agent',
  /** For a flow item: one line, so a description is one quoted scalar. */
  flow = false,
): string[] {
  const created = stampModel?.fieldSpans.get('created_at');
  const createdRaw = created ? text.slice(created.valueSpan.start, created.valueSpan.end) : '"';
  const idRaw = model?.shape === 'id-field' ? text.slice(model.idSpan.start, model.idSpan.end) : '';
  // A plain number as the others are (`- id: 3`), which the board reads as the id "3"; else quoted like the model's.
  const idText = /^\d+$/.test(idRaw) && /^\d+$/.test(id) ? id : quoteLike(idRaw, id);
  const head = model?.shape === 'id-field' ? [`id: ${idText}`, `title: ${JSON.stringify(title)}`] : [`${id}: ${JSON.stringify(title)}`];
  const lines = [
    ...head,
    `priority: ${task.priority ?? 'medium'}`,
    `${agentKey}:`,
    `status: ${first}`,
    `created_at: ${createdRaw === '' ? JSON.stringify(isoSeconds(now)) : quoteLike(createdRaw, isoSeconds(now))}`,
  ];
  const deps = (task.dependsOn ?? []).map((d) => d.trim()).filter((d) => d !== '');
  if (deps.length > 0) lines.push(`depends_on: [${deps.map(plainOrQuoted).join(', ')}]`);
  const description = task.description?.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  if (description) {
    if (description.includes('\n') && !flow) {
      // A first line that starts with spaces would set the block's indentation itself: give it explicitly.
      const firstLine = description.split('\n').find((l) => l.trim() !== '') ?? '';
      lines.push(/^\s/.test(firstLine) ? 'description: |2' : 'description: |');
      // Block scalar lines sit two spaces deeper than the field; blank lines stay blank.
      for (const l of description.split('\n')) lines.push(l.trim() === '' ? '' : `  ${l}`);
    } else {
      lines.push(`description: ${JSON.stringify(description)}`);
    }
  }
  return lines;
}

function indentBefore(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : '';
}

function fieldIndentOf(text: string, task: BoardTask): string {
  for (const [key, field] of task.fieldSpans) {
    if (key === task.id) continue;
    // As spaces: the first field may sit on the item's `- ` line (`- id: TASK_001`).
    return indentOf(text, field);
  }
  return indentBefore(text, task.span.start) + '  ';
}

/** The end of an item's characters, trailing blank lines and spaces left out. */
function contentEnd(text: string, span: { start: number; end: number }): number {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** Whether the board separates neighbouring items with a blank line (it does by default). */
function separatedByBlankLine(text: string, tasks: readonly BoardTask[]): boolean {
  for (let i = 1; i < tasks.length; i++) {
    const prev = tasks[i - 1]!;
    const next = tasks[i]!;
    if (prev.group !== next.group) continue;
    const between = text.slice(contentEnd(text, prev.span), next.span.start);
    return /\n[ \t]*\r?\n/.test(between);
  }
  return true;
}

/** A group with no task yet: inside its yaml block if it has one, else a new block under its heading or a new section. */
function insertIntoEmptyGroup(text: string, group: string, item: string, eol: string): TextEdit {
  const { headings, fences } = outlineOf(text);
  const fence = '```yaml' + eol + item + eol + '```';
  const at = headings.findIndex((h) => h.title.toLowerCase() === group.toLowerCase());
  const heading = headings[at];
  if (heading) {
    const sectionEnd = headings[at + 1]?.start ?? text.length;
    const open = fences.find((f) => f.yaml && f.start > heading.end && f.start < sectionEnd);
    if (open?.close !== undefined && open.close <= sectionEnd) return { start: open.close, end: open.close, newText: item + eol };
    return { start: heading.end, end: heading.end, newText: eol + eol + fence };
  }
  const section = `## ${group}` + eol + eol + fence + eol;
  const history = headings.find((h) => /^session history$/i.test(h.title));
  if (history) return { start: history.start, end: history.start, newText: section + eol };
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  return { start: text.length, end: text.length, newText: (needsBreak ? eol : '') + (text.length > 0 ? eol : '') + section };
}

interface Outline {
  /** `start`: where the heading's line starts; `end`: where it ends, before its line break. */
  readonly headings: readonly { readonly start: number; readonly end: number; readonly title: string }[];
  /** `start`: the opening line's start; `close`: the closing line's start, unset when the fence is never closed. */
  readonly fences: readonly { readonly start: number; readonly close?: number; readonly yaml: boolean }[];
}

/**
 * The board's headings and code fences, read line by line as markdown reads them: a `# Backlog` inside a fence is a
 * YAML comment, and one inside an HTML comment or the front matter is no heading either. A new block written under
 * such a line would open a fence inside the fence, and the board would read on as one block to its end.
 */
function outlineOf(text: string): Outline {
  const headings: { start: number; end: number; title: string }[] = [];
  const fences: { start: number; close?: number; yaml: boolean }[] = [];
  let fence: { start: number; run: string; yaml: boolean } | undefined;
  let inComment = false;
  for (let pos = frontMatterEnd(text); pos < text.length; ) {
    const end = lineEndAt(text, pos);
    const line = text.slice(pos, end);
    const start = pos;
    pos = text.indexOf('\n', end) + 1 || text.length;
    const body = line.replace(/^\ufeff?[ \t]*/, '');
    const shallow = line.length - body.length <= 3 + (line.startsWith('\ufeff') ? 1 : 0);
    if (fence) {
      // Closed by a run of its character at least as long as the one that opened it, and nothing after it.
      if (shallow && body.startsWith(fence.run) && new RegExp(`^${fence.run[0]}+[ \\t]*$`).test(body)) {
        fences.push({ start: fence.start, close: start, yaml: fence.yaml });
        fence = undefined;
      }
      continue;
    }
    if (inComment) {
      inComment = !body.includes('-->');
      continue;
    }
    const open = shallow ? /^(`{3,}|~{3,})(.*)$/.exec(body) : null;
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { start, run: open[1]!, yaml: /^[ \t]*ya?ml(?:[ \t]|$)/i.test(open[2]!) };
      continue;
    }
    if (body.startsWith('<!--')) {
      inComment = !body.slice(4).includes('-->');
      continue;
    }
    const heading = shallow ? /^#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(body) : null;
    if (heading) headings.push({ start, end, title: (heading[1] ?? '').trim() });
  }
  if (fence) fences.push({ start: fence.start, yaml: fence.yaml });
  return { headings, fences };
}
