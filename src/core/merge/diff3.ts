// Three-way alignment: where ours and theirs both keep a run of the base
// unchanged, and the regions in between, each with what the base, ours and
// theirs hold there. How a region is resolved is the caller's business.
import { matchSequences } from './matchSequences';

export interface Region {
  /** True when the base run is kept, unchanged, on both sides. */
  readonly stable: boolean;
  readonly base: readonly [number, number];
  readonly ours: readonly [number, number];
  readonly theirs: readonly [number, number];
}

/** The regions of a three-way merge of id sequences, in order; undefined when a side differs too much to align. */
export function alignThree(base: readonly number[], ours: readonly number[], theirs: readonly number[]): Region[] | undefined {
  const toOurs = matchIndex(base, ours);
  const toTheirs = matchIndex(base, theirs);
  if (!toOurs || !toTheirs) return undefined;
  const regions: Region[] = [];
  let i = 0;
  let o = 0;
  let t = 0;
  for (;;) {
    const start = i;
    while (i < base.length && toOurs[i] === o && toTheirs[i] === t) {
      i++;
      o++;
      t++;
    }
    if (i > start) regions.push({ stable: true, base: [start, i], ours: [o - (i - start), o], theirs: [t - (i - start), t] });
    if (i >= base.length && o >= ours.length && t >= theirs.length) return regions;
    // The next base element both sides still hold closes the changed region.
    let next = i;
    while (next < base.length && (toOurs[next]! < 0 || toTheirs[next]! < 0)) next++;
    const oEnd = next < base.length ? toOurs[next]! : ours.length;
    const tEnd = next < base.length ? toTheirs[next]! : theirs.length;
    regions.push({ stable: false, base: [i, next], ours: [o, oEnd], theirs: [t, tEnd] });
    i = next;
    o = oEnd;
    t = tEnd;
  }
}

/** For each base index, the index of its match in `side`, or -1. */
function matchIndex(base: readonly number[], side: readonly number[]): Int32Array | undefined {
  const pairs = matchSequences(base, side);
  if (!pairs) return undefined;
  const to = new Int32Array(base.length).fill(-1);
  for (const [b, s] of pairs) to[b] = s;
  return to;
}
