// The board's cards as one `state` message carries them. As an array of
// objects, 20,000 cards cost the page one object and a dozen strings each to
// copy out of the message (the structured clone) before it could draw
// anything: first paint grew with the board. Packed, the message is a few long
// strings and typed arrays, each copied in one piece; the page makes one tiny
// object per card and reads a field only when something asks for it: layout
// reads the numbers (status, agent, file, line); the key and the texts (id,
// title) are read when the card is drawn, indexed or filtered by text. A
// field few cards have goes in a side table, not in every card's bytes.
// Deltas stay plain `CardView`s: they are small.

import { columnOf, compareCards, DEFAULT_LIFECYCLE_VIEW, type CardView, type LifecycleView } from './boardMessages';

export interface PackedCards {
  readonly count: number;
  /** The distinct statuses, agents, priorities, kinds, groups, files, file labels, conflict sides, branch notes and stale reasons; the per-card arrays below index it. */
  readonly words: readonly string[];
  /** Per card, an index into `words` (-1 for none). Typed arrays: each is copied in one piece. */
  readonly status: Int32Array;
  readonly agent: Int32Array;
  /** The distinct values of `agent` (never -1), as first met: the page lists the agents without a pass over the cards. */
  readonly agents: Int32Array;
  readonly priority: Int32Array;
  readonly file: Int32Array;
  readonly fileLabel: Int32Array;
  readonly kind: Int32Array;
  readonly group: Int32Array;
  readonly conflict: Int32Array;
  readonly branch: Int32Array;
  readonly stale: Int32Array;
  readonly line: Int32Array;
  readonly logCount: Int32Array;
  /** Every card's id, title and created_at, one after another: card i's end at `textEnds[3i]`, `[3i + 1]` and `[3i + 2]`. */
  readonly text: string;
  readonly textEnds: Int32Array;
  /** What few cards have, by card index: a key other than `<file>#<id>`, an empty created_at, dependencies, problems. */
  readonly rare: Readonly<Record<number, Rare>>;
  /**
   * The board's columns as the packer laid them out, for the page's default
   * view (no filter, no swimlanes), which then shows a state without a pass
   * over its cards: the indexes of the cards of each column of the
   * lifecycle's main path, in file order (`compareCards`), column after
   * column. Column c's are `order[ends[c - 1] ?? 0 .. ends[c])`.
   */
  readonly columns: { readonly order: Int32Array; readonly ends: Int32Array };
}

interface Rare {
  /** What follows `<file>#<id>` in the key (`~2` for a second card of one id), or the whole key when it is not of that form. */
  readonly keyTail?: string;
  readonly key?: string;
  /** A created_at written empty (no created_at is no text at all). */
  readonly emptyCreatedAt?: true;
  readonly waiting?: CardView['waiting'];
  readonly problems?: CardView['problems'];
}

/** `lifecycle`: the one the state the cards travel in has. */
export function packCards(cards: readonly CardView[], lifecycle: LifecycleView = DEFAULT_LIFECYCLE_VIEW): PackedCards {
  const words: string[] = [];
  const index = new Map<string, number>();
  const word = (w: string | undefined): number => {
    if (w === undefined) return -1;
    let i = index.get(w);
    if (i === undefined) {
      i = words.push(w) - 1;
      index.set(w, i);
    }
    return i;
  };
  const n = cards.length;
  const status = new Int32Array(n);
  const agent = new Int32Array(n);
  const priority = new Int32Array(n);
  const file = new Int32Array(n);
  const fileLabel = new Int32Array(n);
  const kind = new Int32Array(n);
  const group = new Int32Array(n);
  const conflict = new Int32Array(n);
  const branch = new Int32Array(n);
  const stale = new Int32Array(n);
  const line = new Int32Array(n);
  const logCount = new Int32Array(n);
  const text: string[] = [];
  const textEnds = new Int32Array(3 * n);
  const rare: Record<number, Rare> = {};
  const agents = new Set<number>();
  let end = 0;
  cards.forEach((c, i) => {
    status[i] = word(c.status);
    agent[i] = word(c.agent);
    if (agent[i] >= 0) agents.add(agent[i]);
    priority[i] = word(c.priority);
    file[i] = word(c.file);
    fileLabel[i] = word(c.fileLabel);
    kind[i] = word(c.kind);
    group[i] = word(c.group);
    conflict[i] = word(c.conflict);
    branch[i] = word(c.branch);
    stale[i] = word(c.stale);
    line[i] = c.line;
    logCount[i] = c.logCount;
    text.push(c.id, c.title, c.createdAt ?? '');
    textEnds[3 * i] = end += c.id.length;
    textEnds[3 * i + 1] = end += c.title.length;
    textEnds[3 * i + 2] = end += c.createdAt?.length ?? 0;
    const head = `${c.file}#${c.id}`;
    if (c.key !== head || c.createdAt === '' || c.waiting !== undefined || c.problems !== undefined) {
      rare[i] = {
        ...(c.key !== head && (c.key.startsWith(head) ? { keyTail: c.key.slice(head.length) } : { key: c.key })),
        ...(c.createdAt === '' && { emptyCreatedAt: true }),
        ...(c.waiting !== undefined && { waiting: c.waiting }),
        ...(c.problems !== undefined && { problems: c.problems }),
      };
    }
  });
  return { count: n, words, status, agent, agents: Int32Array.from(agents), priority, file, fileLabel, kind, group, conflict, branch, stale, line, logCount, text: text.join(''), textEnds, rare, columns: columnsOf(cards, lifecycle) };
}

function columnsOf(cards: readonly CardView[], lifecycle: LifecycleView): PackedCards['columns'] {
  const main = lifecycle.main;
  const byColumn: number[][] = main.map(() => []);
  const columnIndex = new Map<string, number>();
  cards.forEach((c, i) => {
    let column = columnIndex.get(c.status);
    if (column === undefined) {
      const name = columnOf(lifecycle, c.status);
      columnIndex.set(c.status, (column = name === undefined ? -1 : main.indexOf(name)));
    }
    if (column >= 0) byColumn[column]!.push(i);
  });
  const order = new Int32Array(byColumn.reduce((n, col) => n + col.length, 0));
  const ends = new Int32Array(main.length);
  let end = 0;
  byColumn.forEach((col, c) => {
    // Most columns come in file order already (a file's tasks by line): sorted only when not.
    if (col.some((card, r) => r > 0 && compareCards(cards[col[r - 1]!]!, cards[card]!) > 0)) col.sort((a, b) => compareCards(cards[a]!, cards[b]!));
    order.set(col, end);
    ends[c] = end += col.length;
  });
  return { order, ends };
}

/**
 * A card read from a `PackedCards`: a position in it, each field read when
 * asked. It is a `CardView` to everything that reads it, and costs the page
 * next to nothing until it is drawn.
 */
class PackedCard implements CardView {
  private cachedKey: string | undefined;

  constructor(
    private readonly packed: PackedCards,
    private readonly i: number,
  ) {}

  private word(x: number): string | undefined {
    return x < 0 ? undefined : this.packed.words[x];
  }

  /** The `k`th text of the card: 0 its id, 1 its title, 2 its created_at. */
  private text(k: number): string {
    const ends = this.packed.textEnds;
    const at = 3 * this.i + k;
    return this.packed.text.slice(at > 0 ? ends[at - 1] : 0, ends[at]);
  }

  private get rare(): Rare | undefined {
    return this.packed.rare[this.i];
  }

  get key(): string {
    if (this.cachedKey === undefined) {
      const rare = this.rare;
      this.cachedKey = rare?.key ?? `${this.file}#${this.id}${rare?.keyTail ?? ''}`;
    }
    return this.cachedKey;
  }
  get status(): CardView['status'] {
    return this.packed.words[this.packed.status[this.i]] as CardView['status'];
  }
  get agent(): string | undefined {
    return this.word(this.packed.agent[this.i]);
  }
  get priority(): string | undefined {
    return this.word(this.packed.priority[this.i]);
  }
  get file(): string {
    return this.packed.words[this.packed.file[this.i]];
  }
  get fileLabel(): string {
    return this.packed.words[this.packed.fileLabel[this.i]];
  }
  get line(): number {
    return this.packed.line[this.i];
  }
  get id(): string {
    return this.text(0);
  }
  get title(): string {
    return this.text(1);
  }
  get kind(): CardView['kind'] {
    return this.packed.words[this.packed.kind[this.i]] as CardView['kind'];
  }
  get logCount(): number {
    return this.packed.logCount[this.i];
  }
  get createdAt(): string | undefined {
    const text = this.text(2);
    return text !== '' ? text : this.rare?.emptyCreatedAt ? '' : undefined;
  }
  get group(): string | undefined {
    return this.word(this.packed.group[this.i]);
  }
  get conflict(): string | undefined {
    return this.word(this.packed.conflict[this.i]);
  }
  get branch(): string | undefined {
    return this.word(this.packed.branch[this.i]);
  }
  get stale(): string | undefined {
    return this.word(this.packed.stale[this.i]);
  }
  get waiting(): CardView['waiting'] {
    return this.rare?.waiting;
  }
  get problems(): CardView['problems'] {
    return this.rare?.problems;
  }
}

/** Card `i` of a `PackedCards`; it reads its fields on first use. */
export function packedCard(packed: PackedCards, i: number): CardView {
  return new PackedCard(packed, i);
}
