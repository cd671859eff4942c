// Turning a parsed item (fields + spans) into the BoardTask every part reads.
import type { BoardTask, FieldSpan, Span } from '../model';
import { isCompactFieldSpans } from './compactFieldSpans';
import { agentNamed } from './agentValue';
import type { ParsedItem } from './parsedItem';
import { writtenStatus } from './statusWords';
import { looksLikeTaskId } from './taskId';

/** Field names a task item uses; an item whose first key is one of these has no id key. */
export const FIELD_NAMES: ReadonlySet<string> = new Set([
  'id', 'title', 'status', 'priority', 'assigned_agent', 'description', 'created_at', 'claimed_at',
  'started_at', 'completed_at', 'updated_at', 'depends_on', 'dependencies', 'tags', 'estimated_hours',
  'progress', 'acceptance_criteria', 'notes', 'name', 'assignee', 'owner', 'assigned_to',
]);

/**
 * The fields that name a task's agent, in the order they are looked for: the seed's `assigned_agent`, then the
 * spellings agents write (`assignee: owner`, `owner:`, `assigned_to: [python-backend-engineer]`).
 */
export const AGENT_KEYS = ['assigned_agent', 'assignee', 'owner', 'assigned_to'] as const;

/** FIELD_NAMES.has, without hashing a key that cannot be one (a task id: field names all start with a small letter). */
export function isFieldName(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 97 && c <= 122 && FIELD_NAMES.has(key);
}

/** The agent an item names and the field it is in; a list (`assigned_to: [a, b]`) is its names joined by `, `. */
function agentOf(fields: Record<string, unknown>, spans: ParsedItem['spans']): { agent: string | undefined; key: string | undefined } {
  const seed = fields['assigned_agent'];
  if (seed !== undefined || spans.has('assigned_agent')) return { agent: agentNamed(scalarText(seed)), key: undefined };
  for (const key of AGENT_KEYS) {
    if (!spans.has(key)) continue;
    const value = fields[key];
    const agent = Array.isArray(value) ? value.map((v) => agentNamed(scalarText(v))).filter((v) => v).join(', ') || undefined : agentNamed(scalarText(value));
    return { agent, key };
  }
  return { agent: undefined, key: undefined };
}

/** The title field an id-field item has: `title`, else `name`, else `description` (its first line). */
function titleOf(fields: Record<string, unknown>, spans: ParsedItem['spans']): { title: string; span: Span | undefined } {
  for (const key of ['title', 'name', 'description']) {
    const field = spans.get(key);
    if (!field) continue;
    const text = scalarText(fields[key]) ?? '';
    return { title: key === 'description' ? text.trim().split('\n')[0]!.trim() : text, span: field.valueSpan };
  }
  return { title: '', span: undefined };
}

function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return undefined;
  return String(value);
}

/** The task an item describes, or undefined when the item is not a task (`- name: build` in some other YAML). */
export function itemToTask(item: ParsedItem, file: string, group: string | undefined, span: Span, line: number): BoardTask | undefined {
  const { spans } = item;
  let fields = item.fields;
  const compact = isCompactFieldSpans(spans) ? spans : undefined;
  const firstKey = compact ? compact.firstKey() : spans.keys().next().value;
  if (firstKey === undefined) return undefined;
  // The fast path's spans hand out the two spans read here directly, rather
  // than a whole FieldSpan (four objects) built per task and mostly dropped.
  const firstSpan: FieldSpan | undefined = compact ? undefined : spans.get(firstKey);
  if (!compact && firstSpan === undefined) return undefined;

  let id: string;
  let shape: BoardTask['shape'];
  let idSpan: Span;
  let title: string;
  let titleSpan: Span;
  const idLike = item.firstKeyIsTaskId ?? looksLikeTaskId(firstKey);
  const idField = spans.has('id') ? spans.get('id') : undefined;
  if (idField && (firstKey === 'id' || !idLike)) {
    shape = 'id-field';
    id = scalarText(fields['id']) ?? '';
    idSpan = idField.valueSpan;
    const written = titleOf(fields, spans);
    title = written.title;
    titleSpan = written.span ?? { start: idField.lineSpan.end, end: idField.lineSpan.end };
  } else if (isFieldName(firstKey)) {
    // `- title: ...` with no id anywhere: listed with an empty id so lint can flag it.
    if (!spans.has('title') && !spans.has('name') && !spans.has('status')) return undefined;
    shape = 'id-field';
    id = '';
    const keyStart = compact ? compact.firstKeySpan().start : firstSpan!.keySpan.start;
    idSpan = { start: keyStart, end: keyStart };
    const written = titleOf(fields, spans);
    title = written.title;
    titleSpan = written.span ?? idSpan;
  } else if (idLike || spans.has('status') || spans.has('priority') || spans.has('assigned_agent')) {
    shape = item.shorthand ? 'shorthand' : 'id-key';
    id = firstKey;
    idSpan = compact ? compact.firstKeySpan() : firstSpan!.keySpan;
    title = scalarText(item.idKey === firstKey ? item.idValue : fields[firstKey]) ?? '';
    titleSpan = compact ? compact.firstValueSpan() : firstSpan!.valueSpan;
    if (item.idKey !== firstKey) fields = withoutKey(fields, firstKey);
  } else {
    return undefined;
  }

  const statusText = scalarText(fields['status']);
  let status = statusText === undefined ? undefined : writtenStatus(statusText);
  const { agent: assignedAgent, key: agentKey } = agentOf(fields, spans);
  if (item.shorthand && statusText === undefined) status = assignedAgent ? 'claimed' : 'todo';
  const task: BoardTask = {
    kind: 'board',
    file,
    id,
    title,
    status,
    statusText,
    priority: scalarText(fields['priority']),
    assignedAgent,
    group,
    span,
    line,
    shape,
    fields,
    fieldSpans: spans,
    idSpan,
    titleSpan,
  };
  return agentKey === undefined ? task : { ...task, agentKey };
}

/** The task's fields never include its id key: id and title are on the task itself. */
function withoutKey(fields: Record<string, unknown>, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) {
    if (k === key) continue;
    // A field named `__proto__` is a field: assigned, it would set the copy's prototype instead and be lost.
    if (k === '__proto__') Object.defineProperty(out, k, { value: fields[k], enumerable: true, writable: true, configurable: true });
    else out[k] = fields[k];
  }
  return out;
}
