// What the board says when the workspace has no board or checklist yet: what
// it reads, and a button that creates TODO.md (the Tasks view's welcome says
// the same). Hidden until the extension's first state, so it never flashes
// on a board that is still loading.

import { h } from './dom';
import { post } from './host';

export class EmptyBoard {
  readonly root = h('div', 'board-empty');

  constructor() {
    this.root.setAttribute('role', 'note');
    this.root.hidden = true;
    const title = h('p', 'board-empty-title', 'No task files in this workspace yet.');
    const text = h('p', 'board-empty-text', 'The board shows the tasks of TODO.md boards and of .claude/tasks/*-tasks.md checklists, as agents write them.');
    const create = h('button', 'board-empty-create primary-button', 'Create TODO.md');
    create.type = 'button';
    create.addEventListener('click', () => post({ type: 'createTodo' }));
    this.root.append(title, text, create);
  }

  /** Shown when the extension has said the workspace has no task file. */
  show(shown: boolean): void {
    this.root.hidden = !shown;
  }
}
