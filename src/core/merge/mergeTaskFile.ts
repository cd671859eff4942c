// A three-way merge of one task file (a board, a checklist or a work log) that
// merges tasks, not lines: three texts in, the merged text and its number of
// conflicts out. Pure: git's own line merge, for the texts this cannot read,
// is the caller's fallback.
//
// How:
// - Each side is cut into units (mergeUnits.ts): tasks keyed by id, history
//   lines and work-log entries by their text, every other line on its own.
// - The three unit sequences are aligned; a task's edits never change its
//   key, so edits inside different tasks never meet, whatever lines they touch.
// - A task kept on both sides is merged field by field (mergeTask.ts).
// - Where both sides changed the sequence at one place, units are united:
//   what either side added is kept (ours first; history lines and log entries
//   in time order), what either side removed goes, unless the other side
//   changed it (a removed-and-edited task is a conflict, never a loss). Only
//   prose changed differently on both sides is a line conflict.
// - A task both sides moved to different places (a checklist item to two
//   sections) is kept once, where the side further along put it.
// - Every other byte comes from ours: comments, quoting, line breaks, BOM.
// - The result is read back; if its tasks are not the ones merged, the merge
//   is refused (`unmergeable`) so the caller falls back to a line merge.
import type { FileKind, Status } from '../model';
import { DEFAULT_LIFECYCLE, lifecycleRank as rankIn } from '../lifecycleModel';

// The merge driver runs inside git with no settings file at hand: ranks are the default lifecycle's.
const lifecycleRank = (status: string): number => rankIn(DEFAULT_LIFECYCLE, status);
import { paddingFree, realignTables } from './alignTables';
import { alignThree } from './diff3';
import { furtherCopyOfNewTask, mergeTaskBody } from './mergeTask';
import { mergedTasks, mergeUnits, normalize, type MergeUnit } from './mergeUnits';
import { escapeRegExp } from '../text';
import { pushAll } from '../arrays';

export interface MergeInput {
  readonly kind: FileKind;
  /** The file's path in the repository (a checklist's agent is its name). */
  readonly file: string;
  readonly base: string;
  readonly ours: string;
  readonly theirs: string;
  /** Conflict marker length (git's `%L`); 7 by default. */
  readonly markerSize?: number;
  readonly labels?: { readonly ours: string; readonly theirs: string };
}

export type MergeResult =
  | { readonly kind: 'merged'; readonly text: string; readonly conflicts: number }
  | { readonly kind: 'unmergeable'; readonly reason: string };

type Side = 'ours' | 'theirs';

/**
 * What the output is made of: a unit from one side, or a conflict block already rendered; `holds`: the kind of unit
 * inside the block when it is one task or entry (what follows it is separated as from one).
 */
type Piece = { readonly unit: MergeUnit; readonly side: Side; lead?: string } | { readonly conflict: string; readonly holds?: MergeUnit['kind'] };

const BOM = '\ufeff';

export function mergeTaskFile(input: MergeInput): MergeResult {
  if (input.kind === 'agent') return { kind: 'unmergeable', reason: 'agent definitions are merged line by line' };
  for (const side of ['base', 'ours', 'theirs'] as const) {
    const why = unreadable(input[side]);
    if (why) return { kind: 'unmergeable', reason: `${side}: ${why}` };
  }
  const strip = (text: string): string => (text.startsWith(BOM) ? text.slice(1) : text);
  const hasBom = input.ours.startsWith(BOM) || (input.theirs.startsWith(BOM) && !input.base.startsWith(BOM));
  const merge = new ThreeWay(input, strip(input.base), strip(input.ours), strip(input.theirs));
  const result = merge.run();
  if (result.kind === 'unmergeable') return result;
  return { ...result, text: (hasBom ? BOM : '') + result.text };
}

/** Why a side cannot be merged task by task, or undefined when it can. */
export function unreadable(text: string): string | undefined {
  if (text.includes('\0')) return 'it holds NUL characters (not a text file)';
  // Any length from 7: in a criss-cross merge git makes the virtual base with longer markers (9 for the inner merge),
  // and read as a board, its two copies of a task became one task and a `#2`.
  if (/^(?:<{7,}|>{7,})(?: |\r?$)/m.test(text)) return 'it holds conflict markers from an earlier merge';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return 'it is not valid text (lone surrogates)';
  return undefined;
}

class ThreeWay {
  private readonly base: MergeUnit[];
  private readonly ours: MergeUnit[];
  private readonly theirs: MergeUnit[];
  private readonly baseTasks: Map<string, MergeUnit>;
  private readonly oursTasks: Map<string, MergeUnit>;
  private readonly theirsTasks: Map<string, MergeUnit>;
  /** Tasks both sides added under one id that are one task moved on by one side: the side whose copy is kept. */
  private readonly addedOnBoth = new Map<string, Side>();
  private readonly eol: string;
  private readonly convertTheirs: boolean;
  /** Whether ours keeps its entries newest first (a log written at the top): both sides' new ones then go so too. */
  private readonly newestFirst: boolean;
  private readonly open: string;
  private readonly middle: string;
  private readonly close: string;
  private conflicts = 0;

  constructor(private readonly input: MergeInput, base: string, private readonly oursText: string, private readonly theirsText: string) {
    this.base = mergeUnits(input.kind, input.file, base);
    this.ours = mergeUnits(input.kind, input.file, oursText);
    this.theirs = mergeUnits(input.kind, input.file, theirsText);
    this.baseTasks = tasksByKey(this.base);
    this.oursTasks = tasksByKey(this.ours);
    this.theirsTasks = tasksByKey(this.theirs);
    for (const [key, unit] of this.oursTasks) {
      const other = this.theirsTasks.get(key);
      if (this.baseTasks.has(key) || !other) continue;
      const further = furtherCopyOfNewTask(unit, other);
      if (further) this.addedOnBoth.set(key, further);
    }
    this.eol = eolOf(oursText) ?? eolOf(theirsText) ?? '\n';
    this.newestFirst = newestFirst(this.ours);
    // Theirs' lines take ours' break when ours writes one kind throughout and theirs writes another anywhere (a line
    // an editor added with LF to a CRLF file); in a file whose own breaks are mixed, each line keeps its own.
    this.convertTheirs = allBreaksAre(oursText, this.eol) && !allBreaksAre(theirsText, this.eol);
    const size = input.markerSize ?? 7;
    this.open = `${'<'.repeat(size)} ${input.labels?.ours ?? 'ours'}`;
    this.middle = '='.repeat(size);
    this.close = `${'>'.repeat(size)} ${input.labels?.theirs ?? 'theirs'}`;
  }

  run(): MergeResult {
    const repeated = this.repeatedId();
    if (repeated) return { kind: 'unmergeable', reason: repeated };
    const unread = this.itemNoLongerRead();
    if (unread) return { kind: 'unmergeable', reason: unread };
    const numbers = new Map<string, number>();
    const number = (unit: MergeUnit): number => {
      const id = this.ident(unit);
      let n = numbers.get(id);
      if (n === undefined) numbers.set(id, (n = numbers.size));
      return n;
    };
    const regions = alignThree(this.base.map(number), this.ours.map(number), this.theirs.map(number));
    if (!regions) return { kind: 'unmergeable', reason: 'the sides differ too much to align task by task' };
    const pieces: Piece[] = [];
    for (const r of regions) {
      const o = this.ours.slice(r.ours[0], r.ours[1]);
      if (r.stable) {
        o.forEach((unit, k) => {
          const [was, other] = [this.base[r.base[0] + k]!, this.theirs[r.theirs[0] + k]!];
          // A table line only theirs padded anew (the sides align such lines by their words): theirs', in line with
          // the rows theirs padded with it.
          if (unit.kind === 'line' && unit.key === was.key && other.key !== was.key) pieces.push({ unit: other, side: 'theirs' });
          else pieces.push({ unit, side: 'ours', lead: this.mergedLead(was, unit, other) });
        });
      } else pushAll(pieces, this.resolve(this.base.slice(r.base[0], r.base[1]), o, this.theirs.slice(r.theirs[0], r.theirs[1])));
    }
    const kept = this.oncePerTask(pieces);
    // A side whose last line has no line break gives its last unit none: followed by anything, it gets one.
    let text = kept
      .map((p, i) => {
        const out = this.render(this.separated(p, kept[i - 1]));
        return i < kept.length - 1 && out !== '' && !/[\r\n]$/.test(out) ? out + this.eol : out;
      })
      .join('');
    // Ours ends with a line break: so does the merge, though what theirs added last came without one.
    const last = kept[kept.length - 1];
    if (last && 'unit' in last && last.side === 'theirs' && /[\r\n]$/.test(this.oursText) && !/[\r\n]$/.test(text)) text += this.eol;
    if (this.conflicts === 0) {
      if (this.input.kind === 'board') text = realignTables(text, [this.oursText, this.theirsText]);
      const lost = this.readBack(text, kept);
      if (lost) return { kind: 'unmergeable', reason: lost };
    }
    return { kind: 'merged', text, conflicts: this.conflicts };
  }

  /**
   * Why the sides cannot be merged task by task because an id repeats in one of them, or undefined. A repeated id's
   * copies are told apart by their places (`TASK_002#2`, a checklist's `~2`): a change on one side (a copy
   * renumbered, removed or moved) made the other side's edit of one copy land on the other.
   */
  private repeatedId(): string | undefined {
    for (const [units, side] of [[this.base, 'base'], [this.ours, 'ours'], [this.theirs, 'theirs']] as const) {
      const twice = units.find((u) => u.kind === 'task' && (u.key !== u.task?.id || withoutRepeatMark(u.key) !== u.key));
      if (twice) return `${side}: the id ${withoutRepeatMark(twice.task?.id ?? twice.key)} is used more than once, so the file is merged line by line`;
    }
    return undefined;
  }

  /**
   * Why a side's tasks cannot be matched with the base's because one of them is still written there as an item but no
   * longer read as a task (its fence made a ```text one, its item's YAML broken), or undefined. Merged task by task,
   * the other side's edit of it would come back as a second copy; git's line merge keeps the one item.
   */
  private itemNoLongerRead(): string | undefined {
    if (this.input.kind !== 'board') return undefined;
    for (const [tasks, text, side] of [[this.oursTasks, this.oursText, 'ours'], [this.theirsTasks, this.theirsText, 'theirs']] as const) {
      for (const [key, unit] of this.baseTasks) {
        const id = unit.task?.id;
        if (tasks.has(key) || id === undefined) continue;
        const quoted = escapeRegExp(id);
        if (new RegExp(`^[ \\t]*- +(?:id: *)?["']?${quoted}["']? *:`, 'm').test(text)) return `${side}: ${id} is still written as an item but no longer read as a task, so the file is merged line by line`;
      }
    }
    return undefined;
  }

  /**
   * What aligns a unit across sides: a task known to the base by its id; a new task by its id and text, or by its id
   * alone when both sides added it and one moved it on (`addedOnBoth`); anything else by its text, a table line's
   * without its padding (each side may have widened a column: see alignTables.ts).
   */
  private ident(unit: MergeUnit): string {
    if (unit.kind === 'task') {
      if (this.baseTasks.has(unit.key)) return `T${unit.key}`;
      return this.addedOnBoth.has(unit.key) ? `S${unit.key}` : `N${unit.key}\0${normalize(unit.body)}`;
    }
    return unit.kind === 'entry' ? `E${unit.key}` : `L${paddingFree(unit.key)}`;
  }

  /**
   * The blank lines above a task or entry once the merge has put its neighbours
   * together: none when it is now the first of its block (the one above was
   * removed on one side), and the file's usual separation when it was the first
   * of its block on its side and now follows one of its kind.
   */
  private separated(piece: Piece, above: Piece | undefined): Piece {
    if (!('unit' in piece) || piece.unit.kind === 'line') return piece;
    // A conflict block over one entry: what follows it is separated from it as from that entry.
    const follows = above !== undefined && ('conflict' in above ? above.holds === piece.unit.kind : above.unit.kind === piece.unit.kind);
    if (!follows) return { ...piece, lead: '' };
    if (piece.unit.afterSameKind) return piece;
    return { ...piece, lead: this.usualLead(piece.unit.kind) };
  }

  /** What separates two tasks (or two entries) in ours, else theirs, else the base; else a blank line between log entries. */
  private usualLead(kind: MergeUnit['kind']): string {
    for (const [units, side] of [[this.ours, 'ours'], [this.theirs, 'theirs'], [this.base, 'ours']] as const) {
      const sample = units.find((u) => u.kind === kind && u.afterSameKind);
      if (sample) return this.lead(sample, side);
    }
    return kind === 'entry' && this.input.kind === 'worklog' ? this.eol : '';
  }

  /** A place both sides changed. */
  private resolve(base: MergeUnit[], ours: MergeUnit[], theirs: MergeUnit[]): Piece[] {
    const prose = (units: MergeUnit[]): string => JSON.stringify(units.filter((u) => u.kind === 'line').map((u) => paddingFree(u.key)));
    const [pb, po, pt] = [prose(base), prose(ours), prose(theirs)];
    if (po !== pb && pt !== pb && po !== pt) {
      this.conflicts++;
      // A task one side moved in here is gone from where the other side edited it (dropped there as moved): that
      // side's copy goes into its half of the block, or its edit would be lost.
      const ours2 = [...this.editedElsewhere(ours, theirs, 'ours'), ...ours];
      const theirs2 = [...this.editedElsewhere(theirs, ours, 'theirs'), ...theirs];
      return [{ conflict: this.block(this.raw(ours2, 'ours'), this.raw(theirs2, 'theirs')) }];
    }
    return this.unite(base, ours, theirs);
  }

  /** `side`'s own copies, changed from the base, of the tasks `others` holds here and `units` (its half) does not. */
  private editedElsewhere(units: MergeUnit[], others: MergeUnit[], side: Side): MergeUnit[] {
    const here = new Set(units.filter((u) => u.kind === 'task').map((u) => u.key));
    const copies = side === 'ours' ? this.oursTasks : this.theirsTasks;
    return others.flatMap((u) => {
      if (u.kind !== 'task' || here.has(u.key)) return [];
      const copy = copies.get(u.key);
      const was = this.baseTasks.get(u.key);
      return copy && was && normalize(copy.body) !== normalize(was.body) ? [copy] : [];
    });
  }

  /** Everything either side added, without what either side removed (unless the other side edited it). */
  private unite(base: MergeUnit[], ours: MergeUnit[], theirs: MergeUnit[]): Piece[] {
    interface Slot { piece: Piece; id?: string; oursNew: boolean; claimed: boolean; timestamp?: string }
    const inBase = counts(base.map((u) => this.ident(u)));
    const inTheirs = counts(theirs.map((u) => this.ident(u)));
    const slots: Slot[] = [];
    const edited = this.editedOnBoth(base, ours, theirs);
    /** Theirs' copy of an entry both sides edited: the conflict slot it went into, which theirs' next units follow. */
    const conflictOf = new Map<MergeUnit, Slot>();
    for (const unit of ours) {
      const id = this.ident(unit);
      const theirsCopy = edited.get(unit);
      if (theirsCopy) {
        this.conflicts++;
        // The entry's lead (the `---` and blank lines above it) stays above the markers: whichever side is kept,
        // the entries stay apart.
        const conflict = this.lead(unit, 'ours') + this.block(this.unitText(unit, 'ours', unit.body, ''), this.unitText(theirsCopy, 'theirs', theirsCopy.body, ''));
        const slot: Slot = { piece: { conflict, holds: unit.kind }, id, oursNew: false, claimed: true };
        conflictOf.set(theirsCopy, slot);
        slots.push(slot);
        continue;
      }
      if (take(inBase, id)) {
        if (take(inTheirs, id)) slots.push({ piece: { unit, side: 'ours' }, id, oursNew: false, claimed: false });
        else if (this.editedButRemoved(unit, 'ours')) slots.push({ piece: { conflict: this.removedBy('theirs', unit) }, oursNew: false, claimed: false });
        continue; // theirs removed it here (or moved it elsewhere)
      }
      // Ours moved here a task theirs removed: gone, unless ours changed it too.
      if (this.removedByOther(unit, 'ours')) {
        if (this.editedButRemoved(unit, 'ours')) slots.push({ piece: { conflict: this.removedBy('theirs', unit) }, oursNew: false, claimed: false });
        continue;
      }
      slots.push({ piece: { unit, side: 'ours' }, id, oursNew: true, claimed: false, timestamp: unit.timestamp });
    }
    const baseIds = new Set(base.map((u) => this.ident(u)));
    let anchor = -1;
    for (const unit of theirs) {
      const inConflict = conflictOf.get(unit);
      if (inConflict) {
        anchor = slots.indexOf(inConflict);
        continue;
      }
      const id = this.ident(unit);
      const found = findUnclaimed(slots, id, anchor);
      if (found >= 0) {
        const slot = slots[found]!;
        slot.claimed = true;
        const kept = slot.piece;
        const was = base.find((u) => this.ident(u) === id);
        if ('unit' in kept && was) kept.lead = this.mergedLead(was, kept.unit, unit);
        anchor = found;
        continue;
      }
      let piece: Piece;
      if (baseIds.has(id) || this.removedByOther(unit, 'theirs')) {
        // Ours removed it here (or moved it elsewhere), or theirs moved here a task ours removed.
        if (!this.editedButRemoved(unit, 'theirs')) continue;
        piece = { conflict: this.removedBy('ours', unit) };
      } else piece = { unit, side: 'theirs' };
      // After what ours added here (ours first; entries in time order), but never past a line ours added: a heading
      // or a fence ours wrote below the place would take theirs' task into another section, or out of its fence.
      let at = anchor + 1;
      while (at < slots.length && oursAddedBefore(slots[at]!, unit.timestamp, this.newestFirst)) at++;
      slots.splice(at, 0, { piece, id, oursNew: false, claimed: true, timestamp: unit.timestamp });
      anchor = at;
    }
    return slots.map((s) => s.piece);
  }

  /**
   * Entries (a work-log entry, a history line) of the base that both sides changed, each in its own way: they are
   * matched by text, so each side's copy would be kept as an addition. Paired by their first line (the heading), ours
   * to theirs, for a conflict.
   */
  private editedOnBoth(base: MergeUnit[], ours: MergeUnit[], theirs: MergeUnit[]): Map<MergeUnit, MergeUnit> {
    const pairs = new Map<MergeUnit, MergeUnit>();
    const head = (u: MergeUnit): string => normalize(u.body).split('\n')[0]!;
    const ids = (units: MergeUnit[]) => new Set(units.map((u) => this.ident(u)));
    const [inOurs, inTheirs] = [ids(ours), ids(theirs)];
    const gone = new Set(base.filter((u) => u.kind === 'entry' && !inOurs.has(this.ident(u)) && !inTheirs.has(this.ident(u))).map(head));
    if (gone.size === 0) return pairs;
    const inBase = ids(base);
    const added = (units: MergeUnit[]) => units.filter((u) => u.kind === 'entry' && !inBase.has(this.ident(u)) && gone.has(head(u)));
    const theirsAdded = added(theirs);
    const taken = new Set<MergeUnit>();
    for (const unit of added(ours)) {
      const match = theirsAdded.find((t) => !taken.has(t) && head(t) === head(unit));
      if (match && this.ident(match) !== this.ident(unit)) {
        pairs.set(unit, match);
        taken.add(match);
      }
    }
    return pairs;
  }

  /** The blank lines above a unit both sides kept: theirs when only theirs changed them (removing the task above, say). */
  private mergedLead(base: MergeUnit, ours: MergeUnit, theirs: MergeUnit): string {
    return ours.lead === base.lead && theirs.lead !== base.lead ? this.lead(theirs, 'theirs') : ours.lead;
  }

  /** A task of the base that the side other than `keeper` no longer has anywhere in the file. */
  private removedByOther(unit: MergeUnit, keeper: Side): boolean {
    if (unit.kind !== 'task' || !this.baseTasks.has(unit.key)) return false;
    return !(keeper === 'ours' ? this.theirsTasks : this.oursTasks).has(unit.key);
  }

  /** A task one side kept and changed that the other side removed from the file altogether. */
  private editedButRemoved(unit: MergeUnit, keeper: Side): boolean {
    if (unit.kind !== 'task') return false;
    const remover = keeper === 'ours' ? this.theirsTasks : this.oursTasks;
    if (remover.has(unit.key)) return false; // moved, not removed
    const base = this.baseTasks.get(unit.key);
    // A checklist item moved to another section changed its status, though not its text.
    return base !== undefined && (normalize(base.body) !== normalize(unit.body) || base.task?.status !== unit.task?.status);
  }

  private removedBy(remover: Side, kept: MergeUnit): string {
    this.conflicts++;
    const text = this.unitText(kept, remover === 'ours' ? 'theirs' : 'ours', kept.body);
    return remover === 'ours' ? this.block('', text) : this.block(text, '');
  }

  /** A task both sides moved to different places stays once: where the side further along put it. */
  private oncePerTask(pieces: Piece[]): Piece[] {
    const best = new Map<string, number>();
    pieces.forEach((p, i) => {
      if (!('unit' in p) || p.unit.kind !== 'task') return;
      const id = this.ident(p.unit);
      const prior = best.get(id);
      if (prior === undefined || rank(p) > rank(pieces[prior]!)) best.set(id, i);
    });
    return pieces.filter((p, i) => !('unit' in p) || p.unit.kind !== 'task' || best.get(this.ident(p.unit)) === i);
  }

  private render(piece: Piece): string {
    if ('conflict' in piece) return piece.conflict;
    const { unit, side } = piece;
    const lead = piece.lead ?? this.lead(unit, side);
    const base = this.baseTasks.get(unit.key);
    const ours = this.oursTasks.get(unit.key);
    const theirs = this.theirsTasks.get(unit.key);
    if (unit.kind === 'task' && !base && this.addedOnBoth.has(unit.key)) {
      const further = this.addedOnBoth.get(unit.key) === 'theirs' ? theirs! : ours!;
      return this.unitText(further, further === theirs ? 'theirs' : 'ours', further.body, lead);
    }
    if (unit.kind !== 'task' || !base || !ours || !theirs) return this.unitText(unit, side, unit.body, lead);
    const body = mergeTaskBody(base, ours, theirs);
    if (body === undefined) {
      this.conflicts++;
      return lead + this.block(this.unitText(ours, 'ours', ours.body, ''), this.unitText(theirs, 'theirs', theirs.body, ''));
    }
    if ('side' in body) return this.unitText(unit, body.side, (body.side === 'ours' ? ours : theirs).body, lead);
    return this.unitText(unit, side, this.toEol(body.merged), lead);
  }

  private unitText(unit: MergeUnit, side: Side, body: string, lead = this.lead(unit, side)): string {
    const text = body + unit.eol;
    return lead + (side === 'theirs' && this.convertTheirs ? this.toEol(normalize(text)) : text);
  }

  private lead(unit: MergeUnit, side: Side): string {
    return side === 'theirs' && this.convertTheirs ? this.toEol(normalize(unit.lead)) : unit.lead;
  }

  private raw(units: MergeUnit[], side: Side): string {
    return units.map((u) => this.unitText(u, side, u.body)).join('');
  }

  /** Conflict markers around both versions, each ending with a line break. */
  private block(ours: string, theirs: string): string {
    const eol = this.eol;
    const line = (text: string): string => (text === '' || text.endsWith('\n') ? text : text + eol);
    return `${this.open}${eol}${line(ours)}${this.middle}${eol}${line(theirs)}${this.close}${eol}`;
  }

  private toEol(text: string): string {
    return this.eol === '\n' ? text : text.replace(/\n/g, this.eol);
  }

  /**
   * Why the merged text does not hold the tasks merged into it, or undefined when it does: each of them, once, in the
   * status the merge gave it. A checkbox item's status is its heading: moved under a heading the other side put
   * elsewhere or took out, it would be read in another status, with no conflict to say so.
   */
  private readBack(text: string, pieces: readonly Piece[]): string | undefined {
    const expected = pieces.flatMap((p) => ('unit' in p && p.unit.task ? [p.unit.task.id] : []));
    const read = mergedTasks(this.input.kind, this.input.file, text);
    if (!sameMultiset(expected.map(withoutRepeatMark), read.map((t) => withoutRepeatMark(t.id)))) {
      return 'the merged text does not read back with the tasks merged into it';
    }
    const [base, ours, theirs] = [this.base, this.ours, this.theirs].map(statusesById);
    // A new id both sides added, kept twice (their copies differ): lint tells of it, and each copy is a side's.
    const twice = counts(read.map((t) => withoutRepeatMark(t.id)));
    for (const task of read) {
      const id = withoutRepeatMark(task.id);
      if (twice.get(id)! > 1) continue;
      const status = mergedStatus(base!.get(id), ours!.get(id), theirs!.get(id));
      if (status !== undefined && task.status !== status) return `the merged text reads ${task.id} as ${task.status ?? 'no status'}, where the merge made it ${status}`;
    }
    return undefined;
  }
}

/** Each task's status on one side, by id. */
function statusesById(units: readonly MergeUnit[]): Map<string, Status | undefined> {
  const map = new Map<string, Status | undefined>();
  for (const u of units) if (u.kind === 'task' && u.task) map.set(withoutRepeatMark(u.task.id), u.task.status);
  return map;
}

/** The status a merge gives a task, as `mergeTaskBody` decides it: a side's change, or the status further along. */
function mergedStatus(base: Status | undefined, ours: Status | undefined, theirs: Status | undefined): Status | undefined {
  if (ours === theirs || theirs === undefined) return ours;
  if (ours === undefined || ours === base) return theirs;
  if (theirs === base) return ours;
  return lifecycleRank(theirs) > lifecycleRank(ours) ? theirs : ours;
}

/** A checklist's `~2` on a repeated title depends on what comes before the item, which a merge may change. */
function withoutRepeatMark(id: string): string {
  return id.replace(/~\d+$/, '');
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const left = counts(a);
  return b.every((id) => take(left, id));
}

function rank(piece: Piece): number {
  const status = 'unit' in piece ? piece.unit.task?.status : undefined;
  return status === undefined ? -1 : lifecycleRank(status);
}

function tasksByKey(units: readonly MergeUnit[]): Map<string, MergeUnit> {
  const map = new Map<string, MergeUnit>();
  for (const u of units) if (u.kind === 'task') map.set(u.key, u);
  return map;
}

function eolOf(text: string): string | undefined {
  const at = text.indexOf('\n');
  if (at < 0) return undefined;
  return at > 0 && text.charCodeAt(at - 1) === 13 ? '\r\n' : '\n';
}

/** Whether every line break of `text` is `eol` (`\r\n`, or `\n` alone). */
function allBreaksAre(text: string, eol: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  const breaks = text.split('\n').length - 1;
  return eol === '\r\n' ? crlf === breaks : crlf === 0;
}

function counts(ids: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const id of ids) map.set(id, (map.get(id) ?? 0) + 1);
  return map;
}

function take(map: Map<string, number>, id: string): boolean {
  const n = map.get(id) ?? 0;
  if (n === 0) return false;
  map.set(id, n - 1);
  return true;
}

/** The first slot after `from` (else from the start) holding `id` that theirs has not matched yet. */
function findUnclaimed(slots: ReadonlyArray<{ id?: string; claimed: boolean }>, id: string, from: number): number {
  for (let i = from + 1; i < slots.length; i++) if (slots[i]!.id === id && !slots[i]!.claimed) return i;
  for (let i = 0; i <= from && i < slots.length; i++) if (slots[i]!.id === id && !slots[i]!.claimed) return i;
  return -1;
}

/** Whether a slot is a task or entry ours added that goes before a unit theirs added, stamped `theirs`. */
function oursAddedBefore(slot: { piece: Piece; oursNew: boolean; claimed: boolean; timestamp?: string }, theirs: string | undefined, newestFirst: boolean): boolean {
  if (!slot.oursNew || slot.claimed || !('unit' in slot.piece) || slot.piece.unit.kind === 'line') return false;
  return newestFirst ? before(theirs, slot.timestamp) : before(slot.timestamp, theirs);
}

/** Whether more of the stamped entries of `units` follow a newer one than an older one. */
function newestFirst(units: readonly MergeUnit[]): boolean {
  let down = 0;
  let up = 0;
  let last: string | undefined;
  for (const u of units) {
    if (u.kind !== 'entry' || u.timestamp === undefined) continue;
    if (last !== undefined) {
      if (u.timestamp < last) down++;
      else if (u.timestamp > last) up++;
    }
    last = u.timestamp;
  }
  return down > up;
}

/** Whether an ours unit stamped `ours` goes before a theirs unit stamped `theirs`; untimed units keep ours first. */
function before(ours: string | undefined, theirs: string | undefined): boolean {
  return ours === undefined || theirs === undefined || ours <= theirs;
}

