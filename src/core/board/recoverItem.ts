// The tolerant line scan for items that are not valid YAML. It recovers what
// a person would read (id, title, status, fields) so the task is still listed,
// and names EVERY mistake that broke the item, each on its own line with its
// own minimal fix: a shorthand line, an unquoted `: `, a tab, a field at the
// wrong depth. What is still not YAML once all those fixes are made is
// reported with yaml's own message. One problem per mistake means that fixing
// any one of them leaves the file with one problem fewer, never the same count
// with the next mistake surfacing in its place.
import type { FieldSpan, Fix, Problem, TextEdit } from '../model';
import { applyEdits } from '../text';
import type { ParsedItem } from './parsedItem';
import { resolvePlainScalar } from './plainScalar';
import { parseItemWithYaml } from './yamlItem';

interface Line {
  readonly start: number;
  readonly end: number;
}

/** A field's key, as the text before a line's `: ` (or final `:`) must be for the line to be a field. */
const FIELD_KEY = /^[A-Za-z_][\w.-]*$/;

interface ScalarReading {
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
  /** The plain text held an unquoted `: `. */
  readonly colon: boolean;
  readonly raw: string;
}

function linesOf(text: string, start: number, end: number): Line[] {
  const lines: Line[] = [];
  let at = start;
  while (at <= end) {
    let nl = text.indexOf('\n', at);
    if (nl === -1 || nl > end) nl = end;
    const lineEnd = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    lines.push({ start: at, end: lineEnd });
    if (nl >= end) break;
    at = nl + 1;
  }
  return lines;
}

/** Offset of a ` #` comment that is outside quotes, or `end`. */
function commentStart(text: string, from: number, end: number): number {
  let quote = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 92 && quote === 34) i++;
    } else if (c === 34 || c === 39) {
      if (i === from) quote = c;
    } else if (c === 35 && (i === from || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) {
      return i;
    }
  }
  return end;
}

function readScalar(text: string, from: number, end: number): ScalarReading {
  let i = from;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let stop = commentStart(text, i, end);
  while (stop > i && (text.charCodeAt(stop - 1) === 32 || text.charCodeAt(stop - 1) === 9)) stop--;
  const raw = text.slice(i, stop);
  if (raw === '') return { value: null, start: from, end: from, colon: false, raw };
  const q = raw.charCodeAt(0);
  if ((q === 34 || q === 39) && raw.length >= 2 && raw.charCodeAt(raw.length - 1) === q) {
    const inner = raw.slice(1, -1);
    const value = q === 34 ? inner.replace(/\\(["\\/])/g, '$1') : inner.replace(/''/g, "'");
    return { value, start: i, end: stop, colon: false, raw };
  }
  const colon = /:(?:\s|$)/.test(raw);
  return { value: colon ? raw : resolvePlainScalar(raw), start: i, end: stop, colon, raw };
}

/** The blanks a line starting at `at` begins with. */
function leadingBlanks(text: string, at: number): string {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text.slice(at, i);
}

/** How deep blanks indent, a tab counted as two blanks (the depth the fix gives each tab). */
function columns(blanks: string): number {
  let n = 0;
  for (const c of blanks) n += c === '\t' ? 2 : 1;
  return n;
}

/** Fields an agent writes after a title on its line (`- T-2: Fix login, status: done`). */
const INLINE_KEYS = 'status|priority|assigned_agent|assignee|agent|owner|created_at|claimed_at|started_at|completed_at';
/** The title part and then `, key: value` pairs to the end, their values holding no `,` and no `: `. */
const INLINE_FIELDS = new RegExp(`^([^]+?)((?:,[ \\t]*(?:${INLINE_KEYS}):[ \\t]+(?:(?!:(?:\\s|$))[^,])+)+)$`);
const INLINE_PAIR = new RegExp(`,[ \\t]*(${INLINE_KEYS}):`, 'g');

/**
 * A scalar that ends with fields written after it on its line: the pairs' keys and the edits that put each on a
 * line of its own at the fields' indentation (the `, ` before it becomes a line break), every other byte kept but
 * for quotes around the title part when it holds a `: ` of its own.
 */
function inlineFields(scalar: ScalarReading, eol: string, indent: number): { keys: string[]; written: string; edits: TextEdit[] } | undefined {
  const m = INLINE_FIELDS.exec(scalar.raw);
  if (!m || m[1]!.trim() === '') return undefined;
  const keys: string[] = [];
  const head = m[1]!.trimEnd();
  const edits: TextEdit[] = /:(?:\s|$)/.test(head) ? [{ start: scalar.start, end: scalar.start + head.length, newText: quoted(head) }] : [];
  for (const pair of m[2]!.matchAll(INLINE_PAIR)) {
    const at = scalar.start + m[1]!.length + pair.index;
    keys.push(pair[1]!);
    edits.push({ start: at, end: at + pair[0].length - pair[1]!.length - 1, newText: `${eol}${' '.repeat(indent)}` });
  }
  return { keys, written: m[2]!.replace(/^,[ \t]*/, ''), edits };
}

function quoted(raw: string): string {
  return `"${raw.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The edit that quotes a scalar. A value may start right after its colon
 * when only a stray CR (one not followed by LF) parts them; YAML reads that
 * as a value, but `key:"..."` would be one plain scalar, no key, so the
 * quoted value gets its space.
 */
function quoteEdit(text: string, scalar: ScalarReading): TextEdit {
  const space = text.charCodeAt(scalar.start - 1) === 58 ? ' ' : '';
  return { start: scalar.start, end: scalar.end, newText: `${space}${quoted(scalar.raw)}` };
}

/**
 * Where a `quote` that is never closed opens: the last line up to `upTo` holding an odd number of them (a `\"` in
 * double quotes and a `''` in single ones being no quote), at its last one.
 */
function openQuote(text: string, lines: readonly Line[], upTo: Line, quote: string): { line: Line; from: number } | undefined {
  for (let n = lines.indexOf(upTo); n >= 0; n--) {
    const line = lines[n]!;
    const body = text.slice(line.start, line.end);
    const cleared = quote === '"' ? body.replace(/\\./g, '  ') : body.replace(/''/g, '  ');
    const at: number[] = [];
    for (let i = cleared.indexOf(quote); i !== -1; i = cleared.indexOf(quote, i + 1)) at.push(i);
    if (at.length % 2 === 1) return { line, from: line.start + at[at.length - 1]! };
  }
  return undefined;
}

/**
 * `scalar` with the lines YAML reads as its continuation: those right under its line, indented deeper than the item's
 * fields (`indent`), neither blank, a comment nor a `key:` line. Their text joins it with one blank each, as YAML folds
 * a plain scalar; the same scalar when no line continues it.
 */
function withContinuation(text: string, lines: readonly Line[], scalar: ScalarReading, indent: number): ScalarReading {
  let n = lines.findIndex((l) => l.start > scalar.end);
  if (n < 0) return scalar;
  let end = scalar.end;
  let raw = scalar.raw;
  for (; n < lines.length; n++) {
    const line = lines[n]!;
    const body = text.slice(line.start, line.end);
    const content = body.trimStart();
    const width = body.length - content.length;
    const trimmed = content.trimEnd();
    const colon = /:(?=\s|$)/.exec(trimmed);
    if (trimmed === '' || trimmed.startsWith('#') || width <= indent || (colon !== null && FIELD_KEY.test(trimmed.slice(0, colon.index).trim()))) break;
    raw += ` ${trimmed}`;
    end = line.start + width + trimmed.length;
  }
  return end === scalar.end ? scalar : { ...scalar, end, raw };
}

function problem(code: Problem['code'], message: string, start: number, end: number, taskId: string, fixes: Problem['fixes']): Problem {
  return { code, severity: code === 'shorthand-item' ? 'warning' : 'error', message, span: { start, end }, taskId, fixes };
}

/** Strips yaml's position suffix and code excerpt: the problem's span already says where. */
function firstLineOf(message: string): string {
  const line = message.split('\n')[0]!.trim();
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Reads `text[start, end)` line by line. `yamlMessage`/`yamlOffset` are
 * yaml's first error, used when no more specific mistake is found.
 * Every mistake found is in `problems`, in file order.
 * Returns undefined when not even an id can be read.
 */
export function recoverItem(
  text: string,
  start: number,
  end: number,
  eol: string,
  yamlMessage: string,
  yamlOffset: number,
): ParsedItem | undefined {
  const lines = linesOf(text, start, end);
  const first = lines[0]!;
  // The item may start before its dash: a front matter `tasks:` list indents its items (`  - id: T-1`).
  let dash = start;
  while (dash < first.end && text.charCodeAt(dash) === 32) dash++;
  let keyAt = dash + 1;
  while (keyAt < first.end && text.charCodeAt(keyAt) === 32) keyAt++;
  // `- #...` (also after a tab): the rest of the line is a comment, no id to read.
  let content = keyAt;
  while (content < first.end && (text.charCodeAt(content) === 32 || text.charCodeAt(content) === 9)) content++;
  if (text.charCodeAt(content) === 35) return undefined;
  if (text.charCodeAt(keyAt) === 123 && lines.slice(1).every((l) => text.slice(l.start, l.end).trim() === '')) {
    const flow = recoverFlowItem(text, keyAt, first);
    if (flow) return settle(text, start, end, lines, flow.found, flow.fields, flow.spans, flow.taskId, false, yamlMessage, yamlOffset);
  }
  const indent = keyAt - start;
  const colonMatch = /:(?=\s|$)/.exec(text.slice(keyAt, first.end));
  if (!colonMatch) return undefined;
  const colonAt = keyAt + colonMatch.index;
  let id = text.slice(keyAt, colonAt).trim();
  if (/^(["']).*\1$/.test(id)) id = id.slice(1, -1);
  if (id === '') return undefined;

  const fields: Record<string, unknown> = {};
  const spans = new Map<string, FieldSpan>();
  const found: Problem[] = [];
  let shorthand = false;
  let shorthandFix: ((hasStatus: boolean) => string) | undefined;
  /** Scalars with an unquoted `: `, judged once every field line is read (see below). */
  const colons: { scalar: ScalarReading; key: string; what: string; quote: string }[] = [];

  // The first line: `- ID: title`, or the shorthand `- ID: "title" (agent)`.
  const short = /^(\s*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')(\s*)\(([^()]*)\)[ \t]*(#.*)?$/.exec(text.slice(colonAt + 1, first.end));
  if (short) {
    shorthand = true;
    const titleStart = colonAt + 1 + short[1]!.length;
    const titleEnd = titleStart + short[2]!.length;
    const agentStart = titleEnd + short[3]!.length + 1;
    const agent = short[4]!.trim();
    const title = readScalar(text, titleStart, titleEnd);
    fields[id] = title.value;
    spans.set(id, {
      key: id,
      keySpan: { start: keyAt, end: colonAt },
      valueSpan: { start: titleStart, end: titleEnd },
      lineSpan: { start: first.start, end: first.end },
    });
    fields['assigned_agent'] = agent === '' ? null : agent;
    spans.set('assigned_agent', {
      key: 'assigned_agent',
      keySpan: { start: agentStart, end: agentStart + short[4]!.length },
      valueSpan: { start: agentStart, end: agentStart + short[4]!.length },
      lineSpan: { start: first.start, end: first.end },
    });
    const pad = ' '.repeat(indent);
    const comment = short[5] ? ` ${short[5]}` : '';
    // The title as YAML will read it: a backslash the shorthand keeps (`C:\temp`) would be an escape in YAML's
    // double quotes (a tab), or an invalid one (`\d`); such a title is quoted again so that it reads as it did.
    const literal = short[2]!.startsWith('"') && /\\/.test(short[2]!.slice(1, -1).replace(/\\["\\/]/g, ''));
    const head = literal ? `${text.slice(first.start, titleStart)}${JSON.stringify(title.value)}` : text.slice(first.start, titleEnd);
    // Built once the field lines are read: a status line the scan reads as a field is kept, else one is written.
    shorthandFix = (hasStatus) =>
      `${head}${comment}${eol}${pad}assigned_agent:${agent ? ` ${agent}` : ''}` +
      (hasStatus ? '' : `${eol}${pad}status: ${agent ? 'claimed' : 'todo'}`);
  } else {
    const title = readScalar(text, colonAt + 1, first.end);
    fields[id] = title.value;
    spans.set(id, {
      key: id,
      keySpan: { start: keyAt, end: colonAt },
      valueSpan: { start: title.start, end: title.end },
      lineSpan: { start: first.start, end: first.end },
    });
    if (title.colon) colons.push({ scalar: title, key: id, what: `The title of ${id}`, quote: 'Quote the title' });
  }

  // `- id: TASK-473` items: the task is named by the id field's value, not by the key `id`.
  const idValue = id === 'id' ? fields['id'] : undefined;
  const taskId = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue).trim() || id : id;

  // The field lines.
  let last: FieldSpan | undefined = spans.get(id);
  let lastIsBlock = false;
  /** The blanks before the first line of the block value being read: a line after it with the same is in it too. */
  let blockPrefix: string | undefined;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    let i = line.start;
    let tab = false;
    while (i < line.end) {
      const c = text.charCodeAt(i);
      if (c === 9) tab = true;
      else if (c !== 32) break;
      i++;
    }
    if (i === line.end || text.charCodeAt(i) === 35) continue; // blank or comment-only
    const width = i - line.start;
    const colon = /:(?=\s|$)/.exec(text.slice(i, line.end));
    // Only a `key:` line is a field: re-indenting anything else (a title pushed onto its own line) fixes nothing.
    const isField = colon !== null && FIELD_KEY.test(text.slice(i, i + colon.index).trim());
    // A line of the previous field's block value (`description: |`, a list under `tags:`). A tab-indented `Note: x`
    // is a field, unless the block's lines before it were indented just as it is: then it is one more of them.
    const prefix = text.slice(line.start, i);
    // Tab-indented too, a line deeper than the block's own field line is in the block, though it reads `Steps:`.
    const deeper = tab && last !== undefined && columns(prefix) > columns(leadingBlanks(text, last.lineSpan.start));
    const inBlock = lastIsBlock && last !== undefined && (tab ? !isField || prefix === blockPrefix || deeper : width > indent);
    if (inBlock) blockPrefix ??= prefix;
    else blockPrefix = undefined;
    if (tab) {
      // Inside a block the line belongs deeper than the fields, else the fix would end the block; so does a line of
      // words that is no field (the rest of a value written on two lines): at the fields' indent it would be a key
      // with no colon. A line starting with a mark YAML reads (a quote, a dash, a colon) is left at the fields'.
      // A block's lines keep their nesting under its first line (a tab counted as two blanks).
      const nested = inBlock && blockPrefix !== undefined ? Math.max(0, columns(prefix) - columns(blockPrefix)) : 0;
      const depth = inBlock || (!isField && /^[\p{L}\p{N}]/u.test(text[i] ?? '')) ? indent + 2 + nested : indent;
      // A list item outside a block (`\t- TASK_9: x`) at the fields' indent is a list where YAML wants a key: the
      // item would be unreadable. Offered, but not what `fix` applies: no indent says what the line was meant to be.
      const preferred = inBlock || text[i] !== '-';
      found.push(problem('tab-indent', 'Tabs are not allowed in YAML indentation; use spaces', line.start, i, taskId, [
        { title: `Indent with ${depth} spaces`, edits: [{ start: line.start, end: i, newText: ' '.repeat(depth) }], preferred },
      ]));
    } else if (!inBlock && width !== indent && isField) {
      const fix: TextEdit = { start: line.start, end: i, newText: ' '.repeat(indent) };
      found.push(problem('bad-indent', `This field is indented ${width} spaces; the fields of ${taskId} are at ${indent}`, line.start, line.end, taskId, [
        { title: `Indent with ${indent} spaces`, edits: [fix], preferred: true },
      ]));
    }
    if (inBlock && last) {
      // Extend the block field by this line.
      const valueStart = last.valueSpan.end === last.valueSpan.start ? i : last.valueSpan.start;
      const extended: FieldSpan = { ...last, valueSpan: { start: valueStart, end: line.end }, lineSpan: { start: last.lineSpan.start, end: line.end } };
      spans.set(last.key, extended);
      fields[last.key] = text.slice(valueStart, line.end);
      last = extended;
      continue;
    }
    if (!isField) continue;
    const keyEnd = i + colon.index;
    const key = text.slice(i, keyEnd).trim();
    if (key === '') continue;
    const value = readScalar(text, keyEnd + 1, line.end);
    // Also on a repeated key (yaml's own message says that): the value's mistake is there either way.
    if (value.colon) colons.push({ scalar: value, key, what: `The value of ${key}`, quote: 'Quote the value' });
    if (spans.has(key)) continue;
    const valueStart = value.raw === '' ? keyEnd + 1 : value.start;
    fields[key] = value.value;
    last = { key, keySpan: { start: i, end: keyEnd }, valueSpan: { start: valueStart, end: value.raw === '' ? valueStart : value.end }, lineSpan: { start: line.start, end: line.end } };
    spans.set(key, last);
    lastIsBlock = value.raw === '' || value.raw === '|' || value.raw === '>' || /^[|>][-+0-9]*$/.test(value.raw);
  }

  // `- T-2: Fix login, status: done`: the agent wrote fields after the title. Put on lines of their own, they are
  // the item's fields, as meant; quoted, the status would be lost in the title and the task read as having none.
  // Only where the item has no such field already (then the pair is text, and quoting keeps it).
  for (const { scalar: onItsLine, key, what, quote } of colons) {
    // A plain value YAML would continue on the lines under it (deeper, and no `key:`): quoted whole, as one line.
    const scalar = withContinuation(text, lines, onItsLine, indent);
    // A flow item (`{…}`) that is not whole: its pairs are no lines to break.
    const inline = text.charCodeAt(keyAt) === 123 || scalar !== onItsLine ? undefined : inlineFields(scalar, eol, indent);
    const quoteFix: Fix = { title: quote, edits: [quoteEdit(text, scalar)], preferred: true };
    if (inline && !inline.keys.some((k) => spans.has(k) || inline.keys.indexOf(k) !== inline.keys.lastIndexOf(k))) {
      const many = inline.keys.length > 1;
      found.push(problem('unquoted-colon', `${what} ends with ${many ? 'fields' : 'a field'} (${inline.written}); a field goes on a line of its own`, scalar.start, scalar.end, taskId, [
        { title: `Move ${inline.written} to ${many ? 'lines of their own' : 'its own line'}`, edits: inline.edits, preferred: true },
        { ...quoteFix, preferred: false },
      ]));
    } else {
      found.push(problem('unquoted-colon', `${what} contains ": " and must be quoted`, scalar.start, scalar.end, key === id ? id : taskId, [quoteFix]));
    }
  }

  if (shorthandFix) {
    const newText = shorthandFix(spans.has('status'));
    found.push(problem('shorthand-item', `Task ${id} uses the one-line shorthand, which is not YAML; write it as fields`, first.start, first.end, id, [
      { title: 'Rewrite as a full task item', edits: [{ start: first.start, end: first.end, newText }], preferred: true },
    ]));
  }

  return settle(text, start, end, lines, found, fields, spans, taskId, shorthand, yamlMessage, yamlOffset);
}

/** The item as read, with yaml's own message for what the fixes in `found` leave unmended, and read as they leave it. */
function settle(
  text: string,
  start: number,
  end: number,
  lines: readonly Line[],
  found: Problem[],
  fields: Record<string, unknown>,
  spans: Map<string, FieldSpan>,
  taskId: string,
  shorthand: boolean,
  yamlMessage: string,
  yamlOffset: number,
): ParsedItem {
  const first = lines[0]!;
  // What the fixes above leave unmended (or no specific mistake was found): yaml's own message.
  const fixed = found.length === 0 ? undefined : readFixed(text, start, end, found);
  const rest = found.length === 0 ? { message: yamlMessage, offset: yamlOffset } : fixed?.kind === 'error' ? fixed : undefined;
  if (rest) {
    const at = Math.min(Math.max(rest.offset, start), end);
    let line = lines.find((l) => at <= l.end) ?? first;
    // The span starts where yaml stopped, so line:column name the error itself, not its line's start.
    let from = Math.max(line.start, Math.min(at, line.end));
    // A quote never closed: yaml stops where the item ends; the mistake is where the quote opens.
    const quote = /Missing closing (["'])quote/.exec(rest.message)?.[1];
    const opened = quote === undefined ? undefined : openQuote(text, lines, line, quote);
    if (opened) ({ line, from } = opened);
    found.push(problem('yaml-syntax', `Task ${taskId} is not valid YAML: ${firstLineOf(rest.message)}`, from, line.end, taskId, []));
  }
  found.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  // When the fixes make the item valid, its fields are what yaml reads once they are made: the
  // task is linted as it will be after the fixes, so fixing one mistake changes no other problem.
  if (fixed?.kind === 'ok') return { fields: fixed.fields, spans: fixed.spans, problems: found, shorthand };
  return { fields, spans, problems: found, shorthand };
}

/** Keys that start a field of a flow item after a value with a `: ` of its own (`{T-1: Fix: login, status: todo}`). */
const FLOW_FIELD = new RegExp(`^[ \\t]*(?:${INLINE_KEYS}|id|title|description|depends_on|blocked_by|tags|labels|notes|group|due|estimate|updated_at)[ \\t]*:(?:[ \\t]|$)`);

/**
 * A one-line flow item that is not YAML (`- {TASK_001: Fix: login page, status: todo}`): its pairs, split at the
 * commas outside quotes and brackets that start a task's field, each value with an unquoted `: ` given the fix that
 * quotes it. Undefined when the line is no `{…}` or a pair has no key.
 */
function recoverFlowItem(text: string, open: number, line: Line): { fields: Record<string, unknown>; spans: Map<string, FieldSpan>; found: Problem[]; taskId: string } | undefined {
  let close = commentStart(text, open, line.end);
  while (close > open && (text.charCodeAt(close - 1) === 32 || text.charCodeAt(close - 1) === 9)) close--;
  if (text.charCodeAt(--close) !== 125) return undefined;
  const pairs: [number, number][] = [];
  let from = open + 1;
  let depth = 0;
  let quote = 0;
  for (let i = from; i < close; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 92 && quote === 34) i++;
    } else if (c === 34 || c === 39) {
      if (/^[ \t]*$/.test(text.slice(from, i)) || /:[ \t]*$/.test(text.slice(from, i))) quote = c;
    } else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 0 && FLOW_FIELD.test(text.slice(i + 1, close))) {
      pairs.push([from, i]);
      from = i + 1;
    }
  }
  pairs.push([from, close]);
  const fields: Record<string, unknown> = {};
  const spans = new Map<string, FieldSpan>();
  const colons: [string, ScalarReading][] = [];
  for (const [pairStart, pairEnd] of pairs) {
    const colon = /:(?=\s|$)/.exec(text.slice(pairStart, pairEnd));
    if (!colon) return undefined;
    const keyEnd = pairStart + colon.index;
    let keyStart = pairStart;
    while (keyStart < keyEnd && (text.charCodeAt(keyStart) === 32 || text.charCodeAt(keyStart) === 9)) keyStart++;
    const key = text.slice(keyStart, keyEnd).trim().replace(/^(["'])(.*)\1$/, '$2');
    if (key === '' || spans.has(key)) return undefined;
    const value = readScalar(text, keyEnd + 1, pairEnd);
    fields[key] = value.value;
    const valueStart = value.raw === '' ? keyEnd + 1 : value.start;
    spans.set(key, { key, keySpan: { start: keyStart, end: keyEnd }, valueSpan: { start: valueStart, end: value.raw === '' ? valueStart : value.end }, lineSpan: { start: line.start, end: line.end } });
    if (value.colon) colons.push([key, value]);
  }
  const firstKey = spans.keys().next().value!;
  const idValue = firstKey === 'id' ? fields['id'] : undefined;
  const taskId = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue).trim() || firstKey : firstKey;
  const found = colons.map(([key, value]) => {
    const what = key === firstKey && key !== 'id' ? `The title of ${taskId}` : `The value of ${key}`;
    return problem('unquoted-colon', `${what} contains ": " and must be quoted`, value.start, value.end, taskId, [
      { title: key === firstKey && key !== 'id' ? 'Quote the title' : 'Quote the value', edits: [quoteEdit(text, value)], preferred: true },
    ]);
  });
  return { fields, spans, found, taskId };
}

/** Maps offsets in the item after `edits` back to the item before them. */
class EditMap {
  /** `edits` are sorted and do not overlap. */
  constructor(private readonly edits: readonly TextEdit[]) {}

  /** The offset before the edits, or undefined when `at` is strictly inside an edit's new text. */
  back(at: number): number | undefined {
    let delta = 0; // how much longer the edited text is than the original, up to here
    for (const e of this.edits) {
      const newStart = e.start + delta;
      if (at <= newStart) return at === newStart ? e.start : at - delta;
      const newEnd = newStart + e.newText.length;
      if (at < newEnd) return undefined;
      if (at === newEnd) return e.end;
      delta += e.newText.length - (e.end - e.start);
    }
    return at - delta;
  }

  /** Like `back`, but an offset inside an edit's new text goes to the edit's start. */
  nearest(at: number): number {
    let delta = 0;
    for (const e of this.edits) {
      const newStart = e.start + delta;
      if (at < newStart + e.newText.length) return at < newStart ? at - delta : e.start;
      delta += e.newText.length - (e.end - e.start);
    }
    return at - delta;
  }
}

type FixedReading =
  | { readonly kind: 'ok'; readonly fields: Record<string, unknown>; readonly spans: ReadonlyMap<string, FieldSpan> }
  | { readonly kind: 'error'; readonly message: string; readonly offset: number };

/**
 * The item `text[start, end)` once every preferred fix of `found` is made:
 * yaml's first error (offset mapped back into `text`), or yaml's fields with
 * their spans mapped back into `text`. Undefined when the fixed item is valid
 * but cannot stand for the item (not a map, or a field that exists only in a
 * fix's new text, as the shorthand's rewrite adds `status:`).
 */
function readFixed(text: string, start: number, end: number, found: readonly Problem[]): FixedReading | undefined {
  const edits: TextEdit[] = [];
  for (const p of found) {
    const fix = p.fixes.find((f) => f.preferred);
    if (fix) for (const e of fix.edits) edits.push({ start: e.start - start, end: e.end - start, newText: e.newText });
  }
  edits.sort((a, b) => a.start - b.start);
  let fixedText: string;
  try {
    fixedText = applyEdits(text.slice(start, end), edits);
  } catch {
    return undefined; // overlapping fixes: not made by the scan above
  }
  const map = new EditMap(edits);
  const result = parseItemWithYaml(fixedText, 0, fixedText.length);
  if (result.kind === 'error') return { kind: 'error', message: result.message, offset: start + map.nearest(result.offset) };
  if (result.kind !== 'ok') return undefined;
  const back = (span: { start: number; end: number }): { start: number; end: number } | undefined => {
    const s = map.back(span.start);
    const e = map.back(span.end);
    return s === undefined || e === undefined ? undefined : { start: start + s, end: start + e };
  };
  const spans = new Map<string, FieldSpan>();
  for (const [key, field] of result.item.spans) {
    const keySpan = back(field.keySpan);
    const valueSpan = back(field.valueSpan);
    // A line a fix makes by breaking one (a field written after the title) is, before the fix, the part of that
    // line from where the break goes: its start is in the fix's new text.
    const lineSpan = { start: start + map.nearest(field.lineSpan.start), end: start + map.nearest(field.lineSpan.end) };
    if (!keySpan || !valueSpan) return undefined;
    spans.set(key, { key, keySpan, valueSpan, lineSpan });
  }
  return { kind: 'ok', fields: result.item.fields, spans };
}
