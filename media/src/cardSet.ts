// The cards the page holds. A new `state` replaces them as the list it
// arrived in, without indexing them by key: first paint needs only the list
// (to lay it out), and a Map of 20,000 keys is work the size of the board.
// The index is built after the first paint (the page calls `buildIndex` when
// idle) or on first need. Until a delta changes them, the packed arrays the
// cards came in are kept too: the layout and the agent list read those
// (numbers, no card asked). No DOM here, so the unit tests run it in Node.

import type { CardView } from '../../src/shared/boardMessages';
import { unpackCards, type PackedCards } from '../../src/shared/packedCards';

export class CardSet {
  private list: readonly CardView[] = [];
  private byKey: Map<string, CardView> | undefined = new Map();
  private packed: PackedCards | undefined;

  /** Holds exactly the cards of a state (keys unique); the index waits. */
  replace(packed: PackedCards): void {
    this.packed = packed;
    this.list = unpackCards(packed);
    this.byKey = undefined;
  }

  /** The packed arrays the cards are, in the order of `list`: until a delta came. */
  asPacked(): { readonly packed: PackedCards; readonly list: readonly CardView[] } | undefined {
    return this.packed && { packed: this.packed, list: this.list };
  }

  /** Every agent named on a card. */
  agents(): Set<string> {
    const names = new Set<string>();
    const { packed } = this;
    if (packed) {
      const seen = new Uint8Array(packed.words.length);
      for (let i = 0; i < packed.count; i++) {
        const w = packed.agent[i];
        if (w >= 0 && !seen[w]) {
          seen[w] = 1;
          if (packed.words[w]) names.add(packed.words[w]);
        }
      }
    } else {
      for (const c of this.values()) if (c.agent) names.add(c.agent);
    }
    return names;
  }

  /** Indexes the cards by key now, so the next delta or lookup does not pay for it. */
  buildIndex(): void {
    this.index();
  }

  private index(): Map<string, CardView> {
    if (!this.byKey) {
      const map = new Map<string, CardView>();
      for (const c of this.list) map.set(c.key, c);
      this.byKey = map;
    }
    return this.byKey;
  }

  get size(): number {
    return this.byKey ? this.byKey.size : this.list.length;
  }

  get(key: string): CardView | undefined {
    return this.index().get(key);
  }

  has(key: string): boolean {
    return this.index().has(key);
  }

  values(): Iterable<CardView> {
    return this.byKey ? this.byKey.values() : this.list;
  }

  /** A delta: removed keys go, upserted cards replace theirs or join. */
  apply(remove: readonly string[], upsert: readonly CardView[]): void {
    const map = this.index();
    this.packed = undefined;
    for (const key of remove) map.delete(key);
    for (const c of upsert) map.set(c.key, c);
  }
}
