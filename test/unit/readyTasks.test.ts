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
});
