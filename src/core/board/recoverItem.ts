// The tolerant line scan for items that are not valid YAML. It recovers what
// a person would read (id, title, status, fields) so the task is still listed,
// and names the ONE mistake that broke the item, with a fix when there is a
// safe one: a shorthand line, an unquoted `: `, a tab, a field at the wrong
// depth — else yaml's own message.
import type { FieldSpan, Problem, TextEdit } from '../model';
import type { ParsedItem } from './parsedItem';
import { resolvePlainScalar } from './plainScalar';

interface Line {
  readonly start: number;
  readonly end: number;
}

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

function quoted(raw: string): string {
  return `"${raw.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
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
  let keyAt = start + 1;
  while (keyAt < first.end && text.charCodeAt(keyAt) === 32) keyAt++;
  const indent = keyAt - start;
  const colonMatch = /:(?=\s|$)/.exec(text.slice(keyAt, first.end));
  if (!colonMatch) return undefined;
  const colonAt = keyAt + colonMatch.index;
  let id = text.slice(keyAt, colonAt).trim();
  if (/^(["']).*\1$/.test(id)) id = id.slice(1, -1);
  if (id === '') return undefined;

  const fields: Record<string, unknown> = {};
  const spans = new Map<string, FieldSpan>();
  let found: Problem | undefined;
  let shorthand = false;

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
    const hasStatus = lines.slice(1).some((l) => /^\s*status\s*:/.test(text.slice(l.start, l.end)));
    const newText =
      `${text.slice(first.start, titleEnd)}${comment}${eol}${pad}assigned_agent:${agent ? ` ${agent}` : ''}` +
      (hasStatus ? '' : `${eol}${pad}status: ${agent ? 'claimed' : 'todo'}`);
    found = problem('shorthand-item', `Task ${id} uses the one-line shorthand, which is not YAML; write it as fields`, first.start, first.end, id, [
      { title: 'Rewrite as a full task item', edits: [{ start: first.start, end: first.end, newText }], preferred: true },
    ]);
  } else {
    const title = readScalar(text, colonAt + 1, first.end);
    fields[id] = title.value;
    spans.set(id, {
      key: id,
      keySpan: { start: keyAt, end: colonAt },
      valueSpan: { start: title.start, end: title.end },
      lineSpan: { start: first.start, end: first.end },
    });
    if (title.colon) {
      found = problem('unquoted-colon', `The title of ${id} contains ": " and must be quoted`, title.start, title.end, id, [
        { title: 'Quote the title', edits: [{ start: title.start, end: title.end, newText: quoted(title.raw) }], preferred: true },
      ]);
    }
  }

  // The field lines.
  let last: FieldSpan | undefined = spans.get(id);
  let lastIsBlock = false;
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
    if (!tab && width > indent && lastIsBlock && last) {
      // A line of the previous field's block value: extend that field.
      const valueStart = last.valueSpan.end === last.valueSpan.start ? i : last.valueSpan.start;
      const extended: FieldSpan = { ...last, valueSpan: { start: valueStart, end: line.end }, lineSpan: { start: last.lineSpan.start, end: line.end } };
      spans.set(last.key, extended);
      fields[last.key] = text.slice(valueStart, line.end);
      last = extended;
      continue;
    }
    const fix: TextEdit = { start: line.start, end: i, newText: ' '.repeat(indent) };
    const colon = /:(?=\s|$)/.exec(text.slice(i, line.end));
    // Only a `key:` line is a field: re-indenting anything else (a title pushed onto its own line) fixes nothing.
    const isField = colon !== null && /^[A-Za-z_][\w.-]*$/.test(text.slice(i, i + colon.index).trim());
    if (!found && tab) {
      found = problem('tab-indent', 'Tabs are not allowed in YAML indentation; use spaces', line.start, i, id, [
        { title: `Indent with ${indent} spaces`, edits: [fix], preferred: true },
      ]);
    } else if (!found && width !== indent && isField) {
      found = problem('bad-indent', `This field is indented ${width} spaces; the fields of ${id} are at ${indent}`, line.start, line.end, id, [
        { title: `Indent with ${indent} spaces`, edits: [fix], preferred: true },
      ]);
    }
    if (!isField) continue;
    const keyEnd = i + colon.index;
    const key = text.slice(i, keyEnd).trim();
    if (key === '' || spans.has(key)) continue;
    const value = readScalar(text, keyEnd + 1, line.end);
    if (value.colon && !found) {
      found = problem('unquoted-colon', `The value of ${key} contains ": " and must be quoted`, value.start, value.end, id, [
        { title: 'Quote the value', edits: [{ start: value.start, end: value.end, newText: quoted(value.raw) }], preferred: true },
      ]);
    }
    const valueStart = value.raw === '' ? keyEnd + 1 : value.start;
    fields[key] = value.value;
    last = { key, keySpan: { start: i, end: keyEnd }, valueSpan: { start: valueStart, end: value.raw === '' ? valueStart : value.end }, lineSpan: { start: line.start, end: line.end } };
    spans.set(key, last);
    lastIsBlock = value.raw === '' || value.raw === '|' || value.raw === '>' || /^[|>][-+0-9]*$/.test(value.raw);
  }

  if (!found) {
    const at = Math.min(Math.max(yamlOffset, start), end);
    const line = lines.find((l) => at <= l.end) ?? first;
    found = problem('yaml-syntax', `Task ${id} is not valid YAML: ${firstLineOf(yamlMessage)}`, line.start, line.end, id, []);
  }
  return { fields, spans, problem: found, shorthand };
}
