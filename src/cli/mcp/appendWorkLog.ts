// Appending one work-log entry in the shape seed 002 asks agents for: a
// timestamped heading naming the task, the nine bold-labelled fields, and a
// `---` between entries. The entry goes at the end of the file under the same
// lock as every other write; a log that does not exist yet is created whole
// (see createFileOnce), so a watcher never sees a half-written file (but for
// a moment an empty one, on a drive with no hard links).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WORK_LOG_FIELDS, type WorkLogField } from '../../core/model';
import { createFileOnce, lockedUpdate, WriteRefusedError } from '../../node/lockedWrite';
import { asOneLine, oneLineProblem, textProblem } from '../../core/oneLine';
import { blockTokens } from '../../core/checklist/markdownBlocks';
import { readTimestamp } from '../../core/worklog/readTimestamp';
import { datedEntryLevel, parseWorkLog } from '../../core/worklog/parseWorkLog';

export interface WorkLogInput {
  readonly taskId: string;
  /** The heading's short summary (a few words). */
  readonly summary: string;
  /** The nine fields; a list becomes bullet lines. Missing ones are written as "none". */
  readonly fields: Readonly<Partial<Record<WorkLogField, string | readonly string[]>>>;
}

export interface AppendedEntry {
  readonly file: string;
  readonly heading: string;
  /** 1-based line of the heading in the file after the append. */
  readonly line: number;
}

/** `## 2026-11-05 14:32 UTC — summary (TASK_001)`. */
export function workLogHeading(summary: string, taskId: string, now: Date): string {
  const iso = now.toISOString();
  return `## ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC — ${asOneLine(summary)} (${taskId.trim()})`;
}

/** The entry's lines (heading first), without separators around it. */
export function formatWorkLogEntry(input: WorkLogInput, now: Date): string[] {
  const lines = [workLogHeading(input.summary, input.taskId, now)];
  for (const label of WORK_LOG_FIELDS) {
    const value = input.fields[label];
    lines.push('');
    // Empty items are dropped: a bare `- ` under the label line would read as a setext underline, ending the entry.
    const items = Array.isArray(value) ? value.map(asOneLine).filter((item) => item !== '') : [];
    if (items.length > 0) {
      lines.push(`**${label}**:`);
      // `- ---` and `- * *` are rules, not items: the item's first mark is escaped then.
      for (const item of items) lines.push(inertLine(`- ${item}`) === `- ${item}` ? `- ${item}` : `- \\${item}`);
    } else {
      const text = typeof value === 'string' ? value.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n').trim() : '';
      // One line at a time: a spread of some 100,000 lines overflows the call stack.
      for (const line of `**${label}**: ${text === '' ? 'none' : text}`.split('\n')) lines.push(inertLine(line));
    }
  }
  return lines;
}

/**
 * A line of a field's text that markdown reads as text inside the field: a
 * line that would open a heading (`## 2026-… (TASK_009)`, a new entry), a
 * rule or setext underline (`---`, `===`: an entry's end), or a code fence
 * (which would swallow every entry after it) gets a backslash before its first
 * mark, which markdown shows as the mark itself.
 */
export function inertLine(line: string): string {
  return BLOCK_OPENER.test(line) ? line.replace(/^( {0,3})/, '$1\\') : line;
}

const BLOCK_OPENER = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|[-=]+[ \t]*$|(?:[*_][ \t]*){3,}$|(?:-[ \t]*){3,}$|`{3,}|~{3,})/;

/**
 * What appending to a log must follow: the level its dated entry headings are at (`### 2026-01-05 …` under
 * `## Sprint 1`; the shallowest below the title, as the log parser reads it), and a code fence the text leaves open
 * (a write cut short), which would swallow a new entry. Only heading and fence lines are looked at.
 */
export function logShape(text: string): { readonly entryLevel: number | undefined; readonly openFence: string | undefined } {
  let fence: string | undefined;
  const headings: { readonly level: number; readonly dated: boolean }[] = [];
  // A BOM before the first line hides none of its marks from the parser, nor from this look.
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  for (const m of body.matchAll(/^ {0,3}(`{3,}|~{3,}|#{1,6}(?=[ \t]))([^\n]*)/gm)) {
    const mark = m[1]!;
    const rest = m[2]!.replace(/\r$/, '');
    if (fence !== undefined) {
      if (mark[0] === fence[0] && mark.length >= fence.length && rest.trim() === '') fence = undefined;
    } else if (mark[0] === '`' || mark[0] === '~') {
      if (!(mark[0] === '`' && rest.includes('`'))) fence = mark;
    } else {
      headings.push({ level: mark.length, dated: isDated(rest) });
    }
  }
  // As the parser reads it: the first heading is the title when it is a `#` one, undated or the only `#` one; the
  // entries are at the level of the other dated headings that datedEntryLevel picks (`# Work Log` over
  // `# 2026-11-02 — Schema`: `#`).
  const [first] = headings;
  const title = first?.level === 1 && (!first.dated || !headings.some((h) => h !== first && h.level === 1)) ? first : undefined;
  const entryLevel = datedEntryLevel(headings.filter((h) => h !== title && h.dated).map((h) => h.level));
  return { entryLevel, openFence: fence };
}

/**
 * Whether a heading's text is dated as the parser reads a date (`2026-11-02`, `November 2, 2026`, `25/11/2026`), or
 * two (`02/11/2026`, ambiguous: still an entry heading, though its entry gets no timestamp).
 */
function isDated(heading: string): boolean {
  const read = readTimestamp(heading.trim());
  return read !== undefined && (read.date !== undefined || read.ambiguous !== undefined);
}

/**
 * The mark of a code fence at the top level of the log (not inside a list item or a quote, whose fence the next
 * line at the margin ends anyway) that runs to the end of the text unclosed, as markdown reads it; undefined when
 * there is none. Asked only when `logShape`'s look at the fence lines finds one left open.
 */
function openTopFence(text: string): string | undefined {
  const tokens = blockTokens(text);
  const last = [...tokens].reverse().find((t) => t.level === 0);
  if (last?.type !== 'fence' || !last.map) return undefined;
  const lines = text.replace(/^\ufeff/, '').split('\n');
  const end = last.map[1] - 1;
  const closing = new RegExp(`^ {0,3}${last.markup[0] === '~' ? '~' : '`'}{${last.markup.length},}[ \\t]*\\r?$`);
  return end > last.map[0] && closing.test(lines[end] ?? '') ? undefined : last.markup;
}

/**
 * The log's text with the entry appended, in the file's own line break, its heading at the log's entry level (the
 * entry is written at `##`). A fence the text leaves open is closed first. Returns the heading as written.
 */
export function withEntryAppended(text: string, entry: readonly string[]): { text: string; headingLine: number; heading: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const shape = logShape(text);
  const heading = shape.entryLevel !== undefined && shape.entryLevel !== 2 ? entry[0]!.replace(/^##/, '#'.repeat(shape.entryLevel)) : entry[0]!;
  const first = shape.openFence === undefined ? newestFirstAt(text) : undefined;
  if (first !== undefined) {
    // A log kept newest first: the entry goes above the newest one, apart from it as the log's entries are (a `---`
    // where they have one between them).
    const joined = [heading, ...entry.slice(1)].join('\n').replace(/\r\n?/g, '\n');
    const apart = first.ruled ? `${eol}---${eol}${eol}` : eol;
    const inserted = (eol === '\n' ? joined : joined.replace(/\n/g, eol)) + eol + apart;
    return { text: text.slice(0, first.at) + inserted + text.slice(first.at), headingLine: text.slice(0, first.at).split('\n').length, heading };
  }
  let body = text.replace(/\s+$/, '');
  // An earlier entry (a `## ` heading, or one at the log's own level) gets a `---` after it unless it already ends with one.
  const hasEntries = shape.entryLevel !== undefined || /^##[ \t]/m.test(body);
  // Every existing byte stays, trailing whitespace too: only line breaks are added, up to one blank line.
  let prefix = text;
  if (prefix !== '' && !prefix.endsWith('\n')) prefix += eol;
  const fence = shape.openFence === undefined ? undefined : openTopFence(text);
  if (fence !== undefined) {
    prefix += fence + eol;
    body = prefix.replace(/\s+$/, '');
  }
  const endsWithRule = /(^|\n)[ \t]*---[ \t]*$/.test(body);
  if (body !== '') {
    const breaks = (prefix.slice(body.length).match(/\n/g) ?? []).length;
    if (breaks < 2) prefix += eol;
  }
  if (hasEntries && !endsWithRule) prefix += '---' + eol + eol;
  const headingLine = prefix.split('\n').length;
  const joined = [heading, ...entry.slice(1)].join('\n').replace(/\r\n?/g, '\n');
  return { text: prefix + (eol === '\n' ? joined : joined.replace(/\n/g, eol)) + eol, headingLine, heading };
}

/**
 * Where a log kept newest first has its newest entry (its heading's start), and whether a `---` parts its first two
 * entries; undefined when its dated entries do not run newest first (two or more, each no newer than the one above).
 */
function newestFirstAt(text: string): { readonly at: number; readonly ruled: boolean } | undefined {
  const { entries } = parseWorkLog({ file: 'log', text });
  const dated = entries.filter((e) => e.timestamp !== undefined);
  if (dated.length < 2 || dated[0]!.timestamp === dated[dated.length - 1]!.timestamp) return undefined;
  for (let i = 1; i < dated.length; i++) if (dated[i]!.timestamp! > dated[i - 1]!.timestamp!) return undefined;
  const [newest, next] = entries;
  const between = next ? text.slice(newest!.span.start, next.span.start) : '';
  return { at: newest!.span.start, ruled: /^[ \t]*---[ \t]*\r?$/m.test(between) };
}

/** The text of `file` with the entry appended; `text` undefined: the file is new, and gets a title. */
export function workLogAppended(file: string, text: string | undefined, input: WorkLogInput, now: Date): AppendedEntry & { readonly text: string } {
  const entry = formatWorkLogEntry(input, now);
  const next = withEntryAppended(text ?? `# ${titleOf(file)}\n`, entry);
  return { file, heading: next.heading, line: next.headingLine, text: next.text };
}

/**
 * Why the entry cannot be written as asked (`taskId "x" holds a line break`),
 * or undefined. `args` are the tool's arguments by name: the id and summary go
 * on the heading's one line (the summary's spaces and line breaks fold), every
 * other text may span lines but holds no control character (a NUL would make
 * the whole log unreadable as text).
 */
export function unsafeWorkLogInput(args: Readonly<Record<string, unknown>>, labels: Readonly<Record<string, string>> = {}): string | undefined {
  for (const [name, value] of Object.entries(args)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'string') continue;
      const problem =
        name === 'taskId'
          ? (oneLineProblem(item) ?? (/^[^\s()]+$/.test(item.trim()) ? undefined : 'is not one task id (one word, with no blank or parenthesis)'))
          : name === 'file'
            ? oneLineProblem(item)
            : name === 'summary'
              ? oneLineProblem(asOneLine(item))
              : textProblem(item);
      // `labels`: what the caller calls an argument (the command line's "The task id" for `taskId`).
      if (problem) return `${labels[name] ?? name} ${JSON.stringify(item)} ${problem}`;
    }
  }
  return undefined;
}

/** Appends the entry to `file` (creating it with a title when missing or empty) under the file's lock; never outside `root`. */
export async function appendWorkLogEntry(file: string, input: WorkLogInput, now: Date, root?: string): Promise<AppendedEntry> {
  // A folder by the log's name: said as such, not as the file system's "illegal operation on a directory".
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new WriteRefusedError(file, 'it is a folder, not a work log');
  const entry = formatWorkLogEntry(input, now);
  const title = `# ${titleOf(file)}`;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const created = withEntryAppended(title + '\n', entry);
    if (createFileOnce(file, created.text)) return { file, heading: created.heading, line: created.headingLine };
  }
  return lockedUpdate(file, (text) => {
    // An empty log gets its title too: one made empty (`touch`), or one another writer is creating where there are
    // no hard links (createFileOnce's fallback makes it empty before its text is in).
    const next = withEntryAppended(text === '' ? `${title}\n` : text, entry);
    return { write: true, text: next.text, result: { file, heading: next.heading, line: next.headingLine } };
  }, { root });
}

/** `BACKEND_WORK_LOG.md` → `Backend Work Log`. */
function titleOf(file: string): string {
  return path
    .basename(file, '.md')
    .split('_')
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}
