// Pathological items: each item's reading is bounded. The fast path reads an
// item of the plain shape at any size (linear in its length); an odd item
// over MAX_SLOW_ITEM_CHARS is reported as item-too-large and never handed to
// `yaml` or the tolerant scan, whose cost per character on such text is what
// made a 5 MB line of `- T: x: x: …` take 14 s and 1.4 GB. The proof is
// structural (how much text the slow readers were given), not a timing.
import { strict as assert } from 'node:assert';
import { parseBoard } from '../../src/core/board/parseBoard';
import { lintBoard } from '../../src/core/board/lintBoard';
import { MAX_SLOW_ITEM_CHARS } from '../../src/core/board/parseItem';
import * as yamlItem from '../../src/core/board/yamlItem';

/** Runs `body`, returning how many characters `yaml` was asked to read meanwhile. */
function yamlCharsDuring(body: () => void): number {
  const module = yamlItem as { parseItemWithYaml: typeof yamlItem.parseItemWithYaml };
  const original = module.parseItemWithYaml;
  let chars = 0;
  module.parseItemWithYaml = (text, start, end) => {
    chars += end - start;
    return original(text, start, end);
  };
  try {
    body();
  } finally {
    module.parseItemWithYaml = original;
  }
  return chars;
}

const fence = (...items: string[]): string => ['```yaml', ...items, '```', ''].join('\n');
const NEXT = '- TASK_2: "next"\n  status: todo';

describe('board items: bounded reading of pathological items', () => {
  it('a 5 MB line of "- T: x: x: x: …" is reported as item-too-large, never given to yaml, and the next task is read', () => {
    const text = fence(`- T: ${'x: '.repeat(1_700_000)}`, '  status: todo', '', NEXT);
    let board!: ReturnType<typeof parseBoard>;
    const chars = yamlCharsDuring(() => {
      board = parseBoard({ file: 'TODO.md', text });
      lintBoard(board, text);
    });
    assert.equal(chars, 0);
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_2']);
    const problem = board.problems.find((p) => p.code === 'item-too-large');
    assert.ok(problem, JSON.stringify(board.problems.map((p) => p.code)));
    assert.equal(problem.span.start, text.indexOf('- T:'));
    assert.ok(problem.span.end - problem.span.start <= 200, 'the problem marks the start of the line, not 5 MB');
    assert.match(problem.message, /This item is 4\.9 MB .* over 64 KB/);
  });

  it('an item of the plain shape is read at any size (the fast path), a long quoted title and a block description alike', () => {
    const title = 'long title '.repeat(20_000);
    const description = '    a line of the description\n'.repeat(5_000);
    const text = fence(`- TASK_1: "${title}"`, '  status: todo', '  description: |', description.trimEnd(), '', NEXT);
    let board!: ReturnType<typeof parseBoard>;
    const chars = yamlCharsDuring(() => (board = parseBoard({ file: 'TODO.md', text })));
    assert.equal(chars, 0);
    assert.equal(board.tasks[0]!.title, title);
    assert.equal(String(board.tasks[0]!.fields.description).length, 'a line of the description\n'.length * 5_000);
    assert.deepEqual(board.problems, []);
  });

  it('reads a one-line list of plain ids (`depends_on: [A, B]`) without yaml, as yaml reads it', () => {
    const text = fence('- TASK_1: "t"\n  status: todo\n  depends_on: [TASK_0, AUTH-2]   # both\n  tags: []', '', NEXT);
    let board!: ReturnType<typeof parseBoard>;
    assert.equal(yamlCharsDuring(() => (board = parseBoard({ file: 'TODO.md', text }))), 0);
    assert.deepEqual(board.tasks[0]!.fields.depends_on, ['TASK_0', 'AUTH-2']);
    assert.deepEqual(board.tasks[0]!.fields.tags, []);
    const span = board.tasks[0]!.fieldSpans.get('depends_on')!.valueSpan;
    assert.equal(text.slice(span.start, span.end), '[TASK_0, AUTH-2]');
  });

  it('an odd item under the limit still goes to yaml; the same shape over it is refused', () => {
    // A flow list of quoted words: the fast path reads only plain ones.
    const flow = (n: number) => `- TASK_1: "t"\n  status: todo\n  tags: [${Array.from({ length: n }, (_, i) => `"tag${i}"`).join(', ')}]`;
    const small = fence(flow(100), '', NEXT);
    const smallChars = yamlCharsDuring(() => assert.deepEqual(parseBoard({ file: 'TODO.md', text: small }).tasks.map((t) => t.id), ['TASK_1', 'TASK_2']));
    assert.ok(smallChars > 0, 'a flow list of quoted words is yaml\'s to read');
    const big = fence(flow(MAX_SLOW_ITEM_CHARS / 8), '', NEXT);
    let board!: ReturnType<typeof parseBoard>;
    assert.equal(yamlCharsDuring(() => (board = parseBoard({ file: 'TODO.md', text: big }))), 0);
    assert.deepEqual(board.tasks.map((t) => t.id), ['TASK_2']);
    assert.deepEqual(board.problems.map((p) => p.code), ['item-too-large']);
  });
});
