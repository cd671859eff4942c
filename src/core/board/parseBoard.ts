// Reading a TODO.md board: one pass over the lines finds fences, headings,
// the Session History list and the task items; each item is then read on its
// own (parseItem), so one malformed item never hides another.
import type { BoardTask, HistoryEntry, ParsedBoard, Problem, SourceText, Span } from '../model';
import { conflictRegions, parseConflicted } from '../conflicts/conflictMarkers';
import { detectEol } from '../text';
import { FastItemReader } from './fastItem';
import { frontMatterEnd } from './frontMatter';
import { itemToTask } from './itemToTask';
import { eachProseLine, mayHoldMarkdownTasks, readMarkdownTasks } from './markdownTasks';
import { readItem } from './parseItem';
import { DEFAULT_LIFECYCLE, firstStatus, moveTarget, type Lifecycle } from '../lifecycleModel';
import { writtenStatus } from './statusWords';
import { looksLikeTaskId } from './taskId';

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const PIPE = 124;
const BACKTICK = 96;
const TILDE = 126;

const HISTORY_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/;

/** The run length of fence characters at `at` (0 when fewer than three). */
function fenceRun(text: string, at: number, end: number, char: number): number {
  let i = at;
  while (i < end && text.charCodeAt(i) === char) i++;
  return i - at >= 3 ? i - at : 0;
}

function isBlank(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

/** A heading's text without its `#`s (`## Backlog ##` → `Backlog`), or undefined when the line is not a heading. */
function headingText(text: string, at: number, end: number): string | undefined {
  let i = at;
  while (i < end && text.charCodeAt(i) === HASH) i++;
  const level = i - at;
  if (level < 1 || level > 6) return undefined;
  if (i < end && text.charCodeAt(i) !== SPACE && text.charCodeAt(i) !== TAB) return undefined;
  return text.slice(i, end).replace(/(?:^|\s+)#+\s*$/, '').trim();
}

/**
 * True when the column-0 line `- KEY: ...` at `at` may start a bare task item:
 * its key looks like a task id (`TASK_001`, `AUTH_SYSTEM`, `NOTE`) or is `id`.
 * Whether it is one is for `isBareTask`, once the item's lines are known.
 */
export function isBareItemStart(text: string, at: number, end: number): boolean {
  const key = bareItemKey(text, at, end);
  return key !== undefined && (key === 'id' || looksLikeTaskId(key));
}

function bareItemKey(text: string, at: number, end: number): string | undefined {
  if (text.charCodeAt(at) !== DASH || text.charCodeAt(at + 1) !== SPACE) return undefined;
  let k = at + 2;
  while (k < end && text.charCodeAt(k) === SPACE) k++;
  let colon = k;
  while (colon < end && text.charCodeAt(colon) !== 58) colon++;
  if (colon >= end) return undefined;
  return text.slice(k, colon);
}

/** An indented task field line: what turns a bullet such as `- AUTH: Login` into a task. */
const TASK_FIELD_LINE = /^[ \t]+(?:status|priority|assigned_agent|title)[ \t]*:/m;

/**
 * Whether the bare item `[start, end)` whose first line ends at `firstEnd`
 * (a line `isBareItemStart` accepted) is a task. Prose outside fences uses
 * capitals too (`- NOTE: keep the API stable`, `- TODO: ask Lucas`), so a key
 * counts as an id by itself only when it has a digit or a `_`/`-` separator
 * (`TASK_001`, `TASK-001`, `AUTH_SYSTEM`) or is `id`; any other key needs an
 * indented task field below it.
 */
export function isBareTask(text: string, start: number, firstEnd: number, end: number): boolean {
  const key = bareItemKey(text, start, firstEnd);
  if (key === undefined) return false;
  if (key === 'id' || (looksLikeTaskId(key) && /[\d_-]/.test(key))) return true;
  return looksLikeTaskId(key) && firstEnd < end && TASK_FIELD_LINE.test(text.slice(firstEnd, end));
}

/** How many bare one-line items a checkbox or table board may hold as notes (fewer than a packed slice's tasks). */
const MAX_BARE_NOTES = 64;

/** Bare `- KEY: text` lines on a checkbox or table board: read as notes, said once, on the first of them. */
function bareNotes(notes: readonly BoardTask[]): Problem {
  return {
    code: 'unrecognized-block',
    severity: 'info',
    message:
      `This board's tasks are its checkbox items or table rows; its ${notes.length} line(s) of the form "- ${notes[0]!.id}: ..." ` +
      'from here on are read as notes, not YAML tasks (a board is read in one shape).',
    span: notes[0]!.span,
    fixes: [],
  };
}

/**
 * A YAML board that also holds checkbox items outside its task items (a `## Quality Gates` list) reads them
 * as notes, not tasks: said once, as information on the first of them, so nobody wonders where they went.
 */
function checkboxNotes(text: string, file: string, tasks: readonly BoardTask[]): Problem | undefined {
  // Both lists are in text order (each is read top to bottom) and the tasks' spans do not overlap: one pass over
  // each, each span read once (a large board's tasks are sliced, and each read of a span makes one), where a search
  // of every task per checkbox made a 20,000-task board with 300 checkbox notes compare six million pairs.
  let next = 0;
  let span = tasks[0]?.span;
  const outside = readMarkdownTasks(text, file).tasks.filter((c) => {
    if (c.shape !== 'checkbox') return false;
    while (span && span.end <= c.span.start) span = tasks[++next]?.span;
    return !span || span.start >= c.span.end;
  });
  const first = outside[0];
  if (!first) return undefined;
  return {
    code: 'unrecognized-block',
    severity: 'info',
    message:
      `This board's tasks are its YAML items; its ${outside.length} checkbox item(s) from here on are read as notes, ` +
      'not tasks (a board is read in one shape).',
    span: first.checkbox!.span,
    fixes: [],
  };
}

/** A heading that names a task: an id (`TASK-001`, `[BE-2]`, `T12`), then a colon or a dash, then its title. */
const TASK_HEADING = /^#{2,6}[ \t]+\[?[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*\d[A-Za-z0-9]*\]?[ \t]*(?:[:：]|[ \t][-–—])[ \t]*\S/;
/** A status line under such a heading: `**Status:** In Progress`, `- **Status**: done`. */
const BOLD_STATUS = /^[ \t]*(?:[-*][ \t]+)?\*\*Status(?::\*\*|\*\*[ \t]*:)/i;

/**
 * A board that reads no task but holds sections named by a task id, each with a bold status line (`### TASK-001:
 * Set up CI` over `**Status:** ✅ Completed`): a shape agents write that is not read here. Said once, on the first such
 * heading, so an empty board is not taken for a board without work. Lines in code fences and HTML comments are not
 * read (eachProseLine).
 */
function headingTasksNote(text: string): Problem | undefined {
  if (!text.includes('**')) return undefined;
  let first: Span | undefined;
  let firstTitle = '';
  let count = 0;
  let open: { span: Span; body: string } | undefined;
  eachProseLine(text, 0, (at, line, body, shallow) => {
    if (shallow && /^#{1,6}[ \t]/.test(body)) open = TASK_HEADING.test(body) ? { span: { start: at, end: at + line.length }, body } : undefined;
    else if (open && BOLD_STATUS.test(line)) {
      count++;
      if (!first) {
        first = open.span;
        firstTitle = open.body.replace(/^#+[ \t]+/, '');
      }
      open = undefined;
    }
  });
  if (!first) return undefined;
  return {
    code: 'unrecognized-block',
    severity: 'warning',
    message:
      `${count} section(s) like "${firstTitle}" with a **Status:** line are not read as tasks: a board's tasks are YAML ` +
      'items, checkbox items or table rows. Nothing on this board is listed or moved until its tasks are written so.',
    span: first,
    fixes: [],
  };
}

/**
 * The fix that moves a yaml block's list to the margin, when the whole list is indented alike (`  - id: 1` under the
 * fence, its fields deeper): YAML reads the list the same either way, and at the margin its items are task items.
 * Every line of the block that is not blank or a comment must be indented at least as far as its first line, which
 * starts the list; those lines lose that many spaces, and nothing else changes. Undefined for any other block (a
 * `tasks:` mapping over a list, a tab in the indentation, a line left of the list).
 */
function atMargin(text: string, start: number, end: number): { readonly by: number; readonly fix: Problem['fixes'][number] } | undefined {
  let by: number | undefined;
  /** Where each line that is not blank starts, and how far it is indented. */
  const lines: { readonly at: number; readonly indent: number }[] = [];
  for (let at = start; at < end; ) {
    let next = text.indexOf('\n', at);
    if (next === -1 || next > end) next = end;
    let i = at;
    while (i < next && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (c === 9) return undefined;
    const blank = i === next || (c === 13 && i + 1 === next);
    if (!blank) {
      lines.push({ at, indent: i - at });
      if (c !== 35) {
        if (by === undefined) {
          // The first line that is not a comment starts the list.
          if (c !== 45 || !(text.charCodeAt(i + 1) === 32 || i + 1 === next)) return undefined;
          by = i - at;
          if (by === 0) return undefined;
        } else if (i - at < by) {
          return undefined;
        }
      }
    }
    at = next + 1;
  }
  if (by === undefined) return undefined;
  const width = by;
  // A comment left of the list's margin stays where it is; every other line loses the list's indentation.
  const edits = lines.filter((l) => l.indent >= width).map((l) => ({ start: l.at, end: l.at + width, newText: '' }));
  return { by, fix: { title: 'Move the list to the margin', edits, preferred: true } };
}

/**
 * A yaml fence of a board as parseBoard read it: what `reparseBoard` needs to
 * read one item of it again. `end` is where the closing line starts, or one
 * past the end of the text when the fence is never closed.
 */
export interface YamlFence {
  readonly start: number;
  readonly end: number;
  /** The fence's character (a backtick or a tilde) and how many of them open it. */
  readonly char: number;
  readonly len: number;
}

/** The yaml fences of each board read whole, with no conflict markers (see yamlFencesOf). */
const fencesByBoard = new WeakMap<ParsedBoard, readonly YamlFence[]>();

/**
 * The yaml fences of `board`, known when it was read here from a text without
 * conflict markers (a board that came from another thread or a conflict has none).
 */
export function yamlFencesOf(board: ParsedBoard): readonly YamlFence[] | undefined {
  return fencesByBoard.get(board);
}

/** `board`, known to have `fences`. */
export function withYamlFences(board: ParsedBoard, fences: readonly YamlFence[] | undefined): ParsedBoard {
  if (fences) fencesByBoard.set(board, fences);
  return board;
}

/**
 * Told of a board's tasks while they are read, one item at a time: what lets
 * the parse worker keep a large board's tasks in a compact form as it goes
 * (parsedTransfer.ts's TaskStream), instead of holding them all as objects
 * until the parse ends.
 */
export interface TaskSink {
  /**
   * `tasks` has grown by one. The sink may put in place of any task of it one
   * that reads the same; it is the array the parse returns.
   */
  grew(tasks: BoardTask[]): void;
}

/**
 * Reads a whole board. Offsets are into `src.text` exactly (a BOM counts).
 * Never throws on user text. `sink` is told of its YAML items' tasks as they
 * are read when the text has no conflict markers and `src` has the default
 * lifecycle: the tasks read under another lifecycle are made again after the
 * parse, and a conflicted text is read twice.
 */
export function parseBoard(src: SourceText, sink?: TaskSink): ParsedBoard {
  // Git's conflict markers: both sides read (core/conflicts). The search stops at the first '<' run it finds.
  const regions = src.text.includes('<<<<<<<') ? conflictRegions(src.text) : [];
  const lifecycle = src.lifecycle === DEFAULT_LIFECYCLE ? undefined : src.lifecycle;
  if (regions.length > 0) {
    const board = parseConflicted(src, regions, parseBoardText);
    return lifecycle ? underLifecycle(board, lifecycle) : board;
  }
  if (!lifecycle) return parseBoardText(src, sink);
  const board = parseBoardText(src);
  return withYamlFences(underLifecycle(board, lifecycle), yamlFencesOf(board));
}

/**
 * The board's statuses read under a repository's own lifecycle. Items are read
 * under the default one (the hot path stays as it is); a board of a repository
 * with its own lifecycle pays one pass over its tasks here.
 */
function underLifecycle(board: ParsedBoard, lifecycle: Lifecycle): ParsedBoard {
  return { ...board, tasks: board.tasks.map((task) => taskUnderLifecycle(task, lifecycle)) };
}

/** A task read under the default lifecycle, as read under `lifecycle`. */
export function taskUnderLifecycle(task: BoardTask, lifecycle: Lifecycle): BoardTask {
  if (task.shape === 'checkbox' || task.shape === 'table-row') return task; // read under it already (markdownTasks.ts)
  let status: string | undefined;
  if (task.statusText !== undefined) status = writtenStatus(task.statusText, lifecycle);
  else if (task.status !== undefined) status = task.status === 'todo' ? firstStatus(lifecycle) : moveTarget(lifecycle, 'claim');
  return status === task.status ? task : { ...task, status };
}

function parseBoardText(src: SourceText, sink?: TaskSink): ParsedBoard {
  const text = src.text;
  const file = src.file;
  const reader = new FastItemReader(text);
  const eol = detectEol(text);
  const tasks: BoardTask[] = [];
  const add = (task: BoardTask): void => {
    tasks.push(task);
    sink?.grew(tasks);
  };
  const problems: Problem[] = [];
  const history: HistoryEntry[] = [];
  let historyInsertAt: number | undefined;
  let group: string | undefined;
  let inHistory = false;
  /** The last line of the history's entries, so an indented line right below one continues it. */
  let historyLine = -2;

  let inFence = false;
  let fenceChar = 0;
  let fenceLen = 0;
  let fenceYaml = false;
  // A yaml fence that holds a list but no top-level `- ` item is said so, not dropped in silence.
  let fenceLineSpan = { start: 0, end: 0 };
  let fenceLine = 0;
  let fenceHasItem = false;
  let fenceHasNestedList = false;
  let fenceBodyStart = 0;
  const fences: YamlFence[] = [];
  /** Closes the open fence, whose closing line starts at `at` (one past the text's end when it has none). */
  const closeFence = (at: number): void => {
    if (fenceYaml) fences.push({ start: fenceBodyStart, end: at, char: fenceChar, len: fenceLen });
    if (fenceYaml && !fenceHasItem && fenceHasNestedList) {
      const dedent = atMargin(text, fenceBodyStart, Math.min(at, len));
      problems.push({
        code: 'unrecognized-block',
        severity: 'warning',
        message:
          `The yaml block on line ${fenceLine + 1} holds a list but no task items in the expected shape ` +
          '(top-level "- TASK_001: title" items at the start of the line); none of it is read as tasks.' +
          (dedent ? ` Its list is indented by ${dedent.by} spaces: at the margin, its items are read.` : ''),
        span: fenceLineSpan,
        fixes: dedent ? [dedent.fix] : [],
      });
    }
    inFence = false;
  };

  // The item being collected: [itemStart, itemEnd) ends at its last content line.
  let itemStart = -1;
  let itemEnd = -1;
  let itemLine = 0;
  let itemBare = false;
  let itemFirstEnd = -1;
  /** Whether every task read so far is a bare one-line item with no status (`- T-02: needs design review`). */
  let onlyBareNotes = true;
  /** The column of a front-matter item's `-`: `tasks:` may list its items indented (`  - id: BE-1`). */
  let itemIndent = 0;

  const flush = (): void => {
    if (itemStart < 0) return;
    if (itemBare && !isBareTask(text, itemStart + itemIndent, itemFirstEnd, itemEnd)) {
      itemStart = -1; // a prose bullet
      return;
    }
    const task = readItem(reader, file, group, { start: itemStart, end: itemEnd }, itemLine, eol, problems);
    if (task) {
      add(task);
      if (!itemBare || task.status !== undefined || itemFirstEnd < itemEnd) onlyBareNotes = false;
    }
    itemStart = -1;
  };

  // YAML front matter: only the items of its `tasks:` list are tasks (agent progress files keep them there,
  // next to other `- id:` lists such as `success_criteria:` that are not).
  const frontEnd = frontMatterEnd(text);
  let frontKey = '';
  /** The column of the `tasks:` list's dashes, once its first item is read. */
  let frontListIndent = -1;

  const len = text.length;
  let pos = 0;
  let line = 0;
  while (pos <= len) {
    if (inFence && fenceYaml && line > 0 && text.charCodeAt(pos) === DASH && text.charCodeAt(pos + 1) === SPACE) {
      // The usual item, read in one go with the lines after it up to the next item or the
      // fence's end (its lines are not looked at here first); otherwise read line by line below.
      fenceHasItem = true;
      flush();
      const resume = reader.readFenced(pos, fenceChar, fenceLen);
      if (resume >= 0) {
        const task = itemToTask(reader.item, file, group, { start: pos, end: reader.itemEnd }, line);
        if (task) {
          add(task);
          onlyBareNotes = false;
        }
        pos = resume;
        line += reader.itemLines;
        continue;
      }
    }
    const nl = text.indexOf('\n', pos);
    const next = nl === -1 ? len + 1 : nl + 1;
    let end = nl === -1 ? len : nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const s = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : pos;
    let i = s;
    while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    const c = i < end ? text.charCodeAt(i) : -1;

    if (inFence) {
      if (c === fenceChar && i - s <= 3 && fenceRun(text, i, end, fenceChar) >= fenceLen && isBlank(text, i + fenceRun(text, i, end, fenceChar), end)) {
        flush();
        closeFence(pos);
      } else if (fenceYaml) {
        if (i === s && c === DASH && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) {
          fenceHasItem = true;
          flush();
          itemStart = s;
          itemEnd = end;
          itemLine = line;
          itemBare = false;
        } else if (c !== -1 && c !== HASH && itemStart >= 0) {
          itemEnd = end;
        } else if (c === DASH && i > s && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) {
          fenceHasNestedList = true;
        }
      }
    } else if (pos < frontEnd) {
      if (itemStart >= 0 && itemBare && (c === -1 || i - s > itemIndent || (c === HASH && i > s))) {
        if (c !== -1) itemEnd = end;
      } else {
        flush();
        // The list's items are the dashes at its first item's column: a list nested in one of them is not.
        if (c === DASH && frontKey === 'tasks' && frontListIndent < 0) frontListIndent = i - s;
        if (c === DASH && frontKey === 'tasks' && i - s === frontListIndent && isBareItemStart(text, i, end)) {
          itemStart = s;
          itemEnd = end;
          itemLine = line;
          itemBare = true;
          itemFirstEnd = end;
          itemIndent = i - s;
        } else if (i === s && c !== -1 && c !== DASH && c !== HASH) {
          const colon = text.indexOf(':', s);
          frontKey = colon > s && colon < end ? text.slice(s, colon).trim() : '';
          frontListIndent = -1;
        }
      }
    } else {
      if (itemStart >= 0 && itemBare) {
        if (c === -1 || c === HASH && i > s) {
          // blank or indented comment: the item may go on
        } else if (i > s) {
          itemEnd = end;
          pos = next;
          line++;
          continue;
        } else {
          flush();
        }
      }
      const run = (c === BACKTICK || c === TILDE) && i - s <= 3 ? fenceRun(text, i, end, c) : 0;
      if (run && !(c === BACKTICK && text.slice(i + run, end).includes('`'))) {
        flush();
        inFence = true;
        fenceChar = c;
        fenceLen = run;
        const lang = text.slice(i + run, end).trim().split(/\s+/)[0]!.toLowerCase();
        fenceYaml = lang === 'yaml' || lang === 'yml';
        fenceLineSpan = { start: s, end };
        fenceLine = line;
        fenceHasItem = false;
        fenceHasNestedList = false;
        fenceBodyStart = next;
      } else if (c === HASH && i - s <= 3 && headingText(text, i, end) !== undefined) {
        flush();
        group = headingText(text, i, end);
        inHistory = /^session history$/i.test(group ?? '');
        if (inHistory) historyInsertAt = end;
      } else if (inHistory) {
        if ((c === DASH || c === 42) && i + 1 < end && text.charCodeAt(i + 1) === SPACE) {
          const entry = text.slice(i + 2, end).trim();
          const stamp = HISTORY_TIMESTAMP.exec(entry);
          history.push(stamp ? { text: entry, timestamp: stamp[0], span: { start: s, end } } : { text: entry, span: { start: s, end } });
          historyInsertAt = end;
          historyLine = line;
        } else if (c === PIPE || (c >= 48 && c <= 57 && /^\d{1,9}[.)][ \t]/.test(text.slice(i, i + 12))) || (i > s && c !== -1 && line === historyLine + 1)) {
          // A history kept as a numbered list or a table, or an entry's indented second line: a new line goes
          // after it, not above it. Other text (a footer, an HTML block) is not the history's.
          historyInsertAt = end;
          historyLine = line;
        }
      } else if (i === s && c === DASH && isBareItemStart(text, s, end)) {
        itemStart = s;
        itemEnd = end;
        itemLine = line;
        itemBare = true;
        itemFirstEnd = end;
        itemIndent = 0;
      }
    }
    pos = next;
    line++;
  }
  flush();
  if (inFence) {
    // An unclosed fence runs to the end of the file. Said, and the prose it took in (`Context: ...` under a heading
    // below the last item) is no field to indent into a task: those fixes are offered, never applied by fix-all.
    if (fenceYaml) {
      const opened = fenceLineSpan;
      for (let k = 0; k < problems.length; k++) {
        const p = problems[k]!;
        if (p.code === 'bad-indent' && p.span.start > opened.end) problems[k] = { ...p, fixes: p.fixes.map((f) => ({ ...f, preferred: false })) };
      }
      problems.push({
        code: 'unrecognized-block',
        severity: 'warning',
        message: `The yaml block on line ${fenceLine + 1} is never closed: every line below it, to the end of the file, is read as part of it. Close it after its last item.`,
        span: opened,
        fixes: [],
      });
    }
    closeFence(len + 1);
  }
  // One shape per file: a board with no YAML item may be a checkbox list or a task table (markdownTasks.ts). So may
  // one whose only YAML items are a few bare one-liners with no status (`- T-02: needs design review first`): those
  // are notes then, said once.
  const notes = onlyBareNotes && tasks.length <= MAX_BARE_NOTES ? tasks.slice() : undefined;
  if (notes && mayHoldMarkdownTasks(text)) {
    const read = readMarkdownTasks(text, file, src.lifecycle, src.blankedLines);
    if (notes.length === 0 || read.tasks.length > 0) {
      // Into the same array the sink was told of (fewer notes than it packs at a time: it has packed none), one at a
      // time: a spread of a large board's tasks or problems overflows the call stack.
      tasks.length = 0;
      for (const t of read.tasks) tasks.push(t);
      const inNote = (p: Problem): boolean => notes.some((t) => p.span.start < t.span.end && p.span.end > t.span.start);
      const kept = notes.length === 0 ? problems : problems.filter((p) => !inNote(p));
      for (const p of read.problems) kept.push(p);
      if (notes.length > 0) kept.push(bareNotes(notes));
      const unread = tasks.length === 0 ? headingTasksNote(text) : undefined;
      if (unread) kept.push(unread);
      kept.sort((a, b) => a.span.start - b.span.start);
      return { kind: 'board', file, tasks, problems: kept, history, historyInsertAt, eol, sections: read.sections, ...(read.areas ? { areas: read.areas } : {}), ...(read.droppedIds ? { droppedIds: read.droppedIds } : {}) };
    }
  }
  if (tasks.length > 0 && (text.includes('[ ]') || text.includes('[x]') || text.includes('[X]'))) {
    const notes = checkboxNotes(text, file, tasks);
    if (notes) problems.push(notes);
  }
  const unread = tasks.length === 0 ? headingTasksNote(text) : undefined;
  if (unread) problems.push(unread);
  return withYamlFences({ kind: 'board', file, tasks, problems, history, historyInsertAt, eol }, fences);
}
