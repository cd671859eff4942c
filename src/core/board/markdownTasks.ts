// Checkbox boards and task tables: the TODO.md shapes found most often in
// real repositories, read when a board holds no YAML task items.
//
// Decisions:
// - One shape per file. A board with YAML items is read as YAML only: its
//   checkboxes are acceptance criteria or notes, not tasks. Only a board
//   with no YAML item is read for checkboxes and tables.
// - Code fences, HTML comments and front matter hold no tasks (a fenced
//   example of the format, `<!--TOON:…-->` blocks).
// - Checkbox items: `- [ ]` / `- [x]` (any bullet or `1.`). A checkbox
//   indented under an open item is part of it (a subtask); so are the
//   indented lines below it. A column-0 line or a heading ends the item.
// - Status: the nearest enclosing heading that names a status (`## Done`,
//   `## Active / In Progress`, `## Recently Completed`; `headingStatus`)
//   when there is one (a level-1 heading counts only beside other status
//   headings and not over a deeper one for its own status: a lone `# TODO`
//   is the file's title, and so is `# TODO` over `## To Do`); otherwise
//   the box: `[x]` done, `[ ]` todo, and the nearest heading (a phase,
//   `### 3. Payments`) is only the group.
// - Id: one written at the start of the item (`t012`, `TASK-7`,
//   `BE-AUTH-01：`, `[BE-AUTH]`, `**P151 / …**`: a token with a digit run of
//   two or more or a `-`/`_` separator, or a lowercase letter and three
//   digits); otherwise the slug of the title, with `~2`, `~3` for repeats in
//   file order. The slug leaves out the box, the section and the agent, so
//   ticking, moving and editing other items keep an item's id; editing its
//   own title gives it a new one.
// - Agent: the first `@name` on the item's first line (`@marcus`).
// - Tables: a table whose header has a title column (Title, Task, Name,
//   Summary, Description; Feature, Story or User Story where no Title, Task,
//   Name, Summary or Item column names the row) and a Status, ID or owner
//   column, or that sits under a status heading: a `| Feature | Supported |`
//   matrix is no task table. Header words are matched loosely (case,
//   spaces, `_`). Status comes from the Status cell, else from the heading.
//   Rows whose title is empty or a dash (`| - | - |` placeholders) are not
//   tasks.
// - A table may be written without outer pipes (`ID | Task | Status`), as
//   GitHub renders it: such a line starts a table only over a separator of
//   as many cells (`--- | --- | ---`), so `Use a | b` over no separator is
//   text. Below the separator every line holding a pipe is a row, up to a
//   list item or a line without one (`tableLine` in tableCells.ts, which the
//   edits read tables with too). A move writes a cell in its row's style.
import { DEFAULT_LIFECYCLE, allStatuses, droppedStatus, firstStatus, isLegalMove, lastStatus, type Lifecycle } from '../lifecycleModel';
import type { BoardAreas, BoardSection, BoardTask, FieldSpan, Fix, ParsedBoard, Problem, Span, Status } from '../model';
import { slug } from '../checklist/parseChecklist';
import { readItemLine, struckOutNote, struckRunEnd } from '../checklist/itemLine';
import { frontMatterEnd } from './frontMatter';
import { agentNamed } from './agentValue';
import { checkboxMoveEdits } from './markdownEdits';
import { holderMention, withoutMentions } from './agentMention';
import { columnKeys, isSeparatorRow, rowCells, tableLine } from './tableCells';
import { detectEol, tickLike } from '../text';
import { sectionStatusBeyond } from '../checklist/sectionHeadings';
import { headingStatus, writtenStatus } from './statusWords';
import { looksLikeTaskId, markedId } from './taskId';

/**
 * The status headings a move of `task` goes under: those of the parent heading its own status heading sits under,
 * when the board has several (`ParsedBoard.areas`); else the board's.
 */
export function sectionsFor(board: ParsedBoard, task: BoardTask): ReadonlyMap<Status, BoardSection> | undefined {
  const areas = board.areas;
  if (!areas || task.section === undefined) return board.sections;
  let lo = 0;
  let hi = areas.at.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (areas.at[mid]! <= task.span.start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? board.sections : areas.sections[found];
}

export interface MarkdownTasks {
  readonly tasks: BoardTask[];
  readonly problems: Problem[];
  readonly sections: Map<Status, BoardSection>;
  /** Set when status headings sit under more than one parent heading (see ParsedBoard.areas). */
  readonly areas?: BoardAreas;
  /** See ParsedBoard.droppedIds. */
  readonly droppedIds?: readonly string[];
}

// Each may start after the file's BOM, on its first line.
const CHECKBOX_LINE = /^\ufeff?[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\](?:[ \t]|$)/m;
const TABLE_LINE = /^\ufeff?[ \t]{0,3}\|.*\|[ \t]*\r?$/m;
/** A separator line holding a pipe (`--- | ---`): every table has one, also one written without outer pipes. */
const SEPARATOR_LINE = /^\ufeff?[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*\|/m;

/** Whether the text may hold checkbox items or table rows (a cheap look before the full read). */
export function mayHoldMarkdownTasks(text: string): boolean {
  return CHECKBOX_LINE.test(text) || TABLE_LINE.test(text) || SEPARATOR_LINE.test(text);
}

interface Heading {
  readonly level: number;
  readonly title: string;
  readonly status: Status | undefined;
  /** A status the heading names that the lifecycle does not have (`## Blocked` under the default one). */
  readonly beyond?: Status;
  readonly span: Span;
}

interface OpenItem {
  readonly start: number;
  readonly line: number;
  readonly indent: number;
  end: number;
  readonly box: Span;
  readonly checked: boolean;
  /** The item's first line after the box, up to the line end. */
  readonly rest: Span;
  readonly headings: readonly Heading[];
}

interface Row {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

const EMPTY_CELL = /^[-–—]*$/;

/**
 * An id written at the start of a checkbox item (bare, in brackets, in emphasis or a code span), and where the title
 * starts after it. `plain`: written as a title's first word would be (no brackets, no marks, a blank and a word after
 * it), so it may be one (`UTF-8 decoding`).
 */
function writtenId(text: string, rest: Span): { id: string; span: Span; titleFrom: number; plain: boolean } | undefined {
  const line = text.slice(rest.start, rest.end);
  const m = /^((?:\*\*|__|`|\*|_)?)(\[?)([A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*)(\]?)(?=$|[\s:：.,;—–)*_`])/.exec(line);
  if (!m) return undefined;
  const token = m[3]!;
  const bracketed = m[2] === '[' && m[4] === ']';
  if (m[2] !== m[4].replace(']', '[')) return undefined; // an unbalanced bracket
  const digits = /\d{2,}/.test(token) || /[-_]/.test(token) || (/\d/.test(token) && bracketed);
  const isId = (digits && looksLikeTaskId(token.replace(/\./g, '_'))) || /^[a-z]\d{3,}(?:\.\d+)*$/.test(token) || (bracketed && looksLikeTaskId(token));
  if (!isId) return undefined;
  const at = rest.start + m[1]!.length + m[2]!.length;
  let titleFrom = rest.start + m[0].length;
  // `**T-008**: title`, `` `T-8`: title ``: the emphasis or the code span closes after the id.
  if (m[1] !== '' && text.startsWith(m[1]!, titleFrom)) titleFrom += m[1]!.length;
  while (titleFrom < rest.end && /[\s:：.,;—–)/-]/.test(text[titleFrom]!)) titleFrom++;
  const plain = m[1] === '' && m[2] === '' && titleFrom < rest.end && /^[ \t]+$/.test(text.slice(rest.start + m[0].length, titleFrom));
  return { id: token, span: { start: at, end: at + token.length }, titleFrom, plain };
}

/** How many checkbox items start with each plain written id (see writtenId), read line by line ahead of the parse. */
function plainIdsOf(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const item = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\][ \t]+/gm;
  for (let m = item.exec(text); m; m = item.exec(text)) {
    const start = m.index + m[0].length;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text[end - 1] === '\r') end--;
    const id = writtenId(text, { start, end });
    if (id?.plain) counts.set(id.id, (counts.get(id.id) ?? 0) + 1);
  }
  return counts;
}

function idSpanIn(cell: Span, lead: number, length: number): Span {
  return { start: cell.start + lead, end: cell.start + lead + length };
}

/** Where a completion stamp ending the item's first line starts (see readItemLine), if it has one. */
function stampStart(text: string, rest: Span): number | undefined {
  // Looked for within the item only: `indexOf` from its start read on to the end of the board for every item that has
  // no `(`, and a board of 100,000 such items took 2 s instead of 0.2.
  let paren = rest.start;
  while (paren < rest.end && text.charCodeAt(paren) !== 0x28) paren++;
  if (paren >= rest.end) return undefined;
  const lineStart = text.lastIndexOf('\n', rest.start - 1) + 1;
  return readItemLine(text.slice(lineStart, rest.end), lineStart)?.completed?.span.start;
}

/** A title for display: emphasis markers and the `@agent` left out, blanks collapsed. */
function cleanTitle(raw: string, struck = false): string {
  return withoutMentions(raw.replace(struck ? /\*\*|__|~~/g : /\*\*|__/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The status heading an item sits under (the nearest one), if any. */
function statusHeading(headings: readonly Heading[]): Heading | undefined {
  for (let i = headings.length - 1; i >= 0; i--) if (headings[i]!.status !== undefined) return headings[i];
  return undefined;
}

/** A heading naming a status the lifecycle lacks, when it is nearer an item than any status heading. */
function headingBeyond(headings: readonly Heading[]): Heading | undefined {
  for (let i = headings.length - 1; i >= 0; i--) {
    if (headings[i]!.status !== undefined) return undefined;
    if (headings[i]!.beyond !== undefined) return headings[i];
  }
  return undefined;
}

/** Reads a board's checkbox items and task tables. Offsets are into `text` exactly. Never throws. */
export function readMarkdownTasks(text: string, file: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE, blanked?: ReadonlySet<number>): MarkdownTasks {
  const done = lastStatus(lifecycle);
  const todo = firstStatus(lifecycle, 'checklist');
  const tasks: BoardTask[] = [];
  const problems: Problem[] = [];
  const sections = new Map<Status, BoardSection>();
  const sectionHeading = new Map<Status, Heading>();
  const idCounts = new Map<string, number>();
  /** Read on the first plain id: most boards have none. */
  let plainIdCounts: Map<string, number> | undefined;
  const derivedId = (title: string): string => {
    // At most 48 characters, cut at a word's end.
    const full = slug(title);
    const base = (full.length <= 48 ? full : full.slice(0, 49).replace(/-[^-]*$/, '')) || 'item';
    const n = (idCounts.get(base) ?? 0) + 1;
    idCounts.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  };
  // Status headings under parent headings (`## Backend` / `### In Progress`): each parent's own sections, so that
  // a move stays under the parent it was under. Keyed by the parent heading's start (-1: none).
  const areaSections = new Map<number, Map<Status, BoardSection>>();
  const areaOf = new Map<Heading, number>();
  /** Each status heading's start, in order, and its parent's key. */
  const statusHeadingAreas: [number, number][] = [];
  const noteInSection = (heading: Heading | undefined, end: number): void => {
    if (heading?.status === undefined) return;
    const area = areaOf.get(heading);
    // The first heading of its status in its area holds the section (its span is the section's own object).
    const own = area === undefined ? undefined : areaSections.get(area);
    if (own?.get(heading.status)?.heading === heading.span) own.set(heading.status, { heading: heading.span, insertAt: end });
    if (sectionHeading.get(heading.status) !== heading) return;
    sections.set(heading.status, { heading: heading.span, insertAt: end });
  };

  // Box/heading disagreements are reported once every section is known: their fix may move the item.
  const mismatched: [BoardTask, Heading][] = [];
  /** Headings naming a status the lifecycle lacks, with how many items they hold. */
  const beyondHeadings = new Map<Heading, number>();
  /** Level-1 status headings an item was read under as the file's title, not as its section (`# TODO` over phases). */
  const titles = new Set<Heading>();
  /** Boxes with a mark this reader does not take (`[/]`, `[-]`, `[~]`): said once, so nobody wonders where they went. */
  const oddBoxes: Span[] = [];
  /** Struck-out open items (`- [ ] ~~Add OAuth~~`) not read as tasks: the lifecycle has no final status to read them as. */
  const struckOut: Span[] = [];
  const dropped = droppedStatus(lifecycle);
  /** Their written ids: given out again, one would name two tasks. */
  const droppedIds: string[] = [];
  /** Table rows whose Status cell names another status than their heading. */
  const cellsOff: [BoardTask, Heading][] = [];
  let headings: Heading[] = [];
  let item: OpenItem | undefined;
  let rows: Row[] = [];

  /** Whether an item's headings hold one below `top` that is no status, at the level of another status heading. */
  const besideStatusSections = (headings: readonly Heading[], top: Heading): boolean => {
    const levels = new Set((allStatusHeadings ?? []).filter((x) => x.at !== top.span.start).map((x) => x.level));
    return headings.some((h) => h.level > top.level && h.status === undefined && h.beyond === undefined && levels.has(h.level));
  };

  const finishItem = (): void => {
    if (!item) return;
    const it = item;
    item = undefined;
    // A completion stamp (`(completed: 2026-01-02)`) is not the title's, as on a checklist: ticking an item and
    // stamping it keeps its id.
    const titleEnd = stampStart(text, it.rest) ?? it.rest.end;
    // Struck out whole and not ticked (`~~T-12: Add SSO~~`, `T-12: ~~Add SSO~~ (later)`), the item was dropped: read
    // as the lifecycle's final side status (cancelled), else not read as a task (`next` would offer it as a to-do).
    // Struck whole, its id is read inside the strike.
    const wholeStrike = it.checked ? undefined : struckRunEnd(text, it.rest.start, titleEnd);
    const found = writtenId(text, wholeStrike === undefined ? it.rest : { start: it.rest.start + 2, end: wholeStrike });
    // A plain id written on two items is a word their titles start with (`UTF-8 decoding`, `UTF-8 encoding`):
    // not an id, which a renumber would then rewrite.
    const written = found?.plain && (plainIdCounts ??= plainIdsOf(text)).get(found.id)! > 1 ? undefined : found;
    const strikeEnd = wholeStrike ?? (!it.checked && written ? struckRunEnd(text, written.titleFrom, titleEnd) : undefined);
    const struck = strikeEnd !== undefined;
    const title = cleanTitle(text.slice(written ? written.titleFrom : it.rest.start, titleEnd), struck);
    // A struck item's id is made from its struck words: a note added after them (`(later)`) keeps the id it had.
    const id = written ? written.id : derivedId(struck ? cleanTitle(text.slice(it.rest.start, strikeEnd), true) : title);
    // Under `## Blocked` on a board whose lifecycle has no blocked: listed as blocked, with the heading's error, as a
    // YAML item's `status: blocked` is; never as the to-do its box would say (`next` would offer it).
    const beyond = headingBeyond(it.headings);
    const nearest = beyond ? undefined : statusHeading(it.headings);
    // `# TODO` over `## Phase 1` beside `## Completed`: the phase is a section beside Completed, not one inside a To Do
    // section, and the `# TODO` above both is the file's title. The item's box says its status.
    const under = nearest && nearest.level === 1 && besideStatusSections(it.headings, nearest) ? undefined : nearest;
    if (nearest && !under) titles.add(nearest);
    if (struck && dropped === undefined) {
      struckOut.push({ start: it.rest.start, end: titleEnd });
      if (written) droppedIds.push(written.id);
      noteInSection(under, it.end);
      return;
    }
    const group = it.headings[it.headings.length - 1]?.title;
    const agent = holderMention(text.slice(it.rest.start, titleEnd))?.name;
    const status: Status = struck ? dropped! : (beyond?.beyond ?? under?.status ?? (it.checked ? done : todo));
    if (beyond) beyondHeadings.set(beyond, (beyondHeadings.get(beyond) ?? 0) + 1);
    const titleStart = written ? written.titleFrom : it.rest.start;
    const task: BoardTask = {
      kind: 'board',
      file,
      id,
      title,
      status,
      statusText: struck ? '~~struck out~~' : under ? under.title : beyond ? beyond.title : it.checked ? '[x]' : '[ ]',
      assignedAgent: agent,
      group,
      span: { start: it.start, end: it.end },
      line: it.line,
      shape: 'checkbox',
      fields: {},
      fieldSpans: new Map(),
      idSpan: written ? written.span : { start: titleStart, end: titleStart },
      titleSpan: { start: titleStart, end: titleEnd },
      checkbox: { span: it.box, checked: it.checked },
      statusFrom: under || beyond ? 'heading' : 'box',
      ...(under ? { section: under.status } : {}),
    };
    tasks.push(task);
    noteInSection(under, it.end);
    if (under && it.checked !== (status === done)) mismatched.push([task, under]);
  };

  const finishTable = (): void => {
    const table = rows;
    rows = [];
    if (table.length < 2) return; // a header and its separator: a table with no row yet still takes a moved one
    const header = rowCells(text, table[0]!.start, table[0]!.end);
    if (!isSeparatorRow(text, table[1]!.start, table[1]!.end)) return;
    const { keys, roles } = columnKeys(text, header);
    // Under `## Blocked` on a board whose lifecycle has no blocked: its rows are blocked, with the heading's error, as
    // checkbox items there are; never the to-do a cell may say (`next` would offer it).
    const beyond = headingBeyond(headings);
    const under = beyond ? undefined : statusHeading(headings);
    if (!roles.has('title') || !(roles.has('status') || roles.has('id') || roles.has('agent') || under)) return;
    const group = headings[headings.length - 1]?.title;
    const unsaid = !roles.has('status') && !under && !beyond;
    let listed = 0;
    const agentColumn = roles.get('agent');
    const agentKey = agentColumn === undefined ? undefined : keys[agentColumn]!;
    for (const row of table.slice(2)) {
      const cells = rowCells(text, row.start, row.end);
      const cellText = (role: string): string | undefined => {
        const at = roles.get(role);
        const cell = at === undefined ? undefined : cells[at];
        const value = cell ? text.slice(cell.content.start, cell.content.end) : '';
        return EMPTY_CELL.test(value) ? undefined : value;
      };
      const title = cellText('title');
      if (title === undefined) continue;
      const fields: Record<string, unknown> = {};
      const fieldSpans = new Map<string, FieldSpan>();
      cells.forEach((cell, i) => {
        const key = keys[i] ?? `column_${i + 1}`;
        if (fieldSpans.has(key)) return;
        // A `-` cell says "none": kept as a place to write, not as a value (a Dependencies cell of `-` names no task).
        const value = text.slice(cell.content.start, cell.content.end);
        if (!EMPTY_CELL.test(value)) fields[key] = value;
        fieldSpans.set(key, { key, keySpan: cell.span, valueSpan: cell.content, lineSpan: { start: row.start, end: row.end } });
      });
      const cellId = cellText('id');
      // An id cell written `**T-1**` or `` `T-1` `` names T-1: the marks are the cell's look, as in a title.
      const idMarks = cellId === undefined ? undefined : markedId(cellId);
      const written = idMarks ? idMarks.id : cellId;
      const statusCell = cellText('status');
      const status = beyond ? beyond.beyond : statusCell === undefined ? under?.status : writtenStatus(statusCell, lifecycle);
      if (beyond) beyondHeadings.set(beyond, (beyondHeadings.get(beyond) ?? 0) + 1);
      const titleSpan = fieldSpans.get('title')!.valueSpan;
      const task: BoardTask = {
        kind: 'board',
        file,
        id: written ?? derivedId(title),
        // A pipe escaped in a cell (`a \\| b`) is a pipe in its text, as GitHub shows it.
        title: cleanTitle(title).replace(/\\\|/g, '|'),
        status,
        statusText: beyond ? beyond.title : (statusCell ?? under?.title ?? group),
        priority: cellText('priority'),
        assignedAgent: agentColumn === undefined ? undefined : agentNamed(cellAgent(cellText('agent'))),
        group,
        span: { start: row.start, end: row.end },
        line: row.line,
        shape: 'table-row',
        fields,
        fieldSpans,
        idSpan: written === undefined ? { start: titleSpan.start, end: titleSpan.start } : idSpanIn(fieldSpans.get('id')!.valueSpan, idMarks?.lead ?? 0, written.length),
        titleSpan,
        statusFrom: statusCell !== undefined && !beyond ? 'cell' : 'heading',
        ...(under ? { section: under.status } : {}),
        ...(agentKey !== undefined && agentKey !== 'assigned_agent' ? { agentKey } : {}),
      };
      tasks.push(task);
      listed++;
      noteInSection(under, row.end);
      if (statusCell !== undefined && status === undefined && !beyond) problems.push(unknownCell(task, statusCell, lifecycle));
      // Judged at the end: the heading of the cell's status may come later in the file.
      if (under && status !== undefined && status !== under.status) cellsOff.push([task, under]);
    }
    // A row moved to this status goes after the table's last row, placeholders included.
    noteInSection(under, table[table.length - 1]!.end);
    if (unsaid && listed > 0) problems.push(statuslessTable(headings[headings.length - 1], table[0]!, listed));
  };

  const len = text.length;
  /** Every heading that names a status, read once the first level-1 one does (see statusHeadingsOf). */
  let allStatusHeadings: { readonly at: number; readonly level: number; readonly status: Status }[] | undefined;
  const frontEnd = frontMatterEnd(text);
  const frontLine = frontEnd > 0 ? countLines(text, frontEnd) : -1;
  let pos = frontEnd > 0 ? frontEnd : 0;
  let line = frontEnd > 0 ? frontLine : 0;
  let fence: { char: string; len: number } | undefined;
  let inComment = false;
  while (pos <= len) {
    const nl = text.indexOf('\n', pos);
    const next = nl === -1 ? len + 1 : nl + 1;
    let end = nl === -1 ? len : nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const s = pos === 0 && text.charCodeAt(0) === 0xfeff ? 1 : pos;
    let i = s;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    const indent = i - s;
    const blank = i === end;
    const lineNo = line;
    pos = next;
    line++;
    if (lineNo === frontLine) continue; // the closing `---`
    // A conflict's marker line, or the other side's, read as one side: not there (a blank would end a table).
    if (blank && blanked?.has(lineNo)) continue;
    if (inComment) {
      if (text.slice(i, end).includes('-->')) inComment = false;
      continue;
    }
    if (fence) {
      const close = new RegExp(`^[${fence.char}]{${fence.len},}[ \\t]*$`);
      if (indent <= 3 && close.test(text.slice(i, end))) fence = undefined;
      // An item's own fence (indented under it) is its lines, the closing one too: a move takes it whole.
      if (item && !blank && indent > item.indent) item.end = end;
      continue;
    }
    const open = indent <= 3 ? /^(`{3,}|~{3,})/.exec(text.slice(i, Math.min(end, i + 64))) : null;
    if (open && !(open[1]![0] === '`' && text.slice(i + open[1]!.length, end).includes('`'))) {
      finishTable();
      if (item && indent <= item.indent) finishItem();
      else if (item) item.end = end;
      fence = { char: open[1]![0]!, len: open[1]!.length };
      continue;
    }
    if (text.startsWith('<!--', i)) {
      if (!text.slice(i + 4, end).includes('-->')) inComment = true;
      continue;
    }
    if (indent <= 3 && text[i] === '#') {
      const h = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(text.slice(i, end));
      if (h) {
        finishItem();
        finishTable();
        const level = h[1]!.length;
        const title = (h[2] ?? '').trim();
        let status = headingStatus(title, lifecycle);
        // `# TODO` over a board is often its title: a level-1 heading is a section only beside other status headings,
        // and not over a deeper one for its own status (`# TODO` then `## To Do` is a title and a section).
        if (status !== undefined && level === 1) {
          allStatusHeadings ??= statusHeadingsOf(text, frontEnd > 0 ? frontEnd : 0, lifecycle);
          const others = allStatusHeadings.filter((x) => x.at !== s);
          if (others.length === 0 || others.some((x) => x.level > 1 && x.status === status)) status = undefined;
        }
        // (A level-1 heading without a status is the title; one below it without a status names none of the lifecycle's.)
        const beyond = status === undefined && level > 1 ? sectionStatusBeyond(title, lifecycle) : undefined;
        const heading: Heading = { level, title, status, ...(beyond ? { beyond } : {}), span: { start: s, end } };
        if (heading.status !== undefined && !sectionHeading.has(heading.status)) {
          sectionHeading.set(heading.status, heading);
          sections.set(heading.status, { heading: heading.span, insertAt: end });
        }
        headings = [...headings.filter((x) => x.level < level), heading];
        if (heading.status !== undefined) {
          const area = headings.length > 1 ? headings[headings.length - 2]!.span.start : -1;
          areaOf.set(heading, area);
          statusHeadingAreas.push([s, area]);
          let own = areaSections.get(area);
          if (!own) areaSections.set(area, (own = new Map()));
          if (!own.has(heading.status)) own.set(heading.status, { heading: heading.span, insertAt: end });
        }
        continue;
      }
    }
    const tableLineKind = indent <= 3 ? tableLine(text, i, end, rows) : undefined;
    if (tableLineKind !== undefined) {
      finishItem();
      if (tableLineKind === 'new') finishTable();
      rows.push({ start: s, end, line: lineNo });
      continue;
    }
    finishTable();
    const box = /^(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\](?=[ \t]|$)/.exec(text.slice(i, Math.min(end, i + 16)));
    if (box && !(item && indent > item.indent)) {
      finishItem();
      const boxAt = i + box[0].length - 3;
      let restStart = boxAt + 3;
      while (restStart < end && (text[restStart] === ' ' || text[restStart] === '\t')) restStart++;
      let restEnd = end;
      while (restEnd > restStart && (text[restEnd - 1] === ' ' || text[restEnd - 1] === '\t')) restEnd--;
      item = {
        start: i,
        line: lineNo,
        indent,
        end,
        box: { start: boxAt, end: boxAt + 3 },
        checked: box[1] !== ' ',
        rest: { start: restStart, end: restEnd },
        headings,
      };
      continue;
    }
    if (!(item && indent > item.indent) && isListMarker(text.charCodeAt(i))) {
      const odd = /^(?:[-*+]|\d{1,9}[.)])[ \t]+\[([-/~>!?])\](?=[ \t]|$)/.exec(text.slice(i, Math.min(end, i + 16)));
      if (odd) {
        const at = i + odd[0].length - 3;
        oddBoxes.push({ start: at, end: at + 3 });
      }
    }
    if (item) {
      if (blank) continue;
      if (indent > item.indent) item.end = end;
      else finishItem();
    }
  }
  finishItem();
  finishTable();
  // A level-1 heading read as a title over its items, with none of its own: no section for a move or an add to go to
  // (they would land under the title line, above every phase).
  for (const h of titles) if (sectionHeading.get(h.status!) === h && sections.get(h.status!)?.insertAt === h.span.end) sections.delete(h.status!);
  for (const h of titles) {
    const own = areaSections.get(areaOf.get(h)!);
    if (own?.get(h.status!)?.heading === h.span && own.get(h.status!)!.insertAt === h.span.end) own.delete(h.status!);
  }
  const areas: BoardAreas | undefined =
    areaSections.size > 1 ? { at: statusHeadingAreas.map(([at]) => at), sections: statusHeadingAreas.map(([, area]) => areaSections.get(area)!) } : undefined;
  if (oddBoxes.length > 0) problems.push(oddBoxNote(text, oddBoxes));
  if (struckOut.length > 0) problems.push(struckOutNote('', struckOut.length, struckOut[0]!));
  if (mismatched.length > 0) {
    // Read from the whole text once, not per item: a board can hold thousands of such items.
    const style = { eol: detectEol(text), tick: tickLike(text) };
    for (const [task, under] of mismatched) problems.push(boxMismatch(text, task, under, areaSections.get(areaOf.get(under)!) ?? sections, lifecycle, style));
  }
  for (const [task, under] of cellsOff) if (sections.has(task.status!)) problems.push(cellMismatch(task, under));
  for (const [heading, count] of beyondHeadings) problems.push(headingBeyondLifecycle(heading, count, lifecycle));
  return { tasks, problems, sections, ...(areas ? { areas } : {}), ...(droppedIds.length > 0 ? { droppedIds } : {}) };
}

function countLines(text: string, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** The file's spelling of a status heading: its text as written (`Recently Completed`). */
function where(heading: Heading): string {
  return `"${heading.title}"`;
}

function boxMismatch(
  text: string,
  task: BoardTask,
  under: Heading,
  sections: ReadonlyMap<Status, BoardSection>,
  lifecycle: Lifecycle,
  style: { readonly eol: string; readonly tick: string },
): Problem {
  const last = lastStatus(lifecycle);
  const oneStep = under.status !== undefined && isLegalMove(lifecycle, under.status, last, 'checklist');
  const box = task.checkbox!;
  const fixes: Fix[] = [];
  const eol = style.eol;
  if (box.checked) {
    // Ticking is the deliberate act; the move under the done heading is what was forgotten. From a to-do
    // heading that move would skip in progress, which enforcement puts back: not offered.
    const done = sections.get(last);
    if (done && oneStep) {
      fixes.push({ title: 'Move to the done section', edits: checkboxMoveEdits(text, task, last, sections, eol, undefined, lifecycle), preferred: true });
    }
    // Unticking would drop what the box says: offered, never applied by fix-all.
    fixes.push({ title: 'Untick', edits: [{ ...box.span, newText: '[ ]' }], preferred: false });
  } else {
    fixes.push({ title: 'Tick', edits: [{ ...box.span, newText: style.tick }], preferred: true });
  }
  return {
    code: 'section-status-mismatch',
    severity: 'warning',
    message: box.checked
      ? `${task.id} is ticked but sits under ${where(under)}, which means ${under.status}` +
        (oneStep ? '' : `; it goes under the in-progress heading first, then ${last}`)
      : `${task.id} sits under ${where(under)}, which means ${last}, but is not ticked`,
    span: box.span,
    taskId: task.id,
    fixes,
  };
}

function headingBeyondLifecycle(heading: Heading, count: number, lifecycle: Lifecycle): Problem {
  return {
    code: 'unknown-status',
    severity: 'error',
    message:
      `The heading "${heading.title}" means ${heading.beyond}, which is not one of ${allStatuses(lifecycle).join(', ')} ` +
      `(a repository may add it to its lifecycle in .agent-task-board.yml); its ${count} item(s) are listed as ${heading.beyond} and cannot be moved`,
    span: heading.span,
    fixes: [],
  };
}

function cellMismatch(task: BoardTask, under: Heading): Problem {
  const field = task.fieldSpans.get('status')!;
  return {
    code: 'section-status-mismatch',
    severity: 'warning',
    message: `${task.id}'s Status is "${task.statusText ?? ''}" (${task.status}) but it sits under ${where(under)} (${under.status})`,
    span: field.valueSpan,
    taskId: task.id,
    // Which of the two is right is the author's call: offered, never applied by fix-all.
    fixes: [{ title: `Set Status to ${under.title}`, edits: [{ ...field.valueSpan, newText: under.title }], preferred: false }],
  };
}

function statuslessTable(heading: Heading | undefined, header: Row, count: number): Problem {
  return {
    code: 'unknown-heading',
    severity: 'warning',
    message:
      `The table ${heading ? `under "${heading.title}" ` : ''}has no Status column and ${heading ? 'its heading is not a status' : 'no status heading'}; ` +
      `its ${count} row(s) are listed without a status. Add a Status column, or put the table under a heading such as "In Progress".`,
    span: heading?.span ?? { start: header.start, end: header.end },
    fixes: [],
  };
}

function unknownCell(task: BoardTask, written: string, lifecycle: Lifecycle): Problem {
  const field = task.fieldSpans.get('status')!;
  return {
    code: 'unknown-status',
    severity: 'warning',
    // Its fixes, in the table's own words, are lint's (lintBoard.ts): the parse does not know them yet.
    message: `Status "${written}" of ${task.id} is not a lifecycle status (${allStatuses(lifecycle).join(', ')}); the task is listed without one`,
    span: field.valueSpan,
    taskId: task.id,
    fixes: [],
  };
}

/**
 * Calls `visit` with each line of `text` from `from` on that lies outside code fences and HTML comments, as the main
 * loop reads lines: where it starts (past a BOM), the line without its line break, the line without its indentation,
 * and whether that indentation is three columns or less (a heading's or a fence's).
 */
export function eachProseLine(text: string, from: number, visit: (at: number, line: string, body: string, shallow: boolean) => void): void {
  let fence: { char: string; len: number } | undefined;
  let inComment = false;
  for (let pos = from; pos < text.length; ) {
    const at = pos === 0 && text.charCodeAt(0) === 0xfeff ? 1 : pos;
    const nl = text.indexOf('\n', pos);
    const line = text.slice(at, nl === -1 ? text.length : nl).replace(/\r$/, '');
    pos = nl === -1 ? text.length : nl + 1;
    const body = line.replace(/^[ \t]*/, '');
    const shallow = line.length - body.length <= 3;
    if (inComment) {
      if (body.includes('-->')) inComment = false;
      continue;
    }
    if (fence) {
      if (shallow && new RegExp(`^[${fence.char}]{${fence.len},}[ \\t]*$`).test(body)) fence = undefined;
      continue;
    }
    const open = shallow ? /^(`{3,}|~{3,})/.exec(body.slice(0, 64)) : null;
    if (open && !(open[1]![0] === '`' && body.slice(open[1]!.length).includes('`'))) {
      fence = { char: open[1]![0]!, len: open[1]!.length };
      continue;
    }
    if (body.startsWith('<!--')) {
      if (!body.slice(4).includes('-->')) inComment = true;
      continue;
    }
    visit(at, line, body, shallow);
  }
}

/**
 * The headings that name a status, from `from` on (eachProseLine: code fences and HTML comments hold none): where
 * each line starts, its level and its status. Read only when a level-1 heading names a status, to tell a board's
 * sections from its title.
 */
function statusHeadingsOf(text: string, from: number, lifecycle: Lifecycle): { at: number; level: number; status: Status }[] {
  const out: { at: number; level: number; status: Status }[] = [];
  eachProseLine(text, from, (at, _line, body, shallow) => {
    const h = shallow ? /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(body) : null;
    const status = h ? headingStatus((h[2] ?? '').trim(), lifecycle) : undefined;
    if (status !== undefined) out.push({ at, level: h![1]!.length, status });
  });
  return out;
}

/** `-`, `*`, `+` or a digit: a line that may be a list item. */
function isListMarker(c: number): boolean {
  return c === 45 || c === 42 || c === 43 || (c >= 48 && c <= 57);
}

/** Items whose box holds a mark other than a blank or an x (Obsidian's `[/]` in progress, `[-]` cancelled): not tasks here. */
function oddBoxNote(text: string, boxes: readonly Span[]): Problem {
  const first = boxes[0]!;
  return {
    code: 'unrecognized-block',
    severity: 'info',
    message:
      `${boxes.length} item(s) marked ${text.slice(first.start, first.end)} or alike are not read as tasks: a box here is ` +
      '[ ] or [x], and the heading above it gives the status (## In Progress).',
    span: first,
    fixes: [],
  };
}

/** An agent's cell as written (`@bob`, `` `bob` ``): the name in it, which agentNamed reads as a checkbox item's `@bob` is read. */
function cellAgent(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const code = /^`([^`]+)`$/.exec(text);
  return code ? code[1]!.trim() : text;
}
