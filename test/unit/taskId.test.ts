import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { lintBoard } from '../../src/core/board/lintBoard';
import { parseBoard } from '../../src/core/board/parseBoard';
import { FreeIds } from '../../src/core/board/taskId';

/** The definition: the number after the highest taken with the same prefix (or the like's own), first free at its width. */
function byDefinition(like: string, taken: ReadonlySet<string>): string {
  const m = /^(.*?)(\d+)$/.exec(like);
  if (!m) {
    let n = 2;
    while (taken.has(`${like}_${n}`)) n++;
    return `${like}_${n}`;
  }
  const [, prefix, digits] = m as unknown as [string, string, string];
  let max = Number(digits);
  for (const id of taken) if (id.length > prefix.length && id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length))) max = Math.max(max, Number(id.slice(prefix.length)));
  let n = max + 1;
  while (taken.has(prefix + String(n).padStart(digits.length, '0'))) n++;
  return prefix + String(n).padStart(digits.length, '0');
}

/** A Set that counts the passes over it. */
class CountedSet extends Set<string> {
  passes = 0;
  override [Symbol.iterator](): SetIterator<string> {
    this.passes++;
    return super[Symbol.iterator]();
  }
  override values(): SetIterator<string> {
    this.passes++;
    return super.values();
  }
}

describe('FreeIds', () => {
  it('gives, one after another, what the definition gives for the ids taken so far', () => {
    const id = fc.oneof(
      fc.tuple(fc.constantFrom('TASK_', 'T-', 'AUTH', 'AUTH_', 'X', ''), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 3 })).map(([p, n, w]) => p + String(n).padStart(w, '0')),
      fc.constantFrom('AUTH', 'AUTH_2', 'TASK', 'TASK_1x', 'TASK_'),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 12 }), fc.array(id, { minLength: 1, maxLength: 12 }), (takenIds, likes) => {
        const taken = new Set(takenIds);
        const reference = new Set(takenIds);
        const free = new FreeIds(taken);
        for (const like of likes) {
          const expected = byDefinition(like, reference);
          reference.add(expected);
          assert.equal(free.next(like), expected, `next(${like}) after ${[...reference].join(', ')}`);
        }
        assert.deepEqual([...taken].sort(), [...reference].sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the taken ids once per prefix, however many ids it gives', () => {
    const taken = new CountedSet(Array.from({ length: 1000 }, (_, i) => `TASK_${String(i).padStart(4, '0')}`));
    const free = new FreeIds(taken);
    const given = Array.from({ length: 1000 }, () => free.next('TASK_0007'));
    assert.equal(given[0], 'TASK_1000');
    assert.equal(given[999], 'TASK_1999');
    assert.equal(taken.passes, 1);
  });

  it('lint renumbers every duplicate of a board pasted twice to an id of its own', () => {
    const items = Array.from({ length: 2000 }, (_, i) => `- TASK_${String(i + 1).padStart(4, '0')}: "Task ${i + 1}"\n  status: todo`);
    const text = '# TODO\n\n```yaml\n' + [...items, ...items].join('\n') + '\n```\n';
    const renumbered = lintBoard(parseBoard({ file: 'TODO.md', text }), text)
      .filter((p) => p.code === 'duplicate-id')
      .map((p) => p.fixes[0]!.edits[0]!.newText);
    assert.equal(renumbered.length, 2000);
    assert.equal(new Set(renumbered).size, 2000);
    assert.deepEqual([renumbered[0], renumbered[1999]], ['TASK_2001', 'TASK_4000']);
  });
});
