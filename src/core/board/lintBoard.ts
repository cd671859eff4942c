// Every problem of a board: the parser's syntax problems plus the rules on
// each task's fields, each with minimal fixes and a stable code (PROBLEM_CODES).
import { isConflicted } from '../conflicts/conflictMarkers';
import { DEFAULT_LIFECYCLE, allStatuses, firstStatus, isHeld, type Lifecycle } from '../lifecycleModel';
import { SETTINGS_FILE } from '../settings/settingsFileName';
import { PRIORITIES, type BoardTask, type FieldSpan, type Fix, type ParsedBoard, type Problem, type Severity, type Span, type Status, type TextEdit } from '../model';
import { writtenStatus } from './statusWords';
import { insertField, replaceValue } from './fieldEdits';
import { plainOrQuoted } from '../scalarEdits';
import { tableCellEdits, tableStatusWord } from './markdownEdits';
import { canonicalPriority } from './priorityWords';
import { FreeIds, looksLikeTaskId } from './taskId';
import { readTimestamp } from './timestampText';
import { dateConvention, type DateConvention } from '../worklog/readTimestamp';
import { dependencyFieldOf, dependencyKeys } from '../dependencies/dependencies';
import { AGENT_KEYS } from './itemToTask';

export const TIMESTAMP_FIELDS = ['created_at', 'claimed_at', 'started_at', 'completed_at', 'updated_at'] as const;

const PRIORITY_SET: ReadonlySet<string> = new Set(PRIORITIES);

function problem(task: BoardTask, code: Problem['code'], severity: Severity, message: string, span: Problem['span'], fixes: Fix[]): Problem {
  return { code, severity, message, span, taskId: task.id || undefined, fixes };
}

function name(task: BoardTask): string {
  return task.id ? task.id : `The task on line ${task.line + 1}`;
}

/**
 * `claim-without-agent`'s fix releases the task to todo: a lifecycle move (in_progress → todo
 * drops started work), a decision rather than a repair, so it is never preferred and `fix` /
 * fix-all leave it alone unless asked for by code.
 */
function lintStatus(task: BoardTask, text: string, eol: string, out: Problem[], lifecycle: Lifecycle): void {
  // The common case, decided without building any span, in a function of its own: the closures below made V8
  // allocate their context on every call, and this runs for every task.
  const written = task.statusText;
  if (written !== undefined && written === task.status && (task.assignedAgent || !isHeld(lifecycle, written))) return;
  lintWrittenStatus(task, text, eol, out, lifecycle);
}

function lintWrittenStatus(task: BoardTask, text: string, eol: string, out: Problem[], lifecycle: Lifecycle): void {
  const field = task.fieldSpans.get('status');
  const first = firstStatus(lifecycle);
  if (task.statusText === undefined) {
    if (task.shape === 'shorthand' && !field) return; // its shorthand-item fix writes the status
    // The status written under another key (`Status: done`, `state: done`): adding `status: todo` beside it would
    // make a done task todo. The rename is the fix, and the value is read as the status it will be, so what it says
    // (`In Progress`, a word no lifecycle has) is told now, not after the rename.
    // `status:done`: YAML reads no field where no space follows the colon. Adding `status: todo` above it would make
    // a done task todo; the space is the fix.
    const runTogether = field ? undefined : statusRunTogether(task, text);
    if (runTogether) {
      const { line, colon } = runTogether;
      // Applied by fix-all when what follows is a status as the lifecycle writes it, held only with an agent: after the
      // space, nothing is left to say. Another word (`In Progress`, `someday`) is offered, the person's to check.
      const value = text.slice(colon + 1, line.end).replace(/\s+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
      const reads = writtenStatus(value, lifecycle);
      const settled = reads === value && (!!task.assignedAgent || !isHeld(lifecycle, reads));
      out.push(problem(task, 'missing-status', 'error', `${name(task)} has no status: "${text.slice(line.start, line.end)}" needs a space after the colon to be read as one`, line, [
        { title: 'Add a space after the colon', edits: [{ start: colon + 1, end: colon + 1, newText: ' ' }], preferred: settled },
      ]));
      return;
    }
    const spelled = field ? undefined : statusSpelledOtherwise(task);
    if (spelled) {
      const other = task.fieldSpans.get(spelled)!;
      out.push(problem(task, 'missing-status', 'error', `${name(task)} has no status: "${spelled}" is not read as it; write it as status`, other.keySpan, [
        { title: `Rename ${spelled} to status`, edits: [{ ...other.keySpan, newText: 'status' }], preferred: true },
      ]));
      const said = String(task.fields[spelled]);
      lintStatusValue(task, text, other, said, writtenStatus(said, lifecycle), out, lifecycle);
      return;
    }
    const insert = field ? undefined : insertField(text, task, eol, 'status', first);
    // A task with an agent or a move's time on it was taken once: its status is a person's call, not fix-all's
    // (`todo` would be a release nobody asked for). Offered then, not applied.
    const taken = !!task.assignedAgent || ['claimed_at', 'started_at', 'completed_at'].some((k) => task.fieldSpans.has(k));
    const fix: Fix | undefined = field
      ? { title: `Set status to ${first}`, edits: [replaceValue(text, field.valueSpan, first)], preferred: !taken }
      : insert && { title: `Add status: ${first}`, edits: [insert], preferred: !taken };
    out.push(problem(task, 'missing-status', 'error', `${name(task)} has no status`, field ? field.lineSpan : task.idSpan.start === task.idSpan.end ? task.titleSpan : task.idSpan, fix ? [fix] : []));
    return;
  }
  if (field) lintStatusValue(task, text, field, task.statusText, task.status, out, lifecycle);
}

/** A written status (`written`, read as `mapped`) in `field`'s value: a word to write otherwise, or a hold with no agent. */
function lintStatusValue(task: BoardTask, text: string, field: FieldSpan, written: string, mapped: Status | undefined, out: Problem[], lifecycle: Lifecycle): void {
  const first = firstStatus(lifecycle);
  const release = (): Fix => ({ title: `Release to ${first}`, edits: [replaceValue(text, field.valueSpan, first)], preferred: false });
  if (mapped === written) {
    if (isHeld(lifecycle, mapped) && !task.assignedAgent) {
      out.push(claimWithoutAgent(task, mapped, field, release()));
    }
    return;
  }
  if (mapped) {
    out.push(problem(task, 'unknown-status', 'warning', `Status "${written}" of ${name(task)} means ${mapped}; write it as ${mapped}`, field.valueSpan, [
      { title: `Change status to ${mapped}`, edits: keptAsComment(text, field, mapped, written), preferred: true },
    ]));
  } else {
    const statuses = allStatuses(lifecycle);
    const custom = lifecycle !== DEFAULT_LIFECYCLE;
    const hint = custom ? '' : ` (a repository may add it to its lifecycle in ${SETTINGS_FILE})`;
    out.push(problem(task, 'unknown-status', 'error', `Status "${written}" of ${name(task)} is not one of ${statuses.join(', ')}${hint}`, field.valueSpan,
      statuses.map((s) => ({ title: `Change status to ${s}`, edits: [replaceValue(text, field.valueSpan, s)] }))));
  }
  if (isHeld(lifecycle, mapped) && !task.assignedAgent) {
    out.push(claimWithoutAgent(task, String(mapped), field, release()));
  }
}

function lintPriority(task: BoardTask, text: string, out: Problem[]): void {
  const written = task.priority;
  if (written === undefined || PRIORITY_SET.has(written)) return;
  const field = task.fieldSpans.get('priority');
  if (!field) return;
  const mapped = canonicalPriority(written);
  if (mapped) {
    out.push(problem(task, 'bad-priority', 'warning', `Priority "${written}" of ${name(task)} means ${mapped}; write it as ${mapped}`, field.valueSpan, [
      { title: `Change priority to ${mapped}`, edits: [replaceValue(text, field.valueSpan, mapped)], preferred: true },
    ]));
  } else {
    out.push(problem(task, 'bad-priority', 'warning', `Priority "${written}" of ${name(task)} is not one of ${PRIORITIES.join(', ')}`, field.valueSpan,
      PRIORITIES.map((p) => ({ title: `Change priority to ${p}`, edits: [replaceValue(text, field.valueSpan, p)] }))));
  }
}

function lintTimestamps(task: BoardTask, out: Problem[], convention: DateConvention): void {
  // One named read per field (a loop over the names would make each read a keyed lookup).
  const fields = task.fields;
  lintTimestamp(task, 'created_at', fields['created_at'], out, convention);
  lintTimestamp(task, 'claimed_at', fields['claimed_at'], out, convention);
  lintTimestamp(task, 'started_at', fields['started_at'], out, convention);
  lintTimestamp(task, 'completed_at', fields['completed_at'], out, convention);
  lintTimestamp(task, 'updated_at', fields['updated_at'], out, convention);
}

/**
 * An ambiguous date (`03/04/2026`) the board's other dates decide is a readable one, whose rewrite `fix` applies:
 * the file says which day was meant. Otherwise both days are offered and `fix` takes neither.
 */
function lintTimestamp(task: BoardTask, key: (typeof TIMESTAMP_FIELDS)[number], value: unknown, out: Problem[], convention: DateConvention): void {
  if (value === null || value === undefined || typeof value === 'object') return;
  const reading = readTimestamp(String(value), convention);
  if (reading.kind === 'iso') return;
  const field = task.fieldSpans.get(key);
  if (!field) return;
  if (reading.kind === 'readable') {
    const how = reading.readAs === 'dmy' ? 'day first' : reading.readAs === 'mdy' ? 'month first' : undefined;
    const why = how ? ` ("${String(value)}" read ${how}, as the file's other dates are)` : '';
    out.push(problem(task, 'bad-timestamp', 'warning', `${key} of ${name(task)} is not ISO 8601: write ${reading.iso}${why}`, field.valueSpan, [
      writeTimestamp(field, reading.iso, how ? ` (${how})` : '', true),
    ]));
  } else if (reading.kind === 'ambiguous') {
    // Which of the two days was meant only the writer knows: both are offered, and `fix` takes neither.
    const { dayFirst, monthFirst } = reading;
    out.push(problem(task, 'bad-timestamp', 'warning',
      `${key} of ${name(task)} is ambiguous: "${String(value)}" is ${dayFirst.slice(0, 10)} read day first, ${monthFirst.slice(0, 10)} read month first; write the one meant in ISO 8601`,
      field.valueSpan, [writeTimestamp(field, dayFirst, ' (day first)', false), writeTimestamp(field, monthFirst, ' (month first)', false)]));
  } else {
    out.push(problem(task, 'bad-timestamp', 'warning', `${key} of ${name(task)} is not a date: "${String(value)}"`, field.valueSpan, []));
  }
}

/**
 * The fix that writes `iso` into a timestamp field. Apart from lintTimestamp: a closure there over its field made V8
 * allocate that function's context on every call, five per task, where almost every call returns early.
 */
function writeTimestamp(field: FieldSpan, iso: string, how: string, preferred: boolean): Fix {
  return { title: `Write ${iso}${how}`, edits: [{ start: field.valueSpan.start, end: field.valueSpan.end, newText: `"${iso}"` }], preferred };
}

/** True when every task has an id and the ids only ever grow: then they are all different. */
function idsAscend(tasks: readonly BoardTask[]): boolean {
  // Boards are usually numbered in order (TASK_001, TASK_002, ...), which a comparison with the one before shows
  // without hashing any id.
  for (let i = 0; i < tasks.length; i++) {
    const id = tasks[i]!.id;
    if (id === '' || (i > 0 && !(tasks[i - 1]!.id < id))) return false;
  }
  return true;
}

/**
 * The ids like `like` (its prefix) that the workspace's other task files use: a renumbered task or a new id takes
 * none of them, as `add` does not, or two boards would hold one id and every move of it would ask which is meant.
 */
export type IdsElsewhere = (like: string) => ReadonlySet<string>;

function lintIds(board: ParsedBoard, text: string, out: Problem[], idsElsewhere: IdsElsewhere | undefined): void {
  const tasks = board.tasks;
  if (idsAscend(tasks)) return;
  // Every id, and which tasks repeat an earlier one, in one pass: new ids avoid the later ones too.
  const taken = new Set<string>(board.droppedIds);
  const repeats = new Uint8Array(tasks.length);
  let work = false;
  for (let i = 0; i < tasks.length; i++) {
    const id = tasks[i]!.id;
    if (id === '') {
      work = true;
      continue;
    }
    const before = taken.size;
    taken.add(id);
    if (taken.size === before) {
      repeats[i] = 1;
      work = true;
    }
  }
  if (!work) return;
  // A new id is written unquoted: its model must be a plain task id (`TASK_013`), not any text ending in a digit.
  const template = tasks.find((t) => /\d$/.test(t.id) && looksLikeTaskId(t.id))?.id ?? 'TASK_000';
  if (idsElsewhere) {
    const asked = new Set<string>();
    for (let i = 0; i < tasks.length; i++) {
      const like = tasks[i]!.id === '' ? template : repeats[i] ? tasks[i]!.id : undefined;
      if (like === undefined || asked.has(like)) continue;
      asked.add(like);
      for (const id of idsElsewhere(like)) taken.add(id);
    }
  }
  const free = new FreeIds(taken);
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!;
    if (task.id === '') {
      const id = free.next(template);
      const idField = task.fieldSpans.get('id');
      // A new `id:` line goes right after the item's first line.
      const first = task.fieldSpans.values().next().value;
      const edit = idField ? replaceValue(text, idField.valueSpan, id) : insertField(text, task, board.eol, 'id', id, first ? first.lineSpan.end : task.span.end);
      out.push(problem(task, 'missing-id', 'error', `${name(task)} has no id`, task.titleSpan.end > task.titleSpan.start ? task.titleSpan : task.idSpan, edit ? [
        { title: `Give it the id ${id}`, edits: [edit], preferred: true },
      ] : []));
      continue;
    }
    if (repeats[i] === 0) continue;
    const id = free.next(task.id);
    out.push(problem(task, 'duplicate-id', 'error', `${task.id} is already used by an earlier task`, task.idSpan, [
      { title: `Renumber to ${id}`, edits: renumberEdits(text, task, id), preferred: true },
    ]));
  }
}

/** `task`'s id rewritten as `id`: in a table's ID cell as a move writes a cell (a wider id widens an aligned column). */
function renumberEdits(text: string, task: BoardTask, id: string): TextEdit[] {
  if (task.shape === 'table-row') {
    for (const [key, field] of task.fieldSpans) {
      if (field.valueSpan.start === task.idSpan.start && field.valueSpan.end === task.idSpan.end) return tableCellEdits(text, task, key, id);
    }
  }
  return [replaceValue(text, task.idSpan, id)];
}

/**
 * A checkbox item or table row. Its words are the file's own (`Done`, `P1`, `[x]`): they are read, not
 * rewritten into the YAML spellings, and the parser has already reported what it could not read. What is
 * left is a held row with an Owner column and nobody in it.
 */
function lintMarkdownTask(task: BoardTask, text: string, out: Problem[], lifecycle: Lifecycle, statusWords: () => readonly string[]): void {
  if (task.shape === 'table-row' && task.status === undefined && !task.fieldSpans.has('status')) lintMissingCell(task, text, out, lifecycle, statusWords());
  const agentKey = task.agentKey ?? 'assigned_agent';
  const owner = task.fieldSpans.get(agentKey);
  if (task.shape !== 'table-row' || !owner || task.assignedAgent || !isHeld(lifecycle, task.status)) return;
  out.push(problem(task, 'claim-without-agent', 'error', `${name(task)} is ${task.status} but its ${agentKey} cell is empty`, owner.keySpan, []));
}

/**
 * A row written with fewer cells than its table's header, the Status cell among those missing: it has no status (it
 * was listed as `[?]` with nothing said). Each status is offered as the cell to add; the first, unless the row names
 * an agent, is the fix applied.
 */
function lintMissingCell(task: BoardTask, text: string, out: Problem[], lifecycle: Lifecycle, words: readonly string[]): void {
  const first = firstStatus(lifecycle);
  const statuses = allStatuses(lifecycle);
  const fixes = words.map((word, i): Fix => ({
    title: `Add the Status cell: ${word}`,
    edits: tableCellEdits(text, task, 'status', word),
    preferred: statuses[i] === first && !task.assignedAgent,
  }));
  if (fixes.every((f) => f.edits.length === 0)) return; // the table has no Status column: its heading says the status
  out.push(problem(task, 'missing-status', 'error', `${name(task)} has no status: its row stops before the Status cell`, task.titleSpan, fixes));
}

/**
 * The edits writing `status` over a value that said more than its status (a date, a time, words in parentheses:
 * `completed (2026-01-02)`): the value as written goes into a comment after it, so what it said is not lost. A value
 * that is only its word with a mark or a count (`Done ✅`, `Complete (3)`), or a line with a comment already, is
 * simply replaced.
 */
function keptAsComment(text: string, field: FieldSpan, status: string, written: string): TextEdit[] {
  const replace = replaceValue(text, field.valueSpan, status);
  if (!/\d{4}|\d+[-/.:]\d+|\([^)]*[A-Za-z][^)]*\)/.test(written)) return [replace];
  let lineEnd = text.indexOf('\n', field.valueSpan.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text.slice(field.valueSpan.end, lineEnd).includes('#')) return [replace];
  // One edit (an insert beside a replace at the same offset is an overlap to an editor).
  const end = Math.max(replace.end, field.valueSpan.end);
  return [{ start: replace.start, end, newText: `${replace.newText}${text.slice(replace.end, end)}  # ${written.replace(/\s+/g, ' ')}` }];
}

/**
 * A title written after the id starting with a bracket (`- TASK_7: [Backend]: Implement login`): YAML reads a list (and
 * here a key of its own), the task has no title, and nothing else says so. Quoting the line's rest makes it the title.
 */
function lintListTitle(task: BoardTask, text: string, out: Problem[]): void {
  const start = task.titleSpan.start;
  const c = text.charCodeAt(start);
  if (c !== 91 && c !== 123) return; // `[`, `{`
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  while (end > start && /[ \t\r]/.test(text[end - 1]!)) end--;
  const written = text.slice(start, end);
  out.push(problem(task, 'unquoted-colon', 'error', `The title of ${name(task)} (${written}) is read by YAML as a ${c === 91 ? 'list' : 'map'}, so the task has no title; quote it`, { start, end }, [
    { title: 'Quote the title', edits: [{ start, end, newText: plainOrQuoted(written) }], preferred: true },
  ]));
}

/**
 * A key that spells the status otherwise (`Status`, `STATUS`, `state`) and holds a word, when the task has no `status`
 * key. Left empty, it says no status: the task gets the missing status's own fix.
 */
/**
 * A held task with no agent read. Its agent written under a key spelled otherwise (`Assignee: bob`): the rename is
 * the fix, and fix-all's; the release (a lifecycle move) stays on offer only.
 */
function claimWithoutAgent(task: BoardTask, status: string, field: FieldSpan, release: Fix): Problem {
  const key = [...task.fieldSpans.keys()].find((k) => k !== k.toLowerCase() && (AGENT_KEYS as readonly string[]).includes(k.toLowerCase()));
  const other = key === undefined ? undefined : task.fieldSpans.get(key)!;
  if (!key || !other || String(task.fields[key] ?? '').trim() === '') {
    return problem(task, 'claim-without-agent', 'error', `${name(task)} is ${status} but has no assigned_agent`, field.valueSpan, [release]);
  }
  const lower = key.toLowerCase();
  return problem(task, 'claim-without-agent', 'error', `${name(task)} is ${status} but has no agent read: "${key}" is not read as it; write it as ${lower}`, other.keySpan, [
    { title: `Rename ${key} to ${lower}`, edits: [{ ...other.keySpan, newText: lower }], preferred: true },
    release,
  ]);
}

/** A `status:done` (or `state:done`) line of the item, its key run into its value: the line, and where its colon is. */
function statusRunTogether(task: BoardTask, text: string): { line: Span; colon: number } | undefined {
  const item = text.slice(task.span.start, task.span.end);
  // The value words with no colon of their own (`status:created_at: …` is two lines run together), starting with a
  // letter, a digit or a quote: after a mark YAML reads (`status:| x`), the space would make a block of it.
  const found = /^[ \t]+(?:status|state):(?=[\p{L}\p{N}_"'])[^:\r\n]*$/imu.exec(item);
  if (!found) return undefined;
  const start = task.span.start + found.index + (found[0].length - found[0].trimStart().length);
  const end = task.span.start + found.index + found[0].trimEnd().length;
  return { line: { start, end }, colon: start + text.slice(start, end).indexOf(':') };
}

function statusSpelledOtherwise(task: BoardTask): string | undefined {
  for (const key of task.fieldSpans.keys()) {
    const letters = key.toLowerCase().replace(/[^a-z]/g, '');
    if (key === 'status' || (letters !== 'status' && letters !== 'state')) continue;
    const value = task.fields[key];
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number' || typeof value === 'boolean') return key;
  }
  return undefined;
}

/**
 * A YAML task's dependency fields written another way: read as the field they mean, and said, with the rename, as
 * other tools (and agents told the format) read only the field's own name.
 */
function lintDependencySpellings(task: BoardTask, out: Problem[]): void {
  const keys = dependencyKeys(task);
  // Most tasks name no dependency: no iterator, no context for the closure below.
  if (keys.length === 0) return;
  lintSpellingsOf(task, keys, out);
}

function lintSpellingsOf(task: BoardTask, keys: readonly string[], out: Problem[]): void {
  for (const key of keys) {
    const field = dependencyFieldOf(key)!;
    if (field === key) continue;
    const span = task.fieldSpans.get(key);
    if (!span) continue;
    // Renamed beside the field itself, or beside another spelling of it renamed too, the key would be there twice.
    const spelledTwice = keys.some((other) => other !== key && dependencyFieldOf(other) === field);
    const fixes: Fix[] = task.fieldSpans.has(field) || spelledTwice ? [] : [{ title: `Rename to ${field}`, edits: [{ ...span.keySpan, newText: field }], preferred: true }];
    out.push(problem(task, 'dependency-spelling', 'warning', `"${key}" is read as ${field}; write it so, as other tools read only that name`, span.keySpan, fixes));
  }
}

/**
 * A Status cell the parse could not read (`❌`, `Blocked` in a lifecycle without it) gets a fix to each status, in
 * the words the table writes (`In Progress`), as a YAML item's unknown status does: the parse alone cannot say them.
 */
function offerStatusCells(board: ParsedBoard, text: string, out: Problem[], statusWords: () => readonly string[]): void {
  let byCell: Map<number, BoardTask> | undefined;
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    if (p.code !== 'unknown-status' || p.fixes.length > 0 || p.taskId === undefined) continue;
    byCell ??= new Map(board.tasks.filter((t) => t.shape === 'table-row').map((t) => [t.fieldSpans.get('status')?.valueSpan.start ?? -1, t]));
    const task = byCell.get(p.span.start);
    if (!task) continue;
    out[i] = { ...p, fixes: statusWords().map((word): Fix => ({ title: `Set Status to ${word}`, edits: tableCellEdits(text, task, 'status', word) })) };
  }
}

/** All problems of the board, parse problems included, in file order. */
export function lintBoard(board: ParsedBoard, text: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE, idsElsewhere?: IdsElsewhere): Problem[] {
  // Two versions of some tasks at once: the conflict is the problem; ids and fields are judged once it is resolved.
  if (isConflicted(board)) return [...board.problems];
  const out: Problem[] = [...board.problems];
  // The table's word for each status, in the lifecycle's order: each a walk of the board's rows, made once per lint.
  let words: readonly string[] | undefined;
  const statusWords = (): readonly string[] => (words ??= allStatuses(lifecycle).map((status) => tableStatusWord(board, status)));
  offerStatusCells(board, text, out, statusWords);
  lintIds(board, text, out, idsElsewhere);
  // Scans the text only if a timestamp is ambiguous, once.
  const convention = dateConvention(text);
  // An index loop: the loop runs once per lint, mostly before V8 optimizes it, and a for-of there
  // makes an iterator result per task.
  const tasks = board.tasks;
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!;
    if (task.shape === 'checkbox' || task.shape === 'table-row') {
      lintMarkdownTask(task, text, out, lifecycle, statusWords);
      continue;
    }
    if (task.title === '') lintListTitle(task, text, out);
    lintStatus(task, text, board.eol, out, lifecycle);
    lintDependencySpellings(task, out);
    lintPriority(task, text, out);
    lintTimestamps(task, out, convention);
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
