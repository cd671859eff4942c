import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { ParsedBoard, Span } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';
import { parseItemFast } from '../../src/core/board/fastItem';
import { lintBoard } from '../../src/core/board/lintBoard';
import { parseBoard } from '../../src/core/board/parseBoard';
import { fixToApply } from '../../src/core/fixAll';
import { lintFile } from '../../src/core/lintFile';
import { parseFile } from '../../src/core/parseFile';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const demoText = readFileSync(join(fixtures, 'demo-workspace', 'TODO.md'), 'utf8');
const malformedText = readFileSync(join(fixtures, 'malformed', 'TODO.md'), 'utf8');

const tricky = [' ', ':', '#', '"', "'", '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '?', '\\', '\t', '~', '.', '0', '1', 'e', 'x', 'a', 'Z', 'é', '\u0001'];
const word = fc.string({ unit: fc.constantFrom(...tricky), maxLength: 8 });
const scalarWords = fc.constantFrom(
  '4', '0x1F', '0o17', '1e3', '-.inf', '.nan', '~', 'null', 'Null', 'True', 'FALSE', '007', '+12', '1_000', '-', '- x', '3.', '.5',
  '75%', 'high', 'in_progress', 'backend-engineer', '2026-11-05T10:00:00Z', 'a: b', 'a:', 'x #y', '#c', '"q"', "'it''s'", '"a\\"b"',
);
const value = fc.oneof(
  fc.constant(''),
  scalarWords,
  word,
  word.map((w) => `"${w}"`),
  word.map((w) => `'${w}'`),
  fc.tuple(scalarWords, word).map(([a, b]) => a + b),
  // Flow lists, as depends_on is written: plain ids the fast path reads, and what it leaves to yaml.
  fc
    .tuple(
      fc.array(fc.oneof(fc.constantFrom('TASK_001', 'A', 'b-2', 'x_', 'Null', 'true', 'e1', '1a', '"A"', 'A B', 'A:', '', 'A#b'), word), { maxLength: 3 }),
      fc.constantFrom(', ', ',', ' , ', ',  '),
      fc.constantFrom(['[', ']'], ['[ ', ' ]'], ['[', ', ]'], ['[', ''], ['[', ']x'], ['[', '] ']),
    )
    .map(([items, comma, [open, close]]) => `${open}${items.join(comma)}${close}`),
);
const key = fc.oneof(
  fc.constantFrom('TASK_001', 'TASK-002', 'AUTH_SYSTEM', 'id', 'title', 'status', 'priority', 'assigned_agent', 'null', 'True', 'k.v', '_x', '1a', '__proto__'),
  fc.string({ unit: fc.constantFrom('a', 'Z', '_', '-', '.', '1', ' ', ':', '"'), minLength: 1, maxLength: 6 }),
);
const comment = fc.constantFrom('', '', ' # note', '   # note: with colon', '#tight', ' #');
const indent = fc.constantFrom('  ', '  ', '  ', '  ', '', ' ', '   ', '    ', '\t', ' \t');
const extraLine = fc.constantFrom('', '  ', '  # comment', '# col0 comment', '      # deep comment', '\r  note: after a lone CR', 'x\r');
// Block scalars: the literal `|` the fast path reads, and the headers and lines it leaves to yaml.
const blockHeader = fc.constantFrom('|', '|', '|', '|  ', '|-', '|+', '>', '|2', '| # c');
const blockLine = fc.oneof(
  fc.tuple(fc.constantFrom('    ', '    ', '     ', '   ', '      ', '  ', '', ' \t', '\t'), word).map(([i, w]) => `${i}${w}`),
  fc.constantFrom('', '', '    ', '    # hash', '    - dash', '    key: value', '    "quoted"', '    ```', '    trailing  '),
);
const fieldLines = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(indent, key, value, comment).map(([i, k, v, c]) => [`${i}${k}:${v === '' ? '' : ' '}${v}${c}`]) },
  { weight: 1, arbitrary: extraLine.map((l) => [l]) },
  { weight: 2, arbitrary: fc.tuple(indent, key, blockHeader, fc.array(blockLine, { maxLength: 4 })).map(([i, k, h, ls]) => [`${i}${k}: ${h}`, ...ls]) },
);
const item = fc
  .tuple(key, fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: blockHeader }), comment, fc.array(fieldLines, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
  .map(([k, v, c, lines, eol]) => [`- ${k}:${v === '' ? '' : ' '}${v}${c}`, ...lines.flat()].join(eol).replace(/(?:\r?\n[ \t]*(?:#[^\n]*)?)+$/, ''));

function allSpans(board: ParsedBoard): Span[] {
  const spans: Span[] = [];
  for (const t of board.tasks) {
    spans.push(t.span, t.idSpan, t.titleSpan);
    for (const f of t.fieldSpans.values()) spans.push(f.keySpan, f.valueSpan, f.lineSpan);
  }
  for (const h of board.history) spans.push(h.span);
  return spans;
}

describe('board parser properties', function () {
  // Thousands of generated boards: slower than mocha's default allows, never a timing assertion.
  this.timeout(120_000);

  /** True when the fast path accepts the item; then it must read it exactly as yaml does. */
  function fastAgreesWithYaml(text: string): boolean {
    const fast = parseItemFast(text, 0, text.length);
    if (!fast) return false;
    const doc = parseDocument(text, { uniqueKeys: true });
    assert.deepEqual(doc.errors.map((e) => e.message), [], `yaml rejects an item the fast path accepted:\n${text}`);
    assert.ok(isSeq(doc.contents) && isMap(doc.contents.items[0]));
    const fastFields = fast.idKey === undefined ? fast.fields : { [fast.idKey]: fast.idValue, ...fast.fields };
    assert.deepEqual(fastFields, (doc.toJS() as unknown[])[0], text);
    const pairs = doc.contents.items[0].items;
    assert.equal(pairs.length, fast.spans.size);
    for (const pair of pairs) {
      const k = pair.key as YamlNode;
      assert.ok(isScalar(k) && k.range);
      const span = fast.spans.get(String(k.value));
      assert.ok(span, `span of ${String(k.value)}`);
      assert.equal(text.slice(span.keySpan.start, span.keySpan.end), text.slice(k.range[0], k.range[1]));
      const v = pair.value as YamlNode | null;
      const yamlValue = v?.range ? text.slice(v.range[0], v.range[1]).trimEnd() : '';
      assert.equal(text.slice(span.valueSpan.start, span.valueSpan.end), yamlValue, text);
      // The field's lines run from its key's line to the end of its value's last line.
      assert.equal(text.slice(span.lineSpan.start, span.keySpan.start).trim(), span.lineSpan.start === 0 ? '-' : '', text);
      const after = text.slice(span.lineSpan.end, span.lineSpan.end + 2);
      assert.ok(after === '' || after.startsWith('\n') || after === '\r\n', `line end of ${String(k.value)} in ${JSON.stringify(text)}`);
      assert.ok(span.lineSpan.end >= span.valueSpan.end && !text.slice(span.valueSpan.end, span.lineSpan.end).includes('\n'), text);
    }
    return true;
  }

  it('the fast path agrees with yaml on every item it accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(item, (text) => {
        if (fastAgreesWithYaml(text)) accepted++;
      }),
      { numRuns: Number(process.env.BOARD_FAST_RUNS ?? 4000) },
    );
    // About 5% of generated items have the canonical shape (215 per 4,000 on average): far enough below that to never flake.
    assert.ok(accepted > (Number(process.env.BOARD_FAST_RUNS ?? 4000) * 100) / 4000, `the fast path accepted ${accepted} items`);
  });

  it('the fast path reads literal blocks (`key: |`) exactly as yaml does, or leaves them to it', () => {
    const plainField = fc
      .tuple(fc.constantFrom('status', 'priority', 'title', 'created_at'), fc.constantFrom('todo', 'high', '"x: y"', '', 'a b'))
      .map(([k, v]) => [`  ${k}:${v === '' ? '' : ' '}${v}`]);
    const usualLine = fc.constantFrom('    Some text', '    key: value # not a comment', '      deeper', '     - item', '    trailing  ', '', '    \'q\' "dq" [x] {y}');
    const blockField = fc
      .tuple(fc.constantFrom('description', 'notes', 'acceptance_criteria'), blockHeader, fc.array(fc.oneof({ weight: 4, arbitrary: usualLine }, { weight: 1, arbitrary: blockLine }), { maxLength: 5 }))
      .map(([k, h, ls]) => [`  ${k}: ${h}`, ...ls]);
    const blockItem = fc
      .tuple(fc.constantFrom('TASK_001: "t"', 'TASK_002: |', 'id: T_3'), fc.array(fc.oneof(plainField, blockField), { maxLength: 4 }), fc.constantFrom('\n', '\r\n'))
      .map(([first, fields, eol]) => [`- ${first}`, ...fields.flat()].join(eol).replace(/(?:\r?\n[ \t]*(?:#[^\n]*)?)+$/, ''));
    let blocks = 0;
    fc.assert(
      fc.property(blockItem, (text) => {
        if (fastAgreesWithYaml(text) && /: \|/.test(text)) blocks++;
      }),
      { numRuns: Number(process.env.BOARD_FAST_RUNS ?? 4000) },
    );
    assert.ok(blocks > (Number(process.env.BOARD_FAST_RUNS ?? 4000) * 100) / 4000, `the fast path read ${blocks} items with blocks`);
  });

  it('a board whose items go back and forth between many shapes reads each item with its own fields', () => {
    // The reader keeps the last few field orders it saw (more shapes than it keeps, here): an item
    // matched against a kept order must still have exactly the names it was written with.
    const names = ['status', 'priority', 'assigned_agent', 'created_at', 'notes', 'owner'];
    const shape = fc.uniqueArray(fc.constantFrom(...names), { minLength: 0, maxLength: names.length });
    fc.assert(
      fc.property(fc.array(shape, { minLength: 10, maxLength: 14 }), fc.array(fc.nat(), { minLength: 20, maxLength: 60 }), (shapes, picks) => {
        const written = picks.map((p) => shapes[p % shapes.length]!);
        const items = written.map((keys, i) => [`- TASK_${String(i + 1).padStart(3, '0')}: "Task ${i}"`, ...keys.map((k) => `  ${k}: v${i}`)].join('\n'));
        const text = ['# TODO', '', '```yaml', ...items, '```', ''].join('\n');
        const board = parseBoard({ file: 'TODO.md', text });
        assert.equal(board.tasks.length, written.length);
        board.tasks.forEach((task, i) => {
          assert.deepEqual([...task.fieldSpans.keys()], [task.id, ...written[i]!], `task ${i}`);
          assert.deepEqual(Object.keys(task.fields), written[i], `task ${i}`);
          for (const [key, span] of task.fieldSpans) assert.equal(text.slice(span.keySpan.start, span.keySpan.end), key);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on mutated boards, and every span lies inside the text', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 12 }),
      insert: fc.string({ unit: fc.constantFrom('\n', '\r\n', '\t', ' ', ':', '"', "'", '#', '-', '- TASK_9: x', '```', '~~~yaml', '## H', '[', '{', '|', 'a', '\uFEFF'), maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(demoText, malformedText, '\uFEFF' + malformedText.replace(/\n/g, '\r\n')), fc.array(mutation, { minLength: 1, maxLength: 6 }), (base, mutations) => {
        let text = base;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert + text.slice(Math.min(text.length, at + m.remove));
        }
        const board = parseBoard({ file: 'TODO.md', text });
        const problems = lintBoard(board, text);
        for (const s of [...allSpans(board), ...problems.map((p) => p.span), ...problems.flatMap((p) => p.fixes.flatMap((f) => f.edits))]) {
          assert.ok(0 <= s.start && s.start <= s.end && s.end <= text.length, `span ${s.start}-${s.end} in ${text.length}`);
        }
        for (const p of problems) for (const f of p.fixes) applyEdits(text, f.edits);
      }),
      { numRuns: 400 },
    );
  });

  // Issue #3: every fix leaves the file with fewer problems. Problems are counted as the CLI's
  // `lint` counts them (lintFile: parse + lint, duplicates dropped); the fix is the one `fix` applies.
  it('every preferred fix on a mutated board removes its own problem and leaves fewer problems', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 12 }),
      insert: fc.string({
        unit: fc.constantFrom('\n', '\n', '\t', ' ', '  ', ':', ': ', '"', "'", '#', '-', '|', '- TASK_9: x', '\n  status: WIP', 'WIP', 'urgent', 'In Progress', 'yesterday', '(a)', 'a'),
        maxLength: 4,
      }),
    });
    const crlfMalformed = malformedText.replace(/\n/g, '\r\n');
    fc.assert(
      fc.property(fc.constantFrom(demoText, malformedText, crlfMalformed), fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, mutations) => {
        let text = base;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert + text.slice(Math.min(text.length, at + m.remove));
        }
        const problems = lintFile(parseFile('board', { file: 'TODO.md', text }), text);
        for (const p of problems) {
          const fix = fixToApply(p);
          if (!fix) continue;
          const fixed = applyEdits(text, fix.edits);
          const after = lintFile(parseFile('board', { file: 'TODO.md', text: fixed }), fixed);
          const show = (): string => `${p.code} "${fix.title}": ${problems.length} -> ${after.length} problems\n${JSON.stringify(text)}\n${after.map((a) => `${a.code} ${a.message}`).join('\n')}`;
          // A lone CR's fix makes the lines the CR joined readable: their own problems come to light, so the count may
          // not fall (a mutation that takes the LF out of a CRLF joins two lines). Its own problem must still go.
          if (!fix.alone) assert.ok(after.length < problems.length, show());
          assert.ok(!after.some((a) => a.code === p.code && a.span.start === p.span.start && a.message === p.message), `left its own problem in place: ${show()}`);
        }
      }),
      { numRuns: Number(process.env.BOARD_FEWER_RUNS ?? 300) },
    );
  });
});
