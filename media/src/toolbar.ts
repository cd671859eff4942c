// The toolbar: the filters (text, agent, priority, status, file), the
// swimlanes switch, and the summary of what the board shows. The filters'
// values live in the shared state; this part keeps the controls and the state
// in step, and says when the user changed them.

import { columnTitle, type AgentView, type FileView } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import { h, icon } from './dom';
import { NONE, NO_FILTERS } from './filter';

function tasksText(n: number): string {
  return n === 1 ? '1 task' : `${n} tasks`;
}

export class Toolbar {
  readonly root = h('div', 'toolbar');
  private readonly textInput = h('input', 'filter-text');
  private readonly agentSelect = h('select', 'filter-agent');
  private readonly prioritySelect = h('select', 'filter-priority');
  private readonly fileSelect = h('select', 'filter-file');
  private readonly laneToggle = h('input', 'filter-lanes');
  private readonly summary = h('span', 'summary');
  private readonly statusSelect = h('select', 'filter-status');

  /** `changed` runs after the user changed a filter or the swimlanes, with the state already updated. */
  constructor(
    private readonly state: BoardState,
    changed: () => void,
  ) {
    const toolbar = this.root;
    toolbar.setAttribute('role', 'search');
    toolbar.setAttribute('aria-label', 'Filter tasks');
    this.textInput.type = 'search';
    this.textInput.placeholder = 'Filter by id, title, agent';
    this.textInput.setAttribute('aria-label', 'Filter by text');
    this.textInput.value = state.filters.text;
    this.agentSelect.setAttribute('aria-label', 'Filter by agent');
    this.prioritySelect.setAttribute('aria-label', 'Filter by priority');
    this.fileSelect.setAttribute('aria-label', 'Filter by file');
    this.statusSelect.setAttribute('aria-label', 'Filter by status');
    this.fillSelect(this.prioritySelect, [['', 'All priorities'], ['high', 'High'], ['medium', 'Medium'], ['low', 'Low'], [NONE, 'No priority']], state.filters.priority);
    this.laneToggle.type = 'checkbox';
    this.laneToggle.checked = state.swimlanes;
    const laneLabel = h('label', 'lanes-toggle');
    laneLabel.append(this.laneToggle, document.createTextNode('Swimlanes by agent'));
    const search = h('span', 'search-box');
    search.append(icon('search'), this.textInput);
    toolbar.append(search, this.agentSelect, this.prioritySelect, this.statusSelect, this.fileSelect, laneLabel, this.summary);

    const onInput = () => {
      this.state.filters = {
        text: this.textInput.value.trim(),
        agent: this.agentSelect.value,
        priority: this.prioritySelect.value,
        file: this.fileSelect.value,
        status: this.statusSelect.value,
      };
      this.state.swimlanes = this.laneToggle.checked;
      changed();
    };
    this.textInput.addEventListener('input', onInput);
    for (const s of [this.agentSelect, this.prioritySelect, this.statusSelect, this.fileSelect, this.laneToggle]) s.addEventListener('change', onInput);
  }

  /** The status filter offers the lifecycle's statuses, the main path's and the side ones. */
  setStatusOptions(): void {
    const { lifecycle } = this.state;
    const options: [string, string][] = [['', 'All statuses'], ...[...lifecycle.main, ...lifecycle.side.map((x) => x.name)].map((x): [string, string] => [x, columnTitle(x)])];
    this.state.filters = { ...this.state.filters, status: this.fillSelect(this.statusSelect, options, this.state.filters.status) };
  }

  /** The agent filter offers the known agents and every agent on a card; the file filter the board's files. */
  setLists(agents: readonly AgentView[], files: readonly FileView[]): void {
    const names = this.state.cards.agents();
    for (const a of agents) names.add(a.name);
    const agentOptions: [string, string][] = [['', 'All agents'], ...[...names].sort().map((n): [string, string] => [n, n]), [NONE, 'No agent']];
    this.state.filters = { ...this.state.filters, agent: this.fillSelect(this.agentSelect, agentOptions, this.state.filters.agent) };
    const fileOptions: [string, string][] = [['', 'All files'], ...files.map((f): [string, string] => [f.uri, f.label])];
    this.state.filters = { ...this.state.filters, file: this.fillSelect(this.fileSelect, fileOptions, this.state.filters.file) };
  }

  /** The file filter the extension asks for (the board opened on one file); a file the board lacks means all files. */
  setFileFilter(file: string): void {
    this.state.filters = { ...this.state.filters, file: this.state.files.some((f) => f.uri === file) ? file : '' };
    this.fileSelect.value = this.state.filters.file;
  }

  clear(): void {
    this.textInput.value = '';
    for (const select of [this.agentSelect, this.prioritySelect, this.statusSelect, this.fileSelect]) select.value = '';
    this.state.filters = NO_FILTERS;
  }

  /** How many tasks the board shows of how many, and what it cannot show. */
  showSummary(): void {
    const { layout, unplaced, omitted } = this.state;
    const total = this.state.cards.size;
    let text = layout.shown === total ? tasksText(total) : `${layout.shown} of ${tasksText(total)}`;
    if (layout.shown === 0 && total > 0) text += ' · no task matches the filters';
    if (unplaced > 0) text += ` · ${unplaced} without a readable status (see Problems)`;
    for (const f of omitted) {
      text += ` · ${f.label} not shown: its ${f.tasks.toLocaleString('en')} tasks are more than the board holds (use the Tasks view)`;
    }
    this.summary.textContent = text;
  }

  /** Replaces a select's options; returns the value kept (the old one if still offered, else `''`). */
  private fillSelect(select: HTMLSelectElement, options: readonly [string, string][], value: string): string {
    const same = select.options.length === options.length && options.every(([v, l], i) => select.options[i].value === v && select.options[i].text === l);
    if (!same) {
      select.replaceChildren(
        ...options.map(([v, l]) => {
          const o = document.createElement('option');
          o.value = v;
          o.textContent = l;
          return o;
        }),
      );
    }
    const kept = options.some(([v]) => v === value) ? value : '';
    select.value = kept;
    return kept;
  }
}
