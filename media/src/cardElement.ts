// One card's DOM. Every piece of task text goes in through `textContent`
// (never markup), so a title holding `<script>` or `<img onerror>` is shown
// as the characters it is.

import { describeWaiting } from '../../src/core/dependencies/dependencies';
import { columnTitle, DEFAULT_LIFECYCLE_VIEW, type AgentView, type CardView, type LifecycleView, type ShownProblem } from '../../src/shared/boardMessages';
import { formatAge } from './age';
import { cssColor } from './agentColor';

export interface CardElement extends HTMLElement {
  /** The data the element shows now; compared by identity to skip refills. */
  card?: CardView;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function icon(name: string): HTMLElement {
  const i = el('i', `codicon codicon-${name}`);
  i.setAttribute('aria-hidden', 'true');
  return i;
}

export function createCardElement(): CardElement {
  const e = el('div', 'card') as CardElement;
  e.setAttribute('role', 'listitem');
  e.tabIndex = -1;
  e.draggable = true;
  return e;
}

/** Whether the card gets a Claim button: board tasks waiting in the lifecycle's first status. */
export function canClaim(card: CardView, lifecycle: LifecycleView = DEFAULT_LIFECYCLE_VIEW): boolean {
  return card.kind === 'board' && card.status === lifecycle.main[0];
}

export function fillCardElement(e: CardElement, card: CardView, agents: ReadonlyMap<string, AgentView>, now: number, lifecycle: LifecycleView = DEFAULT_LIFECYCLE_VIEW): void {
  e.card = card;
  e.dataset.key = card.key;
  e.replaceChildren();
  e.classList.toggle('stale', card.stale !== undefined);
  e.classList.toggle('waiting', card.waiting !== undefined && card.waiting.length > 0);
  const problems = card.problems ?? [];
  const errors = problems.filter((p) => p.severity === 'error').length;
  e.classList.toggle('has-error', errors > 0);
  e.classList.toggle('has-warning', errors === 0 && problems.length > 0);

  const top = el('div', 'card-top');
  top.append(el('span', 'card-id', card.id));
  if (card.conflict) {
    const conflict = el('span', 'card-conflict', `conflict: ${card.conflict}`);
    conflict.title = `This version of ${card.id} is the ${card.conflict} side of a git merge conflict in ${card.fileLabel}; nothing moves it until the conflict is resolved.`;
    top.append(conflict);
  }
  // A side status (blocked, cancelled) is not a column: the card says it.
  const side = lifecycle.side.find((s) => s.name === card.status);
  if (side) {
    const chip = el('span', `card-side${side.final ? ' card-side-final' : ''}`, columnTitle(card.status));
    chip.title = `${card.id} is ${columnTitle(card.status).toLowerCase()}`;
    top.append(chip);
  }
  if (card.priority) {
    const priority = el('span', `card-priority priority-${/^(high|medium|low)$/.test(card.priority) ? card.priority : 'other'}`, card.priority);
    priority.title = `Priority: ${card.priority}`;
    top.append(priority);
  }
  if (canClaim(card, lifecycle)) {
    const claim = el('button', 'card-claim');
    claim.type = 'button';
    claim.tabIndex = -1; // reached from the card with the C key; one tab stop per card list
    claim.title = `Claim ${card.id} for an agent (C)`;
    claim.setAttribute('aria-label', `Claim ${card.id}`);
    claim.append(icon('person-add'), el('span', '', 'Claim'));
    top.append(claim);
  }

  const title = el('div', 'card-title', card.title);

  const meta = el('div', 'card-meta');
  const agent = el('span', 'card-agent');
  const dot = el('span', 'agent-dot');
  dot.setAttribute('aria-hidden', 'true');
  const color = cssColor(card.agent ? agents.get(card.agent)?.color : undefined);
  if (color) dot.style.setProperty('background-color', color);
  else dot.classList.add('agent-dot-none');
  agent.append(dot, el('span', 'agent-name', card.agent ?? 'unassigned'));
  meta.append(agent);
  const logs = el('span', 'card-logs');
  logs.title = `${card.logCount} linked work-log ${card.logCount === 1 ? 'entry' : 'entries'}`;
  logs.append(icon('notebook'), el('span', '', String(card.logCount)));
  meta.append(logs);
  const age = formatAge(card.createdAt, now);
  if (problems.length > 0) {
    // As the Problems view says it, worst first; the tooltip lists them with their lines.
    const p = el('span', `card-problems ${errors > 0 ? 'card-problems-error' : 'card-problems-warning'}`);
    p.title = problems.map((x) => `${severityWord(x.severity)} (line ${x.line + 1}): ${x.message}`).join('\n');
    p.append(icon(errors > 0 ? 'error' : 'warning'), el('span', '', problemCount(problems.length, errors)));
    meta.append(p);
  }
  if (card.stale) {
    // Flagged as the Tasks tree flags it: a warning that says why, not only an age.
    const s = el('span', 'card-stale');
    s.title = card.stale;
    s.append(icon('warning'), el('span', '', 'stale'));
    meta.append(s);
  }
  const waiting = card.waiting && card.waiting.length > 0 ? describeWaiting(card.waiting) : undefined;
  if (waiting) {
    // The badge says that it waits; its tooltip says on what (as the Tasks tree's tooltip does).
    const w = el('span', 'card-waiting');
    w.title = `Waiting on ${waiting}`;
    w.append(icon('watch'), el('span', '', 'waiting'));
    meta.append(w);
  }
  if (age) {
    const a = el('span', 'card-age', age);
    a.title = `Created ${card.createdAt}`;
    meta.append(a);
  }

  e.append(top, title, meta);
  if (card.branch) {
    const branch = el('div', 'card-branch');
    branch.append(icon('git-branch'), el('span', '', card.branch));
    branch.title = `On the board branch: ${card.branch}`;
    e.append(branch);
  }
  e.title = `${card.fileLabel}:${card.line + 1}`;
  const parts = [
    `${card.id}: ${card.title}`,
    columnTitle(card.status),
    card.priority ? `priority ${card.priority}` : 'no priority',
    card.agent ? `agent ${card.agent}` : 'unassigned',
    `${card.logCount} work-log ${card.logCount === 1 ? 'entry' : 'entries'}`,
  ];
  if (problems.length > 0) parts.push(`${problemCount(problems.length, errors)}: ${problems[0]!.message}`);
  if (card.stale) parts.push(`stale claim: ${card.stale}`);
  if (waiting) parts.push(`waiting on ${waiting}`);
  if (age) parts.push(`age ${age}`);
  if (card.conflict) parts.push(`merge conflict, ${card.conflict} side`);
  if (card.branch) parts.push(card.branch);
  e.setAttribute('aria-label', parts.join(', '));
}

/** "error", "2 warnings", "3 problems" (errors and warnings both). */
function problemCount(all: number, errors: number): string {
  const word = errors === all ? 'error' : errors === 0 ? 'warning' : 'problem';
  return all === 1 ? word : `${all} ${word}s`;
}

/** A problem's severity in words, for the card's tooltip and the details pane. */
export function severityWord(severity: ShownProblem['severity']): string {
  return severity === 'error' ? 'Error' : 'Warning';
}
