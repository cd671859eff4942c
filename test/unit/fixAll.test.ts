import * as assert from 'node:assert/strict';
import { compatibleFixEdits, fixAll, spanningEdit } from '../../src/core/fixAll';
import type { Problem } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

/** A toy lint: every `bad` word is a problem whose preferred fix turns it into `good`. */
function lintBad(text: string): Problem[] {
  const problems: Problem[] = [];
  for (const m of text.matchAll(/bad/g)) {
    const start = m.index;
    problems.push({
      code: 'unknown-status',
      severity: 'error',
      message: 'bad word',
      span: { start, end: start + 3 },
      fixes: [
        { title: 'delete', edits: [{ start, end: start + 3, newText: '' }] },
        { title: 'make good', edits: [{ start, end: start + 3, newText: 'good' }], preferred: true },
      ],
    });
  }
  return problems;
}

describe('fixAll', () => {
  it('applies the preferred fix of every problem in one pass with minimal edits', () => {
    const text = 'a bad line\r\nanother bad line\r\n';
    const result = fixAll(text, lintBad);
    assert.equal(result.text, 'a good line\r\nanother good line\r\n');
    assert.equal(result.passes, 1);
    assert.equal(result.edits.length, 2);
    assert.equal(applyEdits(text, result.edits), result.text);
    assert.deepEqual(lintBad(result.text), []);
  });

  it('skips fixes that overlap a fix already taken, and takes them in the next pass', () => {
    // Two problems on the same characters: only one edit may go in a pass.
    let lints = 0;
    const lint = (text: string): Problem[] => {
      lints++;
      const at = text.indexOf('xx');
      if (at === -1) return [];
      const fix = (newText: string) => ({ title: newText, edits: [{ start: at, end: at + 2, newText }], preferred: true });
      return [
        { code: 'bad-indent', severity: 'error', message: 'one', span: { start: at, end: at + 2 }, fixes: [fix('x')] },
        { code: 'tab-indent', severity: 'error', message: 'two', span: { start: at, end: at + 2 }, fixes: [fix('y')] },
      ];
    };
    const pass = compatibleFixEdits(lint('axxb'));
    assert.deepEqual(pass.edits, [{ start: 1, end: 3, newText: 'x' }]);
    const result = fixAll('axxb', lint);
    assert.equal(result.text, 'axb');
    assert.ok(lints >= 2);
  });

  it('repeats until stable, and returns one edit on the original text when several passes ran', () => {
    // Each pass can fix only the first `bad` (later ones depend on it).
    const lintFirst = (text: string) => lintBad(text).slice(0, 1);
    const text = 'keep bad middle bad end';
    const result = fixAll(text, lintFirst);
    assert.equal(result.text, 'keep good middle good end');
    assert.equal(result.passes, 2);
    assert.equal(applyEdits(text, result.edits), result.text);
    assert.equal(text.slice(0, result.edits[0]!.start), 'keep ', 'the edit starts where the change starts');
    // Each fix says where its problem was in the text given: the second pass's `bad` after the first's `good`, mapped back.
    assert.deepEqual(result.applied.map((a) => text.slice(a.at, a.at + 10)), ['bad middle', 'bad end']);
  });

  it('maps a problem of a later pass back past every earlier insertion and removal', () => {
    // Pass 1 inserts two lines above and removes one; pass 2's problem is the `bad` on the last line.
    let pass = 0;
    const lint = (text: string): Problem[] => {
      pass++;
      if (pass === 1) {
        return [
          { code: 'missing-status', severity: 'error', message: 'x', span: { start: 0, end: 0 }, fixes: [{ title: 'insert', edits: [{ start: 0, end: 0, newText: 'new 1\nnew 2\n' }], preferred: true }] },
          { code: 'bad-indent', severity: 'error', message: 'x', span: { start: 4, end: 8 }, fixes: [{ title: 'remove', edits: [{ start: 4, end: 8, newText: '' }], preferred: true }] },
        ];
      }
      const at = text.indexOf('bad');
      return at === -1 ? [] : lintBad(text);
    };
    const text = 'one\ntwo\nthree bad\n';
    const result = fixAll(text, lint);
    assert.equal(result.text, 'new 1\nnew 2\none\nthree good\n');
    assert.deepEqual(result.applied.map((a) => [a.title, a.at]), [['insert', 0], ['remove', 4], ['make good', text.indexOf('bad')]]);
  });

  it('stops at the cap when a fix never fixes its problem', () => {
    const lintLoop = (): Problem[] => [
      { code: 'yaml-syntax', severity: 'error', message: 'never fixed', span: { start: 0, end: 0 }, fixes: [{ title: 'grow', edits: [{ start: 0, end: 0, newText: '!' }], preferred: true }] },
    ];
    const result = fixAll('x', lintLoop, { maxPasses: 3 });
    assert.equal(result.text, '!!!x');
    assert.equal(result.passes, 3);
  });

  it('leaves problems without a preferred or single fix alone, and honours a code filter', () => {
    const lint = (text: string): Problem[] => [
      { code: 'duplicate-id', severity: 'error', message: 'two choices', span: { start: 0, end: 1 }, fixes: [
        { title: 'a', edits: [{ start: 0, end: 1, newText: 'A' }] },
        { title: 'b', edits: [{ start: 0, end: 1, newText: 'B' }] },
      ] },
      ...lintBad(text),
    ];
    assert.equal(fixAll('x bad', lint).text, 'x good');
    assert.equal(fixAll('x bad', lint, { codes: new Set(['duplicate-id']) }).text, 'x bad');
  });

  it('an only fix marked preferred: false (a lifecycle decision) is applied only when its code is asked for', () => {
    const lint = (text: string): Problem[] =>
      text.includes('WIP')
        ? [{ code: 'claim-without-agent', severity: 'error', message: 'no agent', span: { start: 0, end: 3 }, fixes: [
            { title: 'Release to todo', edits: [{ start: 0, end: 3, newText: 'todo' }], preferred: false },
          ] }]
        : [];
    assert.equal(fixAll('WIP', lint).text, 'WIP');
    assert.deepEqual(compatibleFixEdits(lint('WIP')).edits, []);
    assert.equal(fixAll('WIP', lint, { codes: new Set(['claim-without-agent']) }).text, 'todo');
  });

  it('makes no lifecycle decisions: a preferred lifecycle fix is applied only when its code is asked for', () => {
    // Enforcement's lint includes lifecycle problems; a renumbered task once looked new and fix-all reset it to todo.
    for (const code of ['illegal-transition', 'new-task-not-todo', 'stolen-claim', 'claim-without-agent', 'stale-claim'] as const) {
      const lint = (text: string): Problem[] =>
        text.startsWith('claimed')
          ? [{ code, severity: 'error', message: code, span: { start: 0, end: 7 }, fixes: [
              { title: 'Set status to todo', edits: [{ start: 0, end: 7, newText: 'todo' }], preferred: true },
            ] }, ...lintBad(text)]
          : lintBad(text);
      assert.equal(fixAll('claimed bad', lint).text, 'claimed good', code);
      assert.equal(fixAll('claimed bad', lint, { codes: new Set([code]) }).text, 'todo bad', code);
    }
  });

  it('spanningEdit covers exactly the changed middle', () => {
    assert.deepEqual(spanningEdit('abcXYdef', 'abcZdef'), { start: 3, end: 5, newText: 'Z' });
    assert.deepEqual(spanningEdit('same', 'same'), { start: 4, end: 4, newText: '' });
  });
});
