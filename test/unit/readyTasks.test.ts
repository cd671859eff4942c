// The order `next` offers ready tasks in (src/core/next/readyTasks.ts).
import { strict as assert } from 'node:assert';
import { parseBoard } from '../../src/core/board/parseBoard';
import { readyTasks } from '../../src/core/next/readyTasks';

describe('readyTasks', () => {
  it('takes the oldest first by created_at as lint reads it; an ambiguous or unreadable date comes after, in file order', () => {
    const created: Record<string, string> = {
      A: '03/04/2026', // 3 April or 4 March: no age
      B: 'TBD 2024', // no date (Date.parse says 1 January 2024)
      C: '2026-04-01T00:00:00Z',
      D: '25/03/2026', // day first: 25 March
      E: '2026-03-10T00:00:00Z',
    };
    const items = Object.entries(created).map(([id, at]) => `- ${id}: "Task ${id}"\n  status: todo\n  created_at: "${at}"`);
    const text = ['# TODO', '', '```yaml', ...items, '- F: "Task F"', '  status: todo', '```', ''].join('\n');
    const { ready } = readyTasks(parseBoard({ file: 'TODO.md', text }).tasks);
    assert.deepEqual(ready.map((t) => t.id), ['E', 'D', 'C', 'A', 'B', 'F']);
  });

  it('reads a table as agents write it: marked and coloured priorities, a Created column, dependency ids in marks', () => {
    const text = [
      '| ID | Task | Status | Priority | Created | Depends On |',
      '|----|------|--------|----------|---------|------------|',
      '| T-1 | plain | Todo | Medium | 2024-01-01 | |',
      '| T-2 | bold | Todo | **High** | 2026-03-01 | |',
      '| T-3 | red | Todo | 🔴 High | 2026-01-01 | |',
      '| T-4 | dot | Todo | 🔴 | 2026-02-01 | |',
      '| T-5 | waits | Todo | 🔴 Critical | 2020-01-01 | `T-9` |',
      '| T-6 | green | Todo | 🟢 | 2020-01-01 | **T-1** |',
      '| T-9 | base | Done | Low | 2020-01-01 | |',
      '',
    ].join('\n');
    const { ready, waiting } = readyTasks(parseBoard({ file: 'TODO.md', text }).tasks);
    // Critical first; then the three highs oldest first; then medium; T-6 waits on T-1.
    assert.deepEqual(ready.map((t) => t.id), ['T-5', 'T-3', 'T-4', 'T-2', 'T-1']);
    assert.deepEqual(waiting.map((w) => [w.task.id, w.on]), [['T-6', ['T-1']]]);
  });

  it('offers no row under a heading its cell disagrees with, nor one under a heading beyond the lifecycle', () => {
    const text = '## To Do\n\n| ID | Task | Status |\n|---|---|---|\n| T-1 | a | Todo |\n\n## Blocked\n\n| ID | Task | Status |\n|---|---|---|\n| T-2 | waits on vendor | Pending |\n';
    const parsed = parseBoard({ file: 'TODO.md', text });
    assert.deepEqual(parsed.tasks.map((t) => [t.id, t.status]), [['T-1', 'todo'], ['T-2', 'blocked']]);
    assert.deepEqual(parsed.problems.map((p) => p.code), ['unknown-status']);
    assert.deepEqual(readyTasks(parsed.tasks).ready.map((t) => t.id), ['T-1']);
    const inProgress = '## In Progress\n\n| ID | Task | Status |\n|---|---|---|\n| T-3 | started | Todo |\n';
    assert.deepEqual(readyTasks(parseBoard({ file: 'TODO.md', text: inProgress }).tasks).ready, []);
  });
});
