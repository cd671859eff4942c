// Agent checklists (`.claude/tasks/<agent>-tasks.md`, seed 001).
//
// Structure comes from markdown-it block tokens (so a `- [ ]` inside a code
// fence is not an item); every offset is then read from the original text by
// line, so spans are exact whatever the line breaks.
//
// Decisions:
// - Sections: a level-2+ heading whose text is a known spelling (see
//   sectionHeadings.ts) starts that status's section. A deeper heading that is
//   not a known spelling (`### Phase 1` under `## To Do`) is a sub-group and
//   keeps the section. Any other heading starts an unknown section: its items
//   get no status, and the heading is flagged `unknown-heading` (a warning)
//   when it holds items. A level-1 heading is the file's title and ends any
//   section, unless it names a status beside other status headings, none of
//   them deeper naming its own (`# In Progress` … `# To Do`): then it is a
//   section, as on a board (board/markdownTasks.ts), and a heading under it
//   at the level of another status heading (`## Phase 2` beside
//   `## Completed`) is a section beside them, not its sub-group. Items before
//   any section heading have no status either, each flagged `no-section`.
// - Items: list items whose first line is `- [ ] text` / `- [x] text` / `[X]`
//   (any bullet, or `1.`). A checkbox item nested in another is a subtask
//   (`subtasks`, `depth`); a checkbox item nested only in plain bullets is a
//   top-level task.
// - An item's lines are those markdown gives its list item: its first line,
//   the lines indented under it, and column-0 text right under a line of it
//   (a lazy continuation: "Blocked: …" written on the next line). A blank
//   line then column-0 text, a thematic break (`---`), a heading or a sibling
//   bullet ends it: what follows is the section's text (a placeholder, a
//   footer), read and rendered outside the list, and stays put when the item
//   moves.
// - Notes: every non-blank line of an item that is not one of its subtasks
//   (continuation lines, plain bullets, later paragraphs). They are kept,
//   trimmed, in `notes`, and they move with the item.
// - Id: `<agent>/<slug of the title>`; the title excludes the completion
//   stamp (`(completed: …)`, see itemLine.ts) and keeps any other words in
//   parentheses (`(Done)`), so ticking an item or moving it between sections
//   keeps its id.
//   Two items with the same slug in one file get `~2`, `~3`… in file order.
// - `span` runs from the bullet to the end of the item's last non-blank line
//   (subtasks and notes included); `line` is the bullet's 0-based line.
// - Subtask status: `done` when ticked, else `todo` (a subtask has no section
//   of its own).
// - A file with no status heading at all (phases: `## Phase 1：MVP`,
//   `#### [BE-AUTH] 认证模块`) reads each item's status from its box, `[x]`
//   done and `[ ]` todo, as boards do (board/markdownTasks.ts); its group is
//   the nearest heading, and no heading is flagged. One status heading
//   anywhere makes the file sectioned, and the rules above apply.
import { DEFAULT_LIFECYCLE, droppedStatus, firstStatus, lastStatus } from '../lifecycleModel';
import type { ChecklistTask, ParsedChecklist, Problem, SourceText, Span, Status } from '../model';
import { conflictRegions, parseConflicted } from '../conflicts/conflictMarkers';
import { LineIndex, detectEol } from '../text';
import { readItemLine, struckOutNote, struckRunEnd, type ItemLine } from './itemLine';
import { blockTokens, headingLevel } from './markdownBlocks';
import { CANONICAL_SECTION_TITLES, sectionStatus } from './sectionHeadings';

interface Section {
  readonly status: Status | undefined;
  readonly title: string;
  /** The heading's lines (both lines of a setext heading). */
  readonly span: Span;
  /** The heading's text characters, for the rename fixes. */
  readonly textSpan: Span;
  readonly level: number;
  itemCount: number;
}

interface RawItem {
  readonly line: number;
  /** Line after the item's markdown range (markdown-it's `map[1]`). */
  readonly endLine: number;
  readonly parts: ItemLine;
  readonly parent: RawItem | undefined;
  readonly section: Section | undefined;
  /** The nearest heading above the item (a phase, `#### [BE-AUTH] 认证模块`), when it is not a status. */
  readonly heading: string | undefined;
  readonly children: RawItem[];
}

/** The agent a checklist file belongs to: its name's prefix before `-tasks.md`. */
export function checklistAgent(file: string): string {
  let base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  try {
    base = decodeURIComponent(base);
  } catch {
    // a stray `%` in a plain path: keep the name as it is
  }
  const m = /^(.*)-tasks\.md$/i.exec(base);
  return m ? m[1]! : base.replace(/\.md$/i, '');
}

export function parseChecklist(src: SourceText): ParsedChecklist {
  if (src.text.includes('<<<<<<<')) {
    const regions = conflictRegions(src.text);
    if (regions.length > 0) return parseConflicted(src, regions, parseChecklistText);
  }
  return parseChecklistText(src);
}

function parseChecklistText(src: SourceText): ParsedChecklist {
  const { file, text } = src;
  const lifecycle = src.lifecycle ?? DEFAULT_LIFECYCLE;
  const agent = checklistAgent(file);
  const lines = new LineIndex(text);
  // Line 0 starts after a BOM: the BOM is the file's, never part of an item or heading.
  const startOf = (line: number): number => (line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lines.lineStart(line));
  const lineText = (line: number): string => text.slice(startOf(line), lines.lineEnd(line));
  const isBlank = (line: number): boolean => lineText(line).trim() === '';

  const tokens = blockTokens(text);
  const sections: Section[] = [];
  const items: RawItem[] = [];
  const stack: (RawItem | undefined)[] = [];
  let section: Section | undefined;
  let nearest: string | undefined;

  // Every heading that names a status, for telling a level-1 section from the file's title.
  const statusHeadings: { readonly token: number; readonly level: number; readonly status: Status }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'heading_open' || token.level !== 0) continue;
    const status = sectionStatus((tokens[i + 1]?.content ?? '').trim(), src.lifecycle);
    if (status !== undefined) statusHeadings.push({ token: i, level: headingLevel(token), status });
  }
  const statusLevels = new Set(statusHeadings.map((h) => h.level));

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open' && token.level === 0 && token.map) {
      const level = headingLevel(token);
      const title = (tokens[i + 1]?.content ?? '').trim();
      const status = sectionStatus(title, src.lifecycle);
      if (level === 1) {
        // `# To Do` is a section beside other status headings, unless one deeper names its status (`# TODO` over
        // `## To Do`); alone it is the file's title. Boards read it so too (board/markdownTasks.ts).
        const others = statusHeadings.filter((h) => h.token !== i);
        if (status === undefined || others.length === 0 || others.some((h) => h.level > 1 && h.status === status)) {
          section = undefined;
          nearest = undefined;
          continue;
        }
      }
      nearest = title;
      // A deeper heading naming no status is a sub-group of its section; under a level-1 section, not at a level other
      // status headings have: there it is a section beside them (`## Phase 2` beside `## Completed`).
      const subGroup = section !== undefined && section.level < level && !(section.level === 1 && statusLevels.has(level));
      if (status === undefined && subGroup) continue;
      section = {
        status,
        title,
        span: { start: startOf(token.map[0]), end: lines.lineEnd(Math.max(token.map[0], token.map[1] - 1)) },
        textSpan: headingTextSpan(text, lines, token.map[0], token.markup.startsWith('#')),
        level,
        itemCount: 0,
      };
      sections.push(section);
    } else if (token.type === 'list_item_open' && token.map) {
      const parts = readItemLine(lineText(token.map[0]), startOf(token.map[0]));
      if (!parts) {
        stack.push(undefined);
        continue;
      }
      const parent = findLast(stack);
      const item: RawItem = { line: token.map[0], endLine: token.map[1], parts, parent, section, heading: nearest, children: [] };
      stack.push(item);
      if (parent) parent.children.push(item);
      else {
        items.push(item);
        if (section) section.itemCount++;
      }
    } else if (token.type === 'list_item_close') {
      stack.pop();
    }
  }

  const lastLineOf = (from: number, endExclusive: number): number => {
    let last = from;
    for (let l = from + 1; l < endExclusive; l++) if (!isBlank(l)) last = l;
    return last;
  };

  const idCounts = new Map<string, number>();
  const makeId = (title: string): string => {
    const base = `${agent}/${slug(title)}`;
    const n = (idCounts.get(base) ?? 0) + 1;
    idCounts.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  };

  // Struck out and not ticked (`- [ ] ~~Add OAuth~~`), an item was dropped: read as the lifecycle's final side status
  // (cancelled), else not read as a task, said once (`next` would offer it as a to-do).
  const dropped = droppedStatus(lifecycle);
  const struck = (item: RawItem): boolean => !item.parts.checked && struckRunEnd(item.parts.title, 0, item.parts.title.length) !== undefined;

  const build = (item: RawItem, depth: number, top: RawItem): ChecklistTask => {
    const last = lastLineOf(item.line, item.endLine);
    const words = item.parts.title;
    const strikeEnd = depth === 0 && !item.parts.checked ? struckRunEnd(words, 0, words.length) : undefined;
    const gone = strikeEnd !== undefined;
    const unstruck = (part: string): string => part.replace(/~~/g, '').replace(/\s+/g, ' ').trim();
    const title = gone ? unstruck(words) : words;
    // A struck item's id is made from its struck words: a note added after them (`(later)`) keeps the id it had.
    const id = makeId(gone ? unstruck(words.slice(0, strikeEnd)) : title);
    const childLines = new Set<number>();
    for (const child of item.children) for (let l = child.line; l < child.endLine; l++) childLines.add(l);
    const notes: string[] = [];
    for (let l = item.line + 1; l <= last; l++) {
      if (!childLines.has(l) && !isBlank(l)) notes.push(lineText(l).trim());
    }
    const subtasks = item.children.map((child) => build(child, depth + 1, top));
    const sec = top.section;
    const fromBox = depth === 0 && byBox;
    const status: Status | undefined = gone ? dropped : depth === 0 && !fromBox ? sec?.status : item.parts.checked ? lastStatus(lifecycle) : firstStatus(lifecycle, 'checklist');
    const task: ChecklistTask = {
      kind: 'checklist',
      file,
      id,
      title,
      status,
      statusText: gone ? '~~struck out~~' : depth === 0 && !fromBox ? sec?.title : item.parts.checked ? '[x]' : '[ ]',
      assignedAgent: agent,
      group: fromBox ? top.heading : sec?.title,
      span: { start: item.parts.bulletStart, end: lines.lineEnd(last) },
      line: item.line,
      agent,
      checked: item.parts.checked,
      completedDate: item.parts.completed?.date,
      checkboxSpan: item.parts.checkbox,
      sectionSpan: sec?.span,
      notes,
      subtasks,
      depth,
    };
    return fromBox ? { ...task, statusFromBox: true } : task;
  };

  // A file with no status heading at all (its headings are phases, `## Phase 1：MVP`): each box is its item's status.
  const byBox = !sections.some((s) => s.status !== undefined);
  const struckOut = dropped === undefined ? items.filter(struck) : [];
  const read = struckOut.length > 0 ? items.filter((item) => !struck(item)) : items;
  const tasks = read.map((item) => build(item, 0, item));

  const problems: Problem[] = [];
  if (struckOut.length > 0) {
    const first = struckOut[0]!;
    problems.push(struckOutNote(`${file}:${first.line + 1}: `, struckOut.length, { start: first.parts.bulletStart, end: lines.lineEnd(first.line) }));
  }
  const sectionSpans = new Map<Status, Span>();
  for (const s of sections) {
    if (s.status !== undefined) {
      if (!sectionSpans.has(s.status)) sectionSpans.set(s.status, s.span);
    } else if (s.itemCount > 0 && !byBox) {
      problems.push(unknownHeading(file, s));
    }
  }
  // An item above every section (or after a title that ends them) has no status: said, as under an unknown heading,
  // rather than listed as `[?]` with nothing to say why. Which section it belongs in is the author's call.
  if (!byBox) {
    tasks.forEach((task, i) => {
      const item = read[i]!; // tasks are the items read, built one for one
      if (task.status !== undefined || item.section !== undefined) return;
      problems.push({
        code: 'no-section',
        severity: 'warning',
        message: `${file}:${task.line + 1}: "${task.title}" sits under no checklist section, so it has no status; move it under To Do, In Progress or Completed`,
        span: { start: item.parts.bulletStart, end: lines.lineEnd(task.line) },
        taskId: task.id,
        fixes: [],
      });
    });
  }
  return { kind: 'checklist', file, agent, tasks, problems, sections: sectionSpans, eol: detectEol(text) };
}

function unknownHeading(file: string, s: Section): Problem {
  return {
    code: 'unknown-heading',
    severity: 'warning',
    message:
      `${file}: heading "${s.title}" is not a checklist section (In Progress, To Do, Completed); ` +
      `the ${s.itemCount} item(s) under it have no status`,
    span: s.span,
    // No preferred fix: which section was meant is the author's call.
    fixes: CANONICAL_SECTION_TITLES.map(([, title]) => ({
      title: `Rename to "${title}"`,
      edits: [{ ...s.textSpan, newText: title }],
    })),
  };
}

/** The heading's text characters: after `## ` and before closing `#`s, or a setext heading's first line. */
function headingTextSpan(text: string, lines: LineIndex, line: number, atx: boolean): Span {
  let start = lines.lineStart(line);
  if (text.charCodeAt(start) === 0xfeff) start++;
  const end = lines.lineEnd(line);
  const raw = text.slice(start, end);
  if (!atx) {
    const lead = raw.length - raw.trimStart().length;
    return { start: start + lead, end: start + raw.trimEnd().length };
  }
  const open = /^[ \t]*#{1,6}[ \t]*/.exec(raw)?.[0].length ?? raw.length - raw.trimStart().length;
  const body = raw.slice(open).replace(/[ \t]+#+[ \t]*$/, '').replace(/^#+[ \t]*$/, '').trimEnd();
  return { start: start + open, end: start + open + body.length };
}

function findLast<T>(stack: readonly (T | undefined)[]): T | undefined {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i] !== undefined) return stack[i];
  return undefined;
}

/** Lowercase letters and digits joined by `-`; `item` when nothing is left. */
export function slug(title: string): string {
  const s = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return s.length > 0 ? s.slice(0, 80).replace(/-+$/, '') : 'item';
}
