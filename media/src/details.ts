// The details pane: one task's fields, its work-log entries, and where other
// entries mention it (heading and place only, as text). Fields are
// text (`textContent`), and so are the task's problems, listed first. Entries are HTML that markdown-it rendered on the
// extension side with `html: false`, so raw HTML in a log arrives escaped;
// the page's CSP (no inline script, no remote anything) is the second wall.

import type { CardView, DetailEntry, DetailField, DetailMention } from '../../src/shared/boardMessages';
import { severityWord } from './cardElement';

export class DetailsPane {
  private key: string | undefined;

  constructor(private readonly root: HTMLElement, private readonly onOpen: (key: string) => void) {}

  get shownKey(): string | undefined {
    return this.key;
  }

  clear(): void {
    this.key = undefined;
    const empty = document.createElement('p');
    empty.className = 'details-empty';
    empty.textContent = 'Select a card to see its fields and work-log entries.';
    this.root.replaceChildren(empty);
  }

  /** A placeholder while the extension renders the entries. */
  showCard(card: CardView): void {
    this.key = card.key;
    this.render(card, [], undefined, []);
  }

  showDetails(card: CardView, fields: readonly DetailField[], entries: readonly DetailEntry[], mentions: readonly DetailMention[]): void {
    this.key = card.key;
    this.render(card, fields, entries, mentions);
  }

  private render(
    card: CardView,
    fields: readonly DetailField[],
    entries: readonly DetailEntry[] | undefined,
    mentions: readonly DetailMention[],
  ): void {
    const h = document.createElement('h2');
    h.className = 'details-title';
    h.textContent = `${card.id}: ${card.title}`;

    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'details-open primary-button';
    open.textContent = `Open ${card.fileLabel}:${card.line + 1}`;
    open.addEventListener('click', () => this.onOpen(card.key));

    const dl = document.createElement('dl');
    dl.className = 'details-fields';
    for (const f of fields) {
      const dt = document.createElement('dt');
      dt.textContent = f.name;
      const dd = document.createElement('dd');
      dd.textContent = f.value;
      dl.append(dt, dd);
    }

    const logs = document.createElement('section');
    logs.className = 'details-log';
    logs.setAttribute('aria-label', 'Work-log entries');
    const lh = document.createElement('h3');
    lh.textContent = entries === undefined ? 'Work log' : `Work log (${entries.length})`;
    logs.append(lh);
    if (entries === undefined) {
      const p = document.createElement('p');
      p.textContent = 'Loading…';
      logs.append(p);
    } else if (entries.length === 0) {
      const p = document.createElement('p');
      p.className = 'details-empty';
      p.textContent = 'No work-log entry names this task.';
      logs.append(p);
    }
    for (const entry of entries ?? []) {
      const art = document.createElement('article');
      art.className = 'log-entry';
      const eh = document.createElement('h4');
      eh.textContent = entry.heading;
      const where = document.createElement('div');
      where.className = 'log-where';
      where.textContent = `${entry.when ? entry.when + ' · ' : ''}${entry.fileLabel}:${entry.line + 1}`;
      const body = document.createElement('div');
      body.className = 'log-body markdown';
      body.innerHTML = entry.html; // markdown-it, html:false: see the header comment
      art.append(eh, where, body);
      logs.append(art);
    }
    if (mentions.length > 0) {
      const mh = document.createElement('h3');
      mh.textContent = `Mentioned in (${mentions.length})`;
      const list = document.createElement('ul');
      list.className = 'details-mentions';
      for (const m of mentions) {
        const li = document.createElement('li');
        li.textContent = `${m.heading} · ${m.when ? m.when + ' · ' : ''}${m.fileLabel}:${m.line + 1}`;
        list.append(li);
      }
      logs.append(mh, list);
    }
    this.root.replaceChildren(h, open, ...problemsOf(card), dl, logs);
  }
}

/** The task's errors and warnings, as the Problems view words them, each with its line; nothing when it has none. */
function problemsOf(card: CardView): HTMLElement[] {
  const problems = card.problems ?? [];
  if (problems.length === 0) return [];
  const section = document.createElement('section');
  section.className = 'details-problems';
  section.setAttribute('aria-label', 'Problems');
  const h = document.createElement('h3');
  h.textContent = `Problems (${problems.length})`;
  const list = document.createElement('ul');
  for (const p of problems) {
    const li = document.createElement('li');
    li.className = `details-problem details-problem-${p.severity}`;
    const i = document.createElement('i');
    i.className = `codicon codicon-${p.severity}`;
    i.setAttribute('aria-hidden', 'true');
    // The icon is hidden from screen readers: the severity is said in words, read with the message (an aria-label
    // on a list item is not announced by every screen reader).
    const severity = document.createElement('span');
    severity.className = 'visually-hidden';
    severity.textContent = `${severityWord(p.severity)}: `;
    const text = document.createElement('span');
    text.textContent = `${p.message} (line ${p.line + 1})`;
    li.append(i, severity, text);
    list.append(li);
  }
  section.append(h, list);
  return [section];
}
