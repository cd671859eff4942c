// The line under the board that says what became of a move, a refusal, or
// where a card picked up with the keyboard is; read out by screen readers.

import { h } from './dom';

export class StatusLine {
  readonly root = h('div', 'status');
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.root.setAttribute('role', 'status');
    this.root.setAttribute('aria-live', 'polite');
  }

  say(message: string, severity: 'info' | 'error'): void {
    this.root.textContent = message;
    this.root.className = `status status-${severity}`;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.clear(), 10_000);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.root.textContent = '';
    this.root.className = 'status';
  }
}
