// The cards the page holds. A new `state` replaces them as the packed arrays
// it arrived in, without making a card object per card or indexing them by
// key: first paint asks only for the cards it draws (by their index), and a
// Map of 20,000 keys is work the size of the board. Every card and the index
// are made after the first paint (the page calls `buildIndex` when idle) or
// on first need. Until a delta changes them, the packed arrays are kept: the
// layout and the agent list read those (numbers, no card asked). No DOM
// here, so the unit tests run it in Node.

import type { CardView } from '../../src/shared/boardMessages';
import { packedCard, type PackedCards } from '../../src/shared/packedCards';

export class CardSet {
  /** The cards of the last state, by index in its packed arrays; made when first asked for. */
  private made: (CardView | undefined)[] = [];
  private byKey: Map<string, CardView> | undefined = new Map();
  /** How many cards name each agent: made with the index, kept by each delta. */
  private agentCards = new Map<string, number>();
  private packed: PackedCards | undefined;

  /** Holds exactly the cards of a state (keys unique); the cards and the index wait. */
  replace(packed: PackedCards): void {
    this.packed = packed;
    this.made = new Array<CardView | undefined>(packed.count);
    this.byKey = undefined;
  }

  /** The packed arrays the cards are, and card `i` of them: until a delta came. */
  asPacked(): { readonly packed: PackedCards; readonly cardAt: (i: number) => CardView } | undefined {
    const { packed, made } = this;
    return packed && { packed, cardAt: (i) => (made[i] ??= packedCard(packed, i)) };
  }

  /** Every card of the last state, in its order. */
  private list(): readonly CardView[] {
    const { packed, made } = this;
    if (packed) for (let i = 0; i < packed.count; i++) made[i] ??= packedCard(packed, i);
    return made as CardView[];
  }

  /** Every agent named on a card. */
  agents(): Set<string> {
    if (this.byKey) return new Set(this.agentCards.keys());
    const names = new Set<string>();
    const { packed } = this;
    if (packed) {
      for (const w of packed.agents) if (packed.words[w]) names.add(packed.words[w]);
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
      const counts = new Map<string, number>();
      for (const c of this.list()) {
        map.set(c.key, c);
        if (c.agent) counts.set(c.agent, (counts.get(c.agent) ?? 0) + 1);
      }
      this.byKey = map;
      this.agentCards = counts;
    }
    return this.byKey;
  }

  get size(): number {
    return this.byKey ? this.byKey.size : this.made.length;
  }

  get(key: string): CardView | undefined {
    return this.index().get(key);
  }

  has(key: string): boolean {
    return this.index().has(key);
  }

  values(): Iterable<CardView> {
    return this.byKey ? this.byKey.values() : this.list();
  }

  /**
   * A delta: removed keys go, upserted cards replace theirs or join. Says
   * whether an agent is named on a card now that was on none, or the other
   * way round: the agent filter's choices change then.
   */
  apply(remove: readonly string[], upsert: readonly CardView[]): boolean {
    const map = this.index();
    this.packed = undefined;
    let agentsChanged = false;
    const count = (agent: string | undefined, by: 1 | -1): void => {
      if (!agent) return;
      const n = (this.agentCards.get(agent) ?? 0) + by;
      if (n > 0) this.agentCards.set(agent, n);
      else this.agentCards.delete(agent);
      if (n === 0 || (n === 1 && by === 1)) agentsChanged = true;
    };
    for (const key of remove) {
      count(map.get(key)?.agent, -1);
      map.delete(key);
    }
    for (const c of upsert) {
      const before = map.get(c.key)?.agent;
      if (before !== c.agent) {
        count(before, -1);
        count(c.agent, 1);
      }
      map.set(c.key, c);
    }
    return agentsChanged;
  }
}
