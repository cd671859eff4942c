// Work logs (`*_WORK_LOG.md`, seed 002).
//
// Decisions:
// - Entry headings: the level of the shallowest heading that carries a date is
//   the entry level (when no heading has a date, the shallowest heading that is
//   neither the title nor a field), unless that level holds fewer than a
//   quarter of the dated headings of the level that holds most: a lone dated
//   `## Release` over `###` entries is one more entry. Every heading at that
//   level or above starts an entry, and so does a time-only heading (`### 14:32`) at any depth; it
//   takes its date from the nearest shallower dated heading. Deeper headings
//   that name a field (`### Task Summary`) are fields; other deeper headings
//   are part of the entry.
// - A heading with nothing under it that is followed by deeper entries (a
//   `## 2026-11-05` over `### 14:32` entries) is a date group, not an entry.
// - The file's first heading, when it is `# Something` without a date, is the
//   title; text under it before the first entry is a preamble, not an entry,
//   unless it holds fields. A dated `# Work Log - Session 2025-11-27` is the
//   title too when no other heading is at level 1: a log of `# 2026-01-01`
//   entries has several.
// - A list of dated items (`- 2026-11-07: TASK_001 fixed the migration`) is a
//   log kept as a list, each item an entry: outside any heading, and under a
//   heading with no date when the items are all its text (`## Backend` over
//   them groups them). Under a dated heading they are that entry's body.
// - Entry headings may carry the date in brackets, `#### [2025-10-07 10:15]
//   Title`; the brackets are not part of the summary.
// - Text after a `---` whose first line is a heading (`### Stream 2: ...`,
//   deeper than the entry level) is an entry under that heading.
// - `taskIds`: the ids the entry is about: those its heading names
//   (`## 2026-11-02 — Schema (TASK_001)`), else those its summary names. The
//   entry belongs to those tasks; other ids in it (`unblocks TASK_002`) are
//   only mentions.
// - `---` ends an entry. Non-blank text after it that no heading starts is an
//   entry of its own (heading ''). `text` directly followed by `---` is a
//   setext heading to markdown, but in a log it is a separator after the
//   entry's last line, and is read so (unless the text carries a date).
// - Fields are bold labels at the start of a line (`**Task Summary**: …`,
//   `**Task Summary:** …`, `1. **Task Summary**: …`, `- **API Changes**: …`) or
//   sub-headings (`### Task Summary`), outside code blocks. A field runs until
//   the next field or the end of the entry.
// - `summary`: the Task Summary field, else the heading without its date, else
//   (a bare `### 14:32`) the first line under it, else the heading as written;
//   an entry without a heading uses its first line.
// - An unreadable date is kept in `timeText`, `timestamp` stays undefined, and
//   an info `bad-timestamp` problem says so. So is an ambiguous one
//   (`03/04/2026`: 3 April day first, 4 March month first), whose problem
//   names both days: its heading starts an entry as a dated one does, but the
//   entry is not dated by a guess. Newest-first lists (the Work Log view, a
//   task's entries) put it after the dated entries, in file order, and it is
//   no sign of progress on a claim. Unless the log says which: in a log that
//   also has `## Day 12 — 18/09/2026` (and no month-first date with `/`),
//   `07/09/2026` is 7 September, dated, with no problem (`dateConvention`).
// - `mentionedIds`: upper-case words joined by `_` or `-` (`TASK_001`,
//   `TASK-001`, `AUTH_SYSTEM`), in order of first appearance. Tokens that are
//   no task's id (`UTF-8`) are harmless: linking looks ids up.
// - `taskIds`: the ids in the parentheses the heading ends with (`(TASK_005)`,
//   as appends write it), else the heading's, else ids of another shape
//   alone in those parentheses (`(auth-1)`, `(42)`), else the summary's. An append's
//   summary may name another task ("notes from the TASK_002 review"): that is
//   a mention, and does not make the entry TASK_002's (nor its claim fresh).
import type { ParsedWorkLog, Problem, SourceText, WorkLogEntry, WorkLogField } from '../model';
import { LineIndex } from '../text';
import { conflictRegions, parseConflictedLog } from '../conflicts/conflictMarkers';
import { frontMatterEnd } from '../board/frontMatter';
import { blockTokens, headingLevel } from '../checklist/markdownBlocks';
import { dateConvention, isoTimestamp, readTimestamp, type ReadTimestamp } from './readTimestamp';
import { workLogField } from './workLogFields';
import { asOneLine } from '../oneLine';
import { greatestOf, leastOf } from '../arrays';

interface Heading {
  readonly line: number;
  /** Lines the heading covers (2 for a setext heading). */
  readonly lines: number;
  readonly level: number;
  readonly text: string;
  readonly ts: ReadTimestamp | undefined;
  readonly field: WorkLogField | undefined;
}

interface Chunk {
  readonly heading: Heading | undefined;
  readonly start: number;
  end: number;
  readonly afterSeparator: boolean;
}

const ID_RE = /(?<![A-Za-z0-9_-])[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+(?![A-Za-z0-9_-])/g;
/** The first of them (ID_RE is global: its `exec` would carry on from the last match). */
const FIRST_ID_RE = new RegExp(ID_RE.source);
const BOLD_LABEL_RE = /^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(\*\*|__)([^*_\n]{2,60}?)\1[ \t]*(:?)[ \t]*(.*)$/;
const HEADING_LINE_RE = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/;

export function parseWorkLog(src: SourceText): ParsedWorkLog {
  // Git's conflict markers: both sides read, and each block an error (core/conflicts), as on a board.
  const regions = src.text.includes('<<<<<<<') ? conflictRegions(src.text) : [];
  return regions.length > 0 ? parseConflictedLog(src, regions, parseLogText) : parseLogText(src);
}

function parseLogText(src: SourceText): ParsedWorkLog {
  const { file, text } = src;
  const lines = new LineIndex(text);
  const startOf = (line: number): number => (line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lines.lineStart(line));
  /** The entry of lines `first` to `last`, its tasks read from its heading, summary and text. */
  const entryOf = (
    heading: string,
    timeText: string | undefined,
    timestamp: string | undefined,
    summary: string,
    fields: WorkLogEntry['fields'],
    first: number,
    last: number,
  ): WorkLogEntry => {
    const span = { start: startOf(first), end: lines.lineEnd(last) };
    const markdown = text.slice(span.start, span.end);
    const { taskIds, otherwiseIds } = taskIdsOf(heading, summary, markdown);
    const entry = { file, heading, timestamp, timeText, summary, fields, markdown, mentionedIds: mentionedIds(markdown), taskIds, span, line: first };
    return otherwiseIds ? { ...entry, otherwiseIds } : entry;
  };
  const lineText = (line: number): string => text.slice(startOf(line), lines.lineEnd(line));
  const isBlank = (line: number): boolean => lineText(line).trim() === '';

  const headings: Heading[] = [];
  const separators = new Set<number>();
  const codeLines = new Set<number>();
  const tokens = blockTokens(text);
  const convention = dateConvention(text);
  // YAML front matter (`---`, `title: …`, `---`) is the file's data, no entry: markdown reads its last key as a heading.
  const matterEnd = frontMatterEnd(text);
  const matterLast = matterEnd > 0 ? lines.lineAt(matterEnd) : -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.map || t.map[0] <= matterLast) continue;
    if ((t.type === 'fence' || t.type === 'code_block') && t.level === 0) {
      for (let l = t.map[0]; l < t.map[1]; l++) codeLines.add(l);
    } else if (t.type === 'hr' && t.level === 0) {
      separators.add(t.map[0]);
    } else if (t.type === 'heading_open' && t.level === 0) {
      const content = (tokens[i + 1]?.content ?? '').trim();
      const ts = readTimestamp(content, convention);
      // Text right above a `---` is a setext heading to markdown, but in a log the `---` is the rule between entries:
      // a heading only when it is one dated line (`2026-11-02 10:00 — Schema`, `Day 3 — 04/03/2026`), not an
      // entry's last lines or its field (`**Completed:** 2026-11-02 11:30`).
      const setextDash = t.markup === '-';
      if (setextDash && (!hasDate(ts) || content.includes('\n') || /^(?:\*\*|__)[^*_\n]+(?:\*\*|__)/.test(content))) {
        separators.add(t.map[1] - 1);
        continue;
      }
      const level = headingLevel(t);
      const field = ts ? undefined : workLogField(content.replace(/\*\*|__|:$/g, ''));
      headings.push({ line: t.map[0], lines: t.map[1] - t.map[0], level, text: content, ts, field });
    }
  }

  // Which headings start entries.
  const first = headings[0];
  const title =
    first && first.level === 1 && (!hasDate(first.ts) || !headings.some((h) => h !== first && h.level === 1)) ? first : undefined;
  const candidates = headings.filter((h) => h !== title && !h.field);
  const dated = candidates.filter((h) => h.ts?.date !== undefined || (h.ts?.unreadable && !h.ts.timeOnly));
  const entryLevel = datedEntryLevel(dated.map((h) => h.level)) ?? leastOf(candidates.map((h) => h.level));
  // Sections of one task each under a day's heading that names none (`## 2026-01-02` over `### TASK_001: Schema`).
  const taskSections = new Set<Heading>();
  let entryHeading: Heading | undefined;
  for (const h of headings) {
    if (h === title || h.field) continue;
    if (h.level <= entryLevel) entryHeading = h;
    else if (namesTask(h) && !(entryHeading && mentionedIds(entryHeading.text).length > 0)) taskSections.add(h);
  }
  const isBoundary = (h: Heading): boolean =>
    h === title || (!h.field && (h.level <= entryLevel || h.ts?.timeOnly === true || taskSections.has(h)));

  // Cut the file into chunks at boundary headings and separators.
  const chunks: Chunk[] = [];
  let current: Chunk = { heading: undefined, start: 0, end: lines.lineCount, afterSeparator: false };
  const headingAt = new Map(headings.map((h) => [h.line, h]));
  const boundaries = new Map<number, Heading>();
  for (const h of headings) if (isBoundary(h)) boundaries.set(h.line, h);
  for (let l = 0; l < lines.lineCount; l++) {
    const h = boundaries.get(l);
    if (h) {
      current.end = l;
      chunks.push(current);
      current = { heading: h, start: l, end: lines.lineCount, afterSeparator: false };
    } else if (separators.has(l)) {
      current.end = l;
      chunks.push(current);
      const next = firstNonBlank(l + 1, lines.lineCount - 1, isBlank);
      const opening = headingAt.get(next);
      const heading = opening && !opening.field && !boundaries.has(next) && !codeLines.has(next) ? opening : undefined;
      current = { heading, start: heading ? next : l + 1, end: lines.lineCount, afterSeparator: true };
    }
  }
  chunks.push(current);

  const entries: WorkLogEntry[] = [];
  const problems: Problem[] = [];
  const datesByLevel: (string | undefined)[] = [];
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const h = chunk.heading;
    const bodyStart = h ? chunk.start + h.lines : chunk.start;
    let last = -1;
    for (let l = chunk.end - 1; l >= bodyStart; l--) {
      if (!isBlank(l)) {
        last = l;
        break;
      }
    }
    const fields = readFields(bodyStart, last, lineText, codeLines, headingAt);

    let timestamp: string | undefined;
    if (h && h !== title) {
      // A heading closes the date context of its level and every deeper one.
      datesByLevel.length = Math.min(datesByLevel.length, h.level);
      if (h.ts?.date) datesByLevel[h.level] = h.ts.date;
    }
    if (h?.ts) {
      const date = h.ts.timeOnly ? nearestDate(datesByLevel, h.level) : h.ts.date;
      if (!h.ts.unreadable && date) timestamp = isoTimestamp(date, h.ts.time);
    } else if (h && taskSections.has(h)) {
      // `### TASK_002: API` under `## 2026-01-02`: the day it sits under.
      timestamp = nearestDate(datesByLevel, h.level);
    }

    const hasBody = last >= bodyStart;
    // A log kept as a list (`- 2026-11-07 10:00: TASK_001 fixed the migration`): each dated item is an entry. Under
    // a heading with no date of its own (`## Backend`), only when the items are all its text: it groups them.
    const listed = hasBody && Object.keys(fields).length === 0 && (h === undefined || h === title || (!h.ts && !taskSections.has(h)));
    const grouped = h !== undefined && h !== title;
    const items = listed ? datedItems(bodyStart, last, lineText, codeLines, convention, grouped ? isBlank : undefined) : [];
    if (items.length > 0) {
      for (const { line, last: end, heading: item } of items) {
        const timestamp = item.ts?.date ? isoTimestamp(item.ts.date, item.ts.time) : undefined;
        entries.push(entryOf(item.text, item.ts?.timeText, timestamp, summaryOf({}, item, ''), {}, line, end));
      }
      continue;
    }
    if (h === undefined || h === title) {
      if (!hasBody || (Object.keys(fields).length === 0 && !chunk.afterSeparator)) continue;
    } else if (last < bodyStart) {
      const next = chunks[c + 1]?.heading;
      if (next && next.level > h.level) continue; // a date group over deeper entries
    }

    if (h?.ts?.unreadable && h !== title) {
      const both = h.ts.ambiguous;
      problems.push({
        code: 'bad-timestamp',
        severity: 'info',
        message: both
          ? `${file}:${h.line + 1}: the date "${h.ts.timeText}" is ambiguous: ${both[0]} read day first, ${both[1]} read month first; ` +
            'it is shown as written and dates nothing (write it as YYYY-MM-DD)'
          : `${file}:${h.line + 1}: cannot read the date "${h.ts.timeText}"; it is shown as written`,
        span: { start: startOf(h.line), end: lines.lineEnd(h.line) },
        fixes: [],
      });
    }

    const isHeadingEntry = h !== undefined && h !== title;
    const first = isHeadingEntry ? chunk.start : firstNonBlank(bodyStart, last, isBlank);
    const endLine = Math.max(last, isHeadingEntry ? chunk.start + h.lines - 1 : first);
    const summary = summaryOf(fields, isHeadingEntry ? h : undefined, last >= bodyStart ? lineText(firstNonBlank(bodyStart, last, isBlank)) : '');
    entries.push(entryOf(isHeadingEntry ? h.text : '', isHeadingEntry ? h.ts?.timeText : undefined, timestamp, summary, fields, first, endLine));
  }
  return { kind: 'worklog', file, entries, problems };
}

/**
 * The top-level list items between lines `from` and `to` whose text starts with a readable date, each with its
 * text as a heading (its date read as a heading's is) and its last line: the lines indented under it are its own.
 * With `isBlank`, only when they are all the text there: none as soon as a line that is not blank is no item's.
 */
function datedItems(
  from: number,
  to: number,
  lineText: (line: number) => string,
  codeLines: ReadonlySet<number>,
  convention: ReturnType<typeof dateConvention>,
  isBlank?: (line: number) => boolean,
): { line: number; last: number; heading: Heading }[] {
  const items: { line: number; last: number; heading: Heading }[] = [];
  for (let l = from; l <= to; l++) {
    const line = lineText(l);
    const m = codeLines.has(l) ? null : /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(?!\[[ xX]\])(.*\S)/.exec(line);
    const ts = m ? readTimestamp(m[1]!, convention) : undefined;
    if (m && ts && ts.index === 0 && hasDate(ts)) {
      items.push({ line: l, last: l, heading: { line: l, lines: 1, level: 7, text: m[1]!, ts, field: undefined } });
    } else if (items.length > 0 && /^[ \t]+\S/.test(line) && items[items.length - 1]!.last === l - 1) {
      items[items.length - 1]!.last = l;
    } else if (isBlank && !isBlank(l)) {
      return [];
    }
  }
  return items;
}

/** Field values between `from` and `to` (inclusive lines). */
function readFields(
  from: number,
  to: number,
  lineText: (line: number) => string,
  codeLines: ReadonlySet<number>,
  headingAt: ReadonlyMap<number, Heading>,
): Partial<Record<WorkLogField, string>> {
  const fields: Partial<Record<WorkLogField, string>> = {};
  let open: { field: WorkLogField; parts: string[] } | undefined;
  const close = (): void => {
    if (!open) return;
    const value = dedent(open.parts).trim();
    const prior = fields[open.field];
    fields[open.field] = prior ? `${prior}\n\n${value}` : value;
    open = undefined;
  };
  for (let l = from; l <= to; l++) {
    const line = lineText(l);
    if (!codeLines.has(l)) {
      const h = headingAt.get(l);
      if (h && HEADING_LINE_RE.test(line)) {
        close();
        if (h.field) open = { field: h.field, parts: [] };
        continue;
      }
      const bold = BOLD_LABEL_RE.exec(line);
      const field = bold ? workLogField(bold[2]!.replace(/:$/, '')) : undefined;
      if (bold && field && (bold[3] === ':' || bold[2]!.trimEnd().endsWith(':') || bold[4] === '')) {
        close();
        open = { field, parts: [bold[4]!] };
        continue;
      }
    }
    open?.parts.push(line);
  }
  close();
  return fields;
}

function dedent(parts: readonly string[]): string {
  const rest = parts.slice(1).filter((p) => p.trim() !== '');
  const indent = leastOf(rest.map((p) => /^[ \t]*/.exec(p)![0].length));
  if (!Number.isFinite(indent) || indent === 0) return parts.join('\n');
  return [parts[0], ...parts.slice(1).map((p) => p.slice(Math.min(indent, /^[ \t]*/.exec(p)![0].length)))].join('\n');
}

function summaryOf(fields: Partial<Record<WorkLogField, string>>, h: Heading | undefined, firstLine: string): string {
  const summary = fields['Task Summary'];
  const field = summary === undefined ? undefined : asOneLine(summary);
  if (field) return field;
  if (h) {
    if (h.ts) {
      const rest = (h.text.slice(0, h.ts.index) + h.text.slice(h.ts.index + h.ts.timeText.length))
        .replace(/\[\s*\]|\(\s*\)/g, '')
        .replace(/^[\s\-–—:|·,]+|[\s\-–—:|·,]+$/g, '')
        .trim();
      if (rest) return rest;
      if (firstLine.trim()) return firstLine.trim();
    }
    return h.text;
  }
  return firstLine.trim();
}

/** Whether a heading carries a date, one day or two (an ambiguous `03/04/2026`): it is a dated heading either way. */
function hasDate(ts: ReadTimestamp | undefined): boolean {
  return ts?.date !== undefined || ts?.ambiguous !== undefined;
}

/**
 * Whether a heading starts with a task id and a colon or a dash (`### TASK_002: API`): under a day's heading that
 * names no task, an entry of its own, that task's, dated by the day; not a part of the day's entry given to its first
 * task.
 */
function namesTask(h: Heading): boolean {
  const lead = leadingId(h.text);
  return lead !== undefined && lead.at === 0 && /^(?:[ \t]*[:：—–-]|$)/.test(lead.rest);
}

/** The first id of `text` when no word in lower case comes before it (a date and `UTC` may), with the text after it. */
function leadingId(text: string): { id: string; at: number; rest: string } | undefined {
  const m = FIRST_ID_RE.exec(text);
  if (!m || /\p{Ll}/u.test(text.slice(0, m.index))) return undefined;
  return { id: m[0], at: m.index, rest: text.slice(m.index + m[0].length) };
}

/**
 * The entry level of a log whose dated headings are at `levels` (undefined when it has none): the shallowest level that holds them, unless it holds fewer than a
 * quarter of the dated headings of the level that holds most. A lone `## Release 2026-11-05` over `## Sprint 1` groups of
 * `### 2026-11-02 10:00` entries is one more entry, and does not make the sprints the entries.
 */
export function datedEntryLevel(levels: readonly number[]): number | undefined {
  if (levels.length === 0) return undefined;
  const counts = new Map<number, number>();
  for (const level of levels) counts.set(level, (counts.get(level) ?? 0) + 1);
  const most = greatestOf(counts.values());
  return leastOf([...counts].filter(([, n]) => n * 4 >= most).map(([level]) => level));
}

function nearestDate(datesByLevel: readonly (string | undefined)[], level: number): string | undefined {
  for (let l = Math.min(level - 1, datesByLevel.length - 1); l >= 0; l--) if (datesByLevel[l]) return datesByLevel[l];
  return undefined;
}

function firstNonBlank(from: number, to: number, isBlank: (line: number) => boolean): number {
  for (let l = from; l <= to; l++) if (!isBlank(l)) return l;
  return from;
}

function taskIdsOf(heading: string, summary: string, markdown: string): { taskIds: string[]; otherwiseIds?: string[] } {
  // A heading whose words start with an id and a colon (`— TASK_002: Fix encoding (UTF-8)`) is that task's: what its
  // closing parentheses say is about the work, not another task. Unless no task has that id (`— UTF-8: fix decoding
  // (TASK_002)`, an appended summary that starts so): the ids in the parentheses are kept for that case.
  const lead = leadingId(heading);
  if (lead && /^[ \t]*[:：]/.test(lead.rest)) {
    const inner = closingParentheses(lead.rest);
    // Only parentheses that hold nothing but ids, as appends write them: `(see TASK_001)` names no owner.
    const parts = inner === undefined ? [] : listedParts(inner);
    const otherwise = parts.every((p) => mentionedIds(p)[0] === p) ? parts.filter((id) => id !== lead.id) : [];
    return otherwise.length > 0 ? { taskIds: [lead.id], otherwiseIds: otherwise } : { taskIds: [lead.id] };
  }
  return { taskIds: ownIds(heading, summary, markdown) };
}

function ownIds(heading: string, summary: string, markdown: string): string[] {
  const inner = closingParentheses(heading);
  const own = inner === undefined ? [] : mentionedIds(inner);
  // A heading that ends in ids in parentheses (`— Spec notes from the TASK_002 review (TASK_005)`, as appends write
  // it) is about those; another id in its words is a mention.
  if (own.length > 0) return own;
  // A field naming the task (`**Task ID**: TASK_001`, `- **Task**: auth-1`).
  const field = TASK_FIELD.exec(markdown);
  const fielded = field ? [...mentionedIds(field[1]!), ...looseIds(field[1]!)] : [];
  if (fielded.length > 0) return [...new Set(fielded)];
  const named = mentionedIds(heading);
  if (named.length > 0) return named;
  // Ids of another shape (`auth-1`, `Task_7`, `42`, a checklist's `backend/build-api`), when the closing parentheses
  // hold only such ids.
  const loose = inner === undefined ? [] : looseIds(inner);
  return loose.length > 0 ? loose : mentionedIds(summary);
}

/** What the parentheses that end `heading` hold (`— Fix decoding (TASK_002)`); undefined when it ends otherwise. */
function closingParentheses(heading: string): string | undefined {
  return /\(([^()]*)\)[\s*_]*$/.exec(heading)?.[1];
}

/** The parts of a comma-separated list of ids, each trimmed and out of its backticks. */
function listedParts(inner: string): string[] {
  return inner.split(',').map((p) => p.trim().replace(/^`(.*)`$/, '$1'));
}

/** A line giving the entry's task as a field: `**Task ID**: TASK_001`, `- **Task:** auth-1`, `**Tasks**: …`, `**Related Task**: …`. */
const TASK_FIELD = /^[ \t]*(?:[-*+][ \t]+|\d{1,2}[.)][ \t]+)?\*\*(?:Tasks?(?:[ \t]*IDs?)?|Related[ \t]+Tasks?|Tickets?)[ \t]*:?\*\*[ \t]*:?[ \t]*(.+)$/im;

/**
 * The ids a heading's closing parentheses (or a task field) list when each one has no blank and has a digit, a `/`
 * (a checklist item's `agent/slug`) or two hyphens (a title's slug, `fix-login-bug`): `auth-1, 42`; else none.
 */
function looseIds(inner: string): string[] {
  const parts = listedParts(inner);
  const idLike = (p: string): boolean => /\d/.test(p) || p.includes('/') || /^[a-z0-9]+(?:-[a-z0-9]+){2,}(?:~\d+)?$/.test(p);
  return parts.every((p) => /^[A-Za-z0-9][A-Za-z0-9_.\/~-]*$/.test(p) && idLike(p)) ? parts : [];
}

/** Task-id-looking tokens in `markdown`, each once, in order of appearance. */
export function mentionedIds(markdown: string): string[] {
  return [...new Set(markdown.match(ID_RE) ?? [])];
}
