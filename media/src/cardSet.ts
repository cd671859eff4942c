// The cards the page holds. A new `state` replaces them as the list it
// arrived in, without indexing them by key: first paint needs only the list
// (to lay it out), and a Map of 20,000 keys is work the size of the board.
// The index is built after the first paint (the page calls `buildIndex` when
// idle) or on first need. No DOM here, so the unit tests run it in Node.

import type { CardView } from '../../src/shared/boardMessages';

export class CardSet {
  private list: readonly CardView[] = [];
  private byKey: Map<string, CardView> | undefined = new Map();

  /** Holds exactly `cards` (a state's, keys unique); the index waits. */
  replace(cards: readonly CardView[]): void {
    this.list = cards;
    this.byKey = undefined;
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
    for (const key of remove) map.delete(key);
    for (const c of upsert) map.set(c.key, c);
  }
}
