// One task changed on both sides: merged field by field (a board item) or
// line by line (a checklist item), or left as a conflict (undefined).
//
// - A field changed on one side only is taken from that side.
// - A status moved differently on both sides by the same agent takes the copy
//   further along the lifecycle, with its timestamps (`claimed_at`, ...): the
//   other branch had simply not caught up.
// - Different agents (a claim on each branch, or a release on one and
//   progress on the other) and any other field changed differently on both
//   sides are a conflict: only a person can say which is right.
import { DEFAULT_LIFECYCLE, lifecycleRank as rankIn } from '../lifecycleModel';

// The merge driver runs inside git with no settings file at hand: ranks are the default lifecycle's.
const lifecycleRank = (status: string): number => rankIn(DEFAULT_LIFECYCLE, status);
import type { BoardTask, Status, Task } from '../model';
import { alignThree } from './diff3';
import { normalize, type MergeUnit } from './mergeUnits';
import { displayWidth, rowCells, type Cell } from '../board/tableCells';
import { readItemLine } from '../checklist/itemLine';
import { withoutMentions } from '../board/agentMention';
import { pushAll } from '../arrays';

/**
 * The merged body: one side's own (changed on that side only, or alike on both: its bytes, each line with its own
 * line break), or a merge of both (`\n` line breaks); undefined when the two changes conflict.
 */
export function mergeTaskBody(base: MergeUnit, ours: MergeUnit, theirs: MergeUnit): { readonly side: 'ours' | 'theirs' } | { readonly merged: string } | undefined {
  const b = normalize(base.body);
  const o = normalize(ours.body);
  const t = normalize(theirs.body);
  if (holdsDiffer(base.task, ours.task, theirs.task)) return undefined;
  if (o === t || t === b) return { side: 'ours' };
  if (o === b) return { side: 'theirs' };
  const merged = mergeBoth(base, ours, theirs, b, o, t);
  return merged === undefined ? undefined : { merged };
}

function mergeBoth(base: MergeUnit, ours: MergeUnit, theirs: MergeUnit, b: string, o: string, t: string): string | undefined {
  if (ours.task?.kind === 'board' && theirs.task?.kind === 'board' && base.task?.kind === 'board') {
    const winner = furtherSameAgent(ours.task, theirs.task);
    if (ours.task.shape === 'table-row' && theirs.task.shape === 'table-row' && base.task.shape === 'table-row') {
      return mergeRowCells(b, o, t, winner && { column: statusColumn(ours, o), take: winner });
    }
    // A checkbox item moved on both sides by one agent is the copy further along when the two differ only in their
    // boxes (one ticked on the way to done). Otherwise its first line and the lines under it (sub-items, notes) merge
    // as a checklist item's do: a sub-item ticked on each side is two changes, not a conflict.
    if (ours.task.shape === 'checkbox' && theirs.task.shape === 'checkbox') {
      if (winner && unboxed(o) === unboxed(t)) return winner === 'ours' ? o : t;
      return mergeChecklistItem(b, o, t, ours.task.status, theirs.task.status);
    }
    return mergeFields(base, ours, theirs);
  }
  if (ours.task?.kind === 'checklist' && theirs.task?.kind === 'checklist') return mergeChecklistItem(b, o, t, ours.task.status, theirs.task.status);
  return undefined;
}

/** A checkbox item's text with its box unticked, to compare two copies but for their boxes (read as the parse reads an item). */
function unboxed(item: string): string {
  const nl = item.indexOf('\n');
  const box = readItemLine(nl < 0 ? item : item.slice(0, nl), 0)?.checkbox;
  return box ? `${item.slice(0, box.start)}[ ]${item.slice(box.end)}` : item;
}

/** Which cell of ours' row (`o`, its body) is the Status cell; -1 when none is. */
function statusColumn(ours: MergeUnit, o: string): number {
  const at = (ours.task as BoardTask).fieldSpans.get('status')?.keySpan.start;
  if (at === undefined || ours.bodyStart === undefined) return -1;
  return rowCells(o, 0, o.length).findIndex((c) => c.span.start + ours.bodyStart! === at);
}

/**
 * A table row changed on both sides: cell by cell, a cell changed on one side taken from that side, written into
 * ours' row (padded to ours' width when shorter, so an aligned table stays aligned). Undefined when a cell changed
 * two ways, or the rows do not have the same cells; but the Status cell both sides moved by one agent is `moved`'s
 * `take` side's (the copy further along).
 */
function mergeRowCells(b: string, o: string, t: string, moved?: { readonly column: number; readonly take: 'ours' | 'theirs' }): string | undefined {
  if (b.includes('\n') || o.includes('\n') || t.includes('\n')) return undefined;
  const [cb, co, ct] = [rowCells(b, 0, b.length), rowCells(o, 0, o.length), rowCells(t, 0, t.length)];
  if (co.length !== cb.length || ct.length !== cb.length) return undefined;
  const content = (text: string, cell: Cell): string => text.slice(cell.content.start, cell.content.end);
  let out = o;
  for (let i = co.length - 1; i >= 0; i--) {
    const [bv, ov, tv] = [content(b, cb[i]!), content(o, co[i]!), content(t, ct[i]!)];
    if (ov === tv || tv === bv) continue;
    if (ov !== bv && !(moved?.column === i)) return undefined;
    if (ov !== bv && moved?.take === 'ours') continue;
    // The cell keeps its width when the new text fits: ours' blanks before it (one in a cell that was empty), and
    // as many after as it needs.
    const cell = co[i]!;
    // An outer cell of a row written without outer pipes (`kim | Export | done`) has nothing beyond it to keep in
    // line; emptied, it takes the pipe it lacks, without which it would be no cell.
    const opened = o[cell.span.start - 1] === '|';
    const closed = o[cell.span.end] === '|';
    if (tv === '' && !(opened && closed)) {
      out = out.slice(0, cell.span.start) + (opened ? ' |' : '| ') + out.slice(cell.span.end);
      continue;
    }
    const width = displayWidth(o.slice(cell.span.start, cell.span.end));
    const empty = ov === '';
    const lead = empty ? Math.min(width, 1) : cell.content.start - cell.span.start;
    const trail = empty ? width - lead : cell.span.end - cell.content.end;
    const blanks = closed ? Math.max(trail > 0 || empty ? 1 : 0, width - lead - displayWidth(tv)) : 0;
    out = out.slice(0, cell.span.start) + ' '.repeat(lead) + tv + ' '.repeat(blanks) + out.slice(cell.span.end);
  }
  return out;
}

/** Fields that travel with a status move: the status itself and the move's timestamps. */
function movesWithStatus(key: string): boolean {
  return key === 'status' || key.endsWith('_at');
}

function mergeFields(base: MergeUnit, ours: MergeUnit, theirs: MergeUnit): string | undefined {
  const b = fieldPieces(base);
  const o = fieldPieces(ours);
  const t = fieldPieces(theirs);
  const merged = new Map<string, string | undefined>();
  const conflicted: string[] = [];
  const order = unionOrder([...o.keys()], [...t.keys()]);
  for (const key of order) {
    const bv = b.get(key);
    const ov = o.get(key);
    const tv = t.get(key);
    if (ov === tv || tv === bv) merged.set(key, ov);
    else if (ov === bv) merged.set(key, tv);
    else conflicted.push(key);
  }
  if (conflicted.length > 0) {
    const winner = furtherSameAgent(ours.task as BoardTask, theirs.task as BoardTask);
    if (!winner || !conflicted.every(movesWithStatus)) return undefined;
    const from = winner === 'ours' ? o : t;
    for (const key of conflicted) merged.set(key, from.get(key));
  }
  const parts: string[] = [];
  for (const key of order) {
    const piece = merged.get(key);
    if (piece !== undefined) parts.push(piece);
  }
  return parts.join('\n');
}

/**
 * A task both sides added under one id (not in the base): whether it is one task that one side has moved on, and if
 * so which copy is further along. That is how a synced `add` meets the board branch: the branch claims the task
 * while the feature branch still holds it as added. It is one task when the two copies differ only in the status,
 * the agent and the moves' timestamps, the status of one is further along, and the copy behind names no other agent
 * (or they are the same text). Anything else is two tasks that happen to share an id, kept both (lint says so).
 */
export function furtherCopyOfNewTask(ours: MergeUnit, theirs: MergeUnit): 'ours' | 'theirs' | undefined {
  if (normalize(ours.body) === normalize(theirs.body)) return 'ours';
  const o = ours.task;
  const t = theirs.task;
  if (o?.kind !== 'board' || t?.kind !== 'board' || o.status === undefined || t.status === undefined) return undefined;
  if (o.title !== t.title || t.shape !== o.shape) return undefined;
  const agentKey = o.agentKey ?? 'assigned_agent';
  if ((t.agentKey ?? 'assigned_agent') !== agentKey) return undefined;
  if (o.shape === 'checkbox') {
    // The item's words and the lines under it alike; its box, stamp, `@agent` and section are its hold.
    const [o0, ...oRest] = normalize(ours.body).split('\n');
    const [t0, ...tRest] = normalize(theirs.body).split('\n');
    if (itemWords(o0) !== itemWords(t0) || !same(oRest, tRest)) return undefined;
  } else if (o.shape === 'table-row') {
    for (const key of new Set([...Object.keys(o.fields), ...Object.keys(t.fields)])) {
      const cell = (task: BoardTask): string => String(task.fields[key] ?? '').trim();
      if (key !== 'status' && key !== agentKey && !movesWithStatus(key) && cell(o) !== cell(t)) return undefined;
    }
  } else {
    const op = fieldPieces(ours);
    const tp = fieldPieces(theirs);
    for (const key of new Set([...op.keys(), ...tp.keys()])) {
      if (op.get(key) !== tp.get(key) && !movesWithStatus(key) && key !== agentKey) return undefined;
    }
  }
  const [ro, rt] = [lifecycleRank(o.status), lifecycleRank(t.status)];
  if (ro === rt) return undefined;
  const [behind, ahead] = rt > ro ? [o, t] : [t, o];
  const behindAgent = behind.assignedAgent?.trim() ?? '';
  if (behindAgent !== '' && behindAgent !== (ahead.assignedAgent?.trim() ?? '')) return undefined;
  return rt > ro ? 'theirs' : 'ours';
}

/**
 * Whether the two sides' changes to who holds a board task, and in which status, cannot be merged apart: merged
 * field by field (or cell by cell), one side's start and the other's new agent made a start by an agent who never
 * started. So it is a conflict when both sides changed the status or the agent, each side then names an agent and
 * not the same one; and when one side renamed the task while the other moved its status, as the id may now name
 * another task (a new task put before it, and the old one renumbered). Moves are read as the parse reads them: a
 * checkbox item moved to another section has changed its status.
 */
function holdsDiffer(base: Task | undefined, ours: Task | undefined, theirs: Task | undefined): boolean {
  if (base?.kind !== 'board' || ours?.kind !== 'board' || theirs?.kind !== 'board') return false;
  const status = (task: BoardTask): string => task.status ?? task.statusText ?? '';
  const agent = (task: BoardTask): string => task.assignedAgent?.trim() ?? '';
  const moved = (task: BoardTask): boolean => status(task) !== status(base);
  const [oursHeld, theirsHeld] = [moved(ours) || agent(ours) !== agent(base), moved(theirs) || agent(theirs) !== agent(base)];
  if (oursHeld && theirsHeld && agent(ours) !== '' && agent(theirs) !== '' && agent(ours) !== agent(theirs)) return true;
  // A move that names nobody new on one side, a new agent on the other: merged, the new agent would be the one who
  // made the move (`Done` and `bob` became done by bob).
  const movedAlone = (task: BoardTask): boolean => moved(task) && agent(task) === agent(base);
  const newAgent = (task: BoardTask): boolean => agent(task) !== '' && agent(task) !== agent(base);
  if (status(ours) !== status(theirs) && ((movedAlone(ours) && newAgent(theirs)) || (movedAlone(theirs) && newAgent(ours)))) return true;
  const [oursRenamed, theirsRenamed] = [ours.title !== base.title, theirs.title !== base.title];
  return (moved(ours) && theirsRenamed && !oursRenamed) || (moved(theirs) && oursRenamed && !theirsRenamed);
}

/** Which copy is further along when both name the same agent; undefined when the agents differ or a status is unknown. */
function furtherSameAgent(ours: BoardTask, theirs: BoardTask): 'ours' | 'theirs' | undefined {
  const agent = ours.assignedAgent?.trim() ?? '';
  if (agent === '' || agent !== (theirs.assignedAgent?.trim() ?? '')) return undefined;
  if (ours.status === undefined || theirs.status === undefined) return undefined;
  return lifecycleRank(theirs.status) > lifecycleRank(ours.status) ? 'theirs' : 'ours';
}

/**
 * The item's text cut at each top-level field's line, keyed by field name, in
 * order; each piece without its final line break (`\n` breaks). Comment lines
 * stay with the field above them; the first piece starts at the item's start.
 */
function fieldPieces(unit: MergeUnit): Map<string, string> {
  const task = unit.task as BoardTask;
  const source = unit.source!;
  const start = unit.bodyStart!;
  const end = start + unit.body.length;
  const cuts: Array<[number, string]> = [];
  for (const [key, span] of task.fieldSpans) {
    const lineStart = Math.max(start, source.lastIndexOf('\n', span.keySpan.start - 1) + 1);
    cuts.push([lineStart, key]);
  }
  cuts.sort((x, y) => x[0] - y[0]);
  const pieces = new Map<string, string>();
  for (let i = 0; i < cuts.length; i++) {
    const from = i === 0 ? start : cuts[i]![0];
    const to = i + 1 < cuts.length ? cuts[i + 1]![0] : end;
    if (to <= from && i > 0) continue; // two keys on one line: the first one holds it
    pieces.set(cuts[i]![1], normalize(source.slice(from, to)).replace(/\n$/, ''));
  }
  if (cuts.length === 0) pieces.set('', normalize(unit.body));
  return pieces;
}

/** Ours' keys in order, each key only theirs has placed after the key it follows there. */
export function unionOrder(ours: readonly string[], theirs: readonly string[]): string[] {
  const out = [...ours];
  const have = new Set(ours);
  let at = 0;
  for (const key of theirs) {
    if (have.has(key)) {
      at = out.indexOf(key) + 1;
      continue;
    }
    out.splice(at, 0, key);
    have.add(key);
    at++;
  }
  return out;
}

/**
 * A checklist item: its first line (the checkbox, ticked or not, with a
 * completed date) follows the copy in the section further along; the lines
 * under it (subtasks, notes) merge line by line.
 */
function mergeChecklistItem(b: string, o: string, t: string, oursStatus: Status | undefined, theirsStatus: Status | undefined): string | undefined {
  const [b0, ...bRest] = b.split('\n');
  const [o0, ...oRest] = o.split('\n');
  const [t0, ...tRest] = t.split('\n');
  let first: string | undefined;
  if (o0 === t0 || t0 === b0) first = o0;
  else if (o0 === b0) first = t0;
  else if (oursStatus !== undefined && theirsStatus !== undefined && oursStatus !== theirsStatus) {
    const [further, behind] = lifecycleRank(theirsStatus) > lifecycleRank(oursStatus) ? [t0, o0] : [o0, t0];
    // The line further along, unless the side behind changed the item's words too (not only its box, stamp or
    // agent): those would be lost. Both are said in a conflict then.
    if (itemWords(behind) === itemWords(b0)) first = further;
  }
  const rest = mergeBoxes(bRest, oRest, tRest) ?? mergeLines(bRest, oRest, tRest);
  if (first === undefined || rest === undefined) return undefined;
  return [first, ...rest].join('\n');
}

/**
 * Lines that differ on the three sides only in their boxes (sub-items ticked), merged line by line: a box ticked on
 * each side, even on adjacent lines, is two changes. Undefined when the lines differ otherwise, or one box was
 * changed both ways.
 */
function mergeBoxes(base: readonly string[], ours: readonly string[], theirs: readonly string[]): string[] | undefined {
  if (ours.length !== base.length || theirs.length !== base.length) return undefined;
  const out: string[] = [];
  for (let i = 0; i < base.length; i++) {
    const [b, o, t] = [base[i]!, ours[i]!, theirs[i]!];
    if (unboxed(o) !== unboxed(b) || unboxed(t) !== unboxed(b)) return undefined;
    if (o === t || t === b) out.push(o);
    else if (o === b) out.push(t);
    else return undefined;
  }
  return out;
}

/** A checklist item line's words: without its box, its completion stamp and its `@agent`, blanks collapsed. */
function itemWords(line: string | undefined): string {
  const words = line === undefined ? '' : (readItemLine(line, 0)?.title ?? line);
  return withoutMentions(words).replace(/\s+/g, ' ').trim();
}

/** A plain three-way merge of lines; undefined when both sides change the same lines differently. */
export function mergeLines(base: readonly string[], ours: readonly string[], theirs: readonly string[]): string[] | undefined {
  const ids = new Map<string, number>();
  const id = (line: string): number => {
    let n = ids.get(line);
    if (n === undefined) ids.set(line, (n = ids.size));
    return n;
  };
  const regions = alignThree(base.map(id), ours.map(id), theirs.map(id));
  if (!regions) return undefined;
  const out: string[] = [];
  for (const r of regions) {
    const b = base.slice(r.base[0], r.base[1]);
    const o = ours.slice(r.ours[0], r.ours[1]);
    const t = theirs.slice(r.theirs[0], r.theirs[1]);
    if (r.stable || same(o, t) || same(t, b)) pushAll(out, o);
    else if (same(o, b)) pushAll(out, t);
    else return undefined;
  }
  return out;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
