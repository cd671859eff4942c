// A value written by `plainOrQuoted` reads back as the same string wherever a task file holds one: after a
// block mapping's key, inside a flow map (`- {TASK_001: …}`) and inside a flow list (`assigned_to: […]`).
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { plainOrQuoted } from '../../src/core/scalarEdits';

const VALUES = ['alice', 'dependabot[bot]', 'a,b', 'x{y}', '{a}', '[a]', 'a]', 'b}', 'a, b', 'a: b', 'a #b', '#a', 'it\'s', '"q"',
  'no', '12', '1.5', '~', '-x', '?x', ':x', 'x:', 'a:b', 'tab\there', ' lead', 'trail ', 'émile', '@bot', '`x`', 'x\ny', ''];

describe('plainOrQuoted', () => {
  it('writes a value that reads back the same in block and flow contexts', () => {
    for (const value of VALUES) {
      const written = plainOrQuoted(value);
      assert.deepEqual(parse(`key: ${written}\n`), { key: value }, `block: ${written}`);
      assert.deepEqual(parse(`- {id: 1, key: ${written}, other: 2}\n`), [{ id: 1, key: value, other: 2 }], `flow map: ${written}`);
      assert.deepEqual(parse(`key: [${written}, other]\n`), { key: [value, 'other'] }, `flow list: ${written}`);
    }
  });

  it('leaves a value plain when it reads back plain everywhere', () => {
    for (const value of ['alice', 'backend-engineer', 'TASK_001', 'a:b', 'émile', 'v1.2-rc']) assert.equal(plainOrQuoted(value), value);
  });
});
