// A task file cut into the pieces a merge moves as wholes: each task (with the
// blank lines above it), each Session History line, each work-log entry, and
// every other line on its own. Concatenating the units gives the text back,
// byte for byte.
import type { FileKind, Span, Task } from '../model';
import { LineIndex } from '../text';
import { parseFile } from '../parseFile';

export interface MergeUnit {
  /** `task`: matched by id across sides; `entry`: a history line or log entry, matched by text; `line`: any other line. */
  readonly kind: 'task' | 'entry' | 'line';
  /** The task's id (made unique by position among equal ids), or the unit's text with `\n` line breaks. */
  readonly key: string;
  /** Blank lines (and a log's `---`) between this task or entry and the one above it, line breaks included. */
  readonly lead: string;
  /** From the first line's start to the last line's end, without its line break. */
  readonly body: string;
  /** The last line's break: '' at the end of the text. */
  readonly eol: string;
  readonly timestamp?: string;
  /** Whether the unit above it is of its kind (so `lead` is what separates two of them). */
  readonly afterSameKind?: boolean;
  /** Tasks: the parsed task (offsets into `source`) and where `body` starts in it. */
  readonly task?: Task;
  readonly source?: string;
  readonly bodyStart?: number;
}

interface Block {
  readonly kind: 'task' | 'entry';
  readonly span: Span;
  readonly key: string;
  readonly timestamp?: string;
  readonly task?: Task;
}

/** The units of `text` read as `kind` (a BOM, if any, already removed). */
export function mergeUnits(kind: FileKind, file: string, text: string): MergeUnit[] {
  return cut(text, blocksOf(kind, file, text), kind === 'worklog' ? SEPARATOR_OR_BLANK : BLANK);
}

const BLANK = /^[ \t]*$/;
const INDENTED_COMMENT = /^[ \t]+#/;
/** In a work log the `---` between two entries goes with the entry below it: appending an entry adds both. */
const SEPARATOR_OR_BLANK = /^(?:[ \t]*| {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*)$/;

function blocksOf(kind: FileKind, file: string, text: string): Block[] {
  if (kind === 'agent') return []; // merged by lines
  const parsed = parseFile(kind, { file, text });
  if (parsed.kind === 'board') {
    const board = parsed;
    const seen = new Map<string, number>();
    const tasks = board.tasks.map((task): Block => ({ kind: 'task', span: task.span, key: nthKey(seen, task.id), task }));
    const history = board.history.map((h): Block => ({ kind: 'entry', span: h.span, key: normalize(text.slice(h.span.start, h.span.end)), timestamp: h.timestamp?.replace(' ', 'T') }));
    return [...tasks, ...history].sort((a, b) => a.span.start - b.span.start);
  }
  if (parsed.kind === 'checklist') {
    // Checklist ids are already unique in a file (`~2` for a repeated title).
    return parsed.tasks.map((task): Block => ({ kind: 'task', span: task.span, key: task.id, task }));
  }
  if (parsed.kind === 'worklog') {
    return parsed.entries.map((e): Block => ({ kind: 'entry', span: e.span, key: normalize(e.markdown), timestamp: e.timestamp }));
  }
  return [];
}

/** `TASK_001`, then `TASK_001#2` for the second task with that id. */
function nthKey(seen: Map<string, number>, id: string): string {
  const n = (seen.get(id) ?? 0) + 1;
  seen.set(id, n);
  return n === 1 ? id : `${id}#${n}`;
}

export function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

function cut(text: string, blocks: readonly Block[], leadLine: RegExp): MergeUnit[] {
  const lines = new LineIndex(text);
  const units: MergeUnit[] = [];
  const lineCount = lines.lineCount;
  const lineBody = (l: number): string => text.slice(lines.lineStart(l), lines.lineEnd(l));
  // The last line's is what follows its body: nothing, or a lone `\r` the text ends with (kept, not dropped).
  const breakAfter = (l: number): string => text.slice(lines.lineEnd(l), l + 1 < lineCount ? lines.lineStart(l + 1) : text.length);
  let pending: number[] = []; // blank lines (and log separators) waiting to see whether a task or entry follows
  const flushPending = (): void => {
    for (const l of pending) units.push({ kind: 'line', key: lineBody(l), lead: '', body: lineBody(l), eol: breakAfter(l) });
    pending = [];
  };
  let b = 0;
  for (let l = 0; l < lineCount; l++) {
    while (b < blocks.length && lines.lineAt(blocks[b]!.span.start) < l) b++; // overlapping or inside a line already taken
    const block = blocks[b];
    if (block && lines.lineAt(block.span.start) === l) {
      let last = Math.max(l, lines.lineAt(Math.max(block.span.start, block.span.end - 1)));
      // An indented comment under a task's last field is the task's, though the parser ends the item before it.
      while (block.kind === 'task' && last + 1 < lineCount && INDENTED_COMMENT.test(lineBody(last + 1))) last++;
      const start = lines.lineStart(l);
      // Blank lines go with the unit below only between two of a kind (task after task, entry after
      // entry): the blank under a heading stays a line of its own, so two branches that each add
      // the first task or entry below it do not both carry it.
      const afterSameKind = units[units.length - 1]?.kind === block.kind;
      if (!afterSameKind) flushPending();
      const lead = pending.length > 0 ? text.slice(lines.lineStart(pending[0]!), start) : '';
      pending = [];
      units.push({
        kind: block.kind,
        key: block.key,
        lead,
        body: text.slice(start, lines.lineEnd(last)),
        eol: breakAfter(last),
        timestamp: block.timestamp,
        afterSameKind,
        task: block.task,
        source: block.task ? text : undefined,
        bodyStart: block.task ? start : undefined,
      });
      b++;
      l = last;
      continue;
    }
    if (leadLine.test(lineBody(l)) && l + 1 < lineCount) pending.push(l);
    else {
      flushPending();
      units.push({ kind: 'line', key: lineBody(l), lead: '', body: lineBody(l), eol: breakAfter(l) });
    }
  }
  flushPending();
  return units;
}

/** The tasks `text` holds, read as `kind` (only the parse: what a merged text is checked with). */
export function mergedTasks(kind: FileKind, file: string, text: string): readonly Task[] {
  if (kind !== 'board' && kind !== 'checklist') return [];
  return parseFile(kind, { file, text }).tasks;
}
