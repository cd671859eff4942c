// What the board's cards and the Tasks tree's rows say of their tasks'
// problems (src/extension/diagnostics/problemsByTask.ts): the extension's
// diagnostics, read back by line, but only once they are of the text the
// store holds; until then a task keeps what its id had.
import * as assert from 'node:assert/strict';
import type { BoardTask, Task } from '../../src/core/model';
import { ShownProblems, type LineProblem } from '../../src/extension/diagnostics/problemsByTask';

const FILE = 'file:///w/TODO.md';

function task(id: string, line: number): BoardTask {
  // Each task is three lines, a line being 10 characters here.
  return {
    kind: 'board',
    file: FILE,
    id,
    title: id,
    status: 'todo',
    shape: 'id-key',
    fields: {},
    fieldSpans: new Map(),
    idSpan: { start: line * 10, end: line * 10 + 5 },
    titleSpan: { start: line * 10, end: line * 10 + 5 },
    span: { start: line * 10, end: (line + 3) * 10 },
    line,
  };
}

/** A store that holds one text, and VS Code's diagnostics of the file. */
function fixture() {
  const state = { diagnosed: false, diagnostics: [] as LineProblem[] };
  const files = { isDiagnosed: () => state.diagnosed, lines: () => ({ lineAt: (offset: number) => Math.floor(offset / 10) }) };
  return { state, shown: new ShownProblems(files, () => state.diagnostics) };
}

const ids = (found: Map<Task, readonly { message: string }[]>) => [...found].map(([t, list]) => [t.id, list.map((p) => p.message)]);

describe('problems shown on cards and rows', () => {
  it('reads the diagnostics by line once they are of the text, and says when they change', () => {
    const { state, shown } = fixture();
    const tasks = [task('A', 3), task('B', 6)];
    state.diagnostics = [{ severity: 'warning', message: 'bad priority of B', line: 7 }];
    assert.deepEqual(ids(shown.of(FILE, () => tasks).byTask), [], 'diagnostics of another text are not read');
    assert.deepEqual(shown.changed([FILE]), [], "another extension's diagnostics changed: still not of the text");
    state.diagnosed = true;
    assert.deepEqual(shown.changed([FILE]), [FILE], 'the text diagnosed, with a problem the view was not given');
    assert.deepEqual(ids(shown.of(FILE, () => tasks).byTask), [['B', ['bad priority of B']]]);
    assert.deepEqual(shown.changed([FILE, 'file:///w/other.md']), [], 'the same diagnostics set again change nothing; a file not read is none of its business');
    state.diagnostics = [];
    assert.deepEqual(shown.changed([FILE]), [FILE]);
    assert.deepEqual(shown.changed([FILE]), [], 'said once: the view reads it again');
  });

  it("keeps a task's problems by its id while a new text's diagnostics are not set, not by the lines they were on", () => {
    const { state, shown } = fixture();
    state.diagnosed = true;
    state.diagnostics = [{ severity: 'error', message: 'B is claimed with no agent', line: 6 }];
    assert.deepEqual(ids(shown.of(FILE, () => [task('A', 3), task('B', 6)]).byTask), [['B', ['B is claimed with no agent']]]);
    // A task inserted above: B now starts on line 9, and line 6 is the new task's. VS Code still has the old diagnostics.
    state.diagnosed = false;
    const now = [task('A', 3), task('NEW', 6), task('B', 9)];
    assert.deepEqual(ids(shown.of(FILE, () => now).byTask), [['B', ['B is claimed with no agent']]]);
    // The new text's diagnostics: B's problem is on its new line, which the view says (its tooltip gives the line).
    state.diagnosed = true;
    state.diagnostics = [{ severity: 'error', message: 'B is claimed with no agent', line: 9 }];
    assert.deepEqual(shown.changed([FILE]), [FILE]);
    assert.deepEqual([...shown.of(FILE, () => now).byTask].map(([t, list]) => [t.id, list.map((p) => p.line)]), [['B', [9]]]);
    // An edit that moves no problem (a title changed): its diagnostics give each task what it kept, and nothing is shown again.
    state.diagnosed = false;
    shown.of(FILE, () => now);
    state.diagnosed = true;
    assert.deepEqual(shown.changed([FILE]), []);
    // An edit that moves the problem to another task is shown again.
    state.diagnosed = false;
    assert.deepEqual(ids(shown.of(FILE, () => now).byTask), [['B', ['B is claimed with no agent']]]);
    state.diagnosed = true;
    state.diagnostics = [{ severity: 'error', message: 'NEW is claimed with no agent', line: 6 }];
    assert.deepEqual(shown.changed([FILE]), [FILE]);
  });

  it('asks for no tasks where there is nothing to place, and still hears of problems that come later', () => {
    const { state, shown } = fixture();
    const never = (): never => {
      throw new Error('the tasks were read');
    };
    assert.deepEqual(shown.of(FILE, never), { byTask: new Map(), changed: false });
    // The text is then diagnosed with an error: the view reads the file again, and is told what changed.
    state.diagnosed = true;
    state.diagnostics = [{ severity: 'error', message: 'A is claimed with no agent', line: 3 }];
    assert.deepEqual(shown.changed([FILE]), [FILE]);
    const tasks = [task('A', 3)];
    assert.deepEqual([ids(shown.of(FILE, () => tasks).byTask), shown.of(FILE, () => tasks).changed], [[['A', ['A is claimed with no agent']]], false]);
    state.diagnostics = [];
    const cleared = shown.of(FILE, never);
    assert.deepEqual([cleared.byTask.size, cleared.changed], [0, true], 'its problem gone: changed, with no tasks read');
    // A file the view no longer has is forgotten: a change of its diagnostics is none of its business.
    state.diagnostics = [{ severity: 'error', message: 'A is claimed with no agent', line: 3 }];
    shown.retain(new Set(['file:///w/other.md']));
    assert.deepEqual(shown.changed([FILE]), []);
  });

  it('keeps each of two tasks with one id to its own problems', () => {
    const { state, shown } = fixture();
    state.diagnosed = true;
    state.diagnostics = [{ severity: 'error', message: 'T is a second task with the id T', line: 6 }];
    const twins = [task('T', 3), task('T', 6)];
    assert.deepEqual([...shown.of(FILE, () => twins).byTask].map(([t]) => t.line), [6]);
    state.diagnosed = false;
    const later = [task('T', 3), task('T', 6)];
    assert.deepEqual([...shown.of(FILE, () => later).byTask].map(([t]) => t.line), [6], 'the second keeps it; the first is not given it');
  });
});
