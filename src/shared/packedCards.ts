// The board's cards as one `state` message carries them. As an array of
// objects, 20,000 cards cost the page one object and a dozen strings each to
// copy out of the message (the structured clone) before it could draw
// anything: first paint grew with the board. Packed, the message is a few long
// strings and typed arrays, each copied in one piece; the page makes one tiny
// object per card and reads a field only when something asks for it: layout
// reads status, agent, file and line; the key and the text (title, id, ...)
// are read when the card is drawn, indexed or filtered by text. Deltas stay
// plain `CardView`s: they are small.

import type { CardView } from './boardMessages';

export interface PackedCards {
  readonly count: number;
  /** The distinct statuses, agents, priorities, files and file labels; the per-card arrays below index it. */
  readonly words: readonly string[];
  /** Per card, an index into `words` (-1 for none). Typed arrays: each is copied in one piece. */
  readonly status: Int32Array;
  readonly agent: Int32Array;
  readonly priority: Int32Array;
  readonly file: Int32Array;
  readonly fileLabel: Int32Array;
  readonly line: Int32Array;
  /** Every card's key, one after another: card i's is `keys.slice(keyEnds[i - 1] ?? 0, keyEnds[i])`. */
  readonly keys: string;
  readonly keyEnds: Int32Array;
  /** Every card's other fields as JSON, one after another, cut the same way by `restEnds`. */
  readonly rest: string;
  readonly restEnds: Int32Array;
}

/** The fields a card is laid out by; everything else is in `rest`. */
type Eager = 'key' | 'status' | 'agent' | 'priority' | 'file' | 'fileLabel' | 'line';
type Rest = Omit<CardView, Eager>;

export function packCards(cards: readonly CardView[]): PackedCards {
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
  const line = new Int32Array(n);
  const keys: string[] = [];
  const keyEnds = new Int32Array(n);
  const rest: string[] = [];
  const restEnds = new Int32Array(n);
  let keyEnd = 0;
  let restEnd = 0;
  cards.forEach((c, i) => {
    const { key, status: s, agent: a, priority: p, file: f, fileLabel: l, line: ln, ...others } = c;
    status[i] = word(s);
    agent[i] = word(a);
    priority[i] = word(p);
    file[i] = word(f);
    fileLabel[i] = word(l);
    line[i] = ln;
    keys.push(key);
    keyEnds[i] = keyEnd += key.length;
    const json = JSON.stringify(others);
    rest.push(json);
    restEnds[i] = restEnd += json.length;
  });
  return { count: n, words, status, agent, priority, file, fileLabel, line, keys: keys.join(''), keyEnds, rest: rest.join(''), restEnds };
}

/**
 * A card read from a `PackedCards`: a position in it, each field read when
 * asked (the text decoded once, then kept). It is a `CardView` to everything
 * that reads it, and costs the page next to nothing until it is drawn.
 */
class PackedCard implements CardView {
  private cachedKey: string | undefined;
  private decoded: Rest | undefined;

  constructor(
    private readonly packed: PackedCards,
    private readonly i: number,
  ) {}

  private word(x: number): string | undefined {
    return x < 0 ? undefined : this.packed.words[x];
  }

  get key(): string {
    if (this.cachedKey === undefined) {
      const ends = this.packed.keyEnds;
      this.cachedKey = this.packed.keys.slice(this.i > 0 ? ends[this.i - 1] : 0, ends[this.i]);
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

  private get others(): Rest {
    if (!this.decoded) {
      const ends = this.packed.restEnds;
      this.decoded = JSON.parse(this.packed.rest.slice(this.i > 0 ? ends[this.i - 1] : 0, ends[this.i])) as Rest;
    }
    return this.decoded;
  }

  get id(): string {
    return this.others.id;
  }
  get title(): string {
    return this.others.title;
  }
  get kind(): CardView['kind'] {
    return this.others.kind;
  }
  get logCount(): number {
    return this.others.logCount;
  }
  get createdAt(): string | undefined {
    return this.others.createdAt;
  }
  get conflict(): string | undefined {
    return this.others.conflict;
  }
  get branch(): string | undefined {
    return this.others.branch;
  }
  get group(): string | undefined {
    return this.others.group;
  }
  get stale(): string | undefined {
    return this.others.stale;
  }
}

/** The cards of a `PackedCards`, in order; each reads its fields on first use. */
export function unpackCards(packed: PackedCards): CardView[] {
  const cards: CardView[] = new Array(packed.count);
  for (let i = 0; i < packed.count; i++) cards[i] = new PackedCard(packed, i);
  return cards;
}
