// Choosing a card (its details in the pane, `aria-current` on it), asking the
// extension for its details, and claiming it.

import type { CardView } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import { canClaim } from './cardElement';
import type { DetailsPane } from './details';
import { post } from './host';
import type { Renderer } from './renderer';
import type { StatusLine } from './statusLine';

export class Selection {
  constructor(
    private readonly state: BoardState,
    private readonly renderer: Renderer,
    private readonly details: DetailsPane,
    private readonly statusLine: StatusLine,
    private readonly saveState: () => void,
  ) {}

  select(key: string | undefined): void {
    const { state } = this;
    // An old refusal or result would read as being about the card just chosen.
    this.statusLine.clear();
    state.selectedKey = key;
    const card = key ? state.cards.get(key) : undefined;
    if (card) {
      this.details.showCard(card);
      this.requestDetails(card.key);
    } else {
      state.selectedKey = undefined;
      this.details.clear();
    }
    for (const [k, el] of this.renderer.cardElements()) {
      el.classList.toggle('selected', k === state.selectedKey);
      if (k === state.selectedKey) el.setAttribute('aria-current', 'true');
      else el.removeAttribute('aria-current');
    }
    this.saveState();
  }

  /** The extension answers with a `details` message. */
  requestDetails(key: string): void {
    post({ type: 'select', key });
  }

  claim(card: CardView): void {
    if (!canClaim(card, this.state.lifecycle)) return;
    this.renderer.setPending(card.key);
    post({ type: 'claim', key: card.key });
  }
}
