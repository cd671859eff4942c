// A plain scalar's value on the fast path against what `yaml` itself makes of
// the same text in a mapping: equal for every text tried, including every
// short text over the characters the core schema's tags look at.
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { resolvePlainScalar } from '../../src/core/board/plainScalar';

/** What yaml reads for `key: <text>`, or undefined when the text is not a plain scalar there. */
function yamlValue(text: string): { value: unknown } | undefined {
  try {
    const doc = parse(`key: ${text}\n`) as unknown;
    if (doc === null || typeof doc !== 'object' || !('key' in doc)) return undefined;
    return { value: (doc as { key: unknown }).key };
  } catch {
    return undefined;
  }
}

function texts(): string[] {
  const words = ['null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'fALSE', 'nul', 'tru', 'fals',
    'todo', 'T1', 'TASK_001', 'f', 't', 'n', 'N', 'no', 'yes', 'on', 'off', 'Yes', 'y', 'fix', 'nulls', 'trueish', 'falsey',
    '~', '~x', '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', '.naN', '0o17', '0o8', '0x1F', '0xg', '0X1F', '12', '-12', '+12',
    '1.5', '1.', '.5', '1e3', '-1.5E-3', '1_000', '1st', '2026-11-21', '12:30', '0', '00', '-', '+', '.', '1.2.3', 'nan', 'inf'];
  // Every text of up to three characters over the characters the schema's tests turn on.
  const alphabet = ['0', '1', '8', 'x', 'o', 'e', 'E', '.', '-', '+', '~', 'n', 'N', 't', 'T', 'f', 'F', 'a', 'i'];
  const short: string[] = [...alphabet];
  for (const a of alphabet) for (const b of alphabet) short.push(a + b);
  for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) short.push(a + b + c);
  return [...words, ...short];
}

describe('plain scalars on the fast path', () => {
  it('resolve to what yaml reads for the same text under the core schema', () => {
    let compared = 0;
    for (const text of texts()) {
      const expected = yamlValue(text);
      // A text yaml does not read as a plain scalar here (a comment, an alias) never reaches the fast path.
      if (!expected || (typeof expected.value === 'object' && expected.value !== null)) continue;
      assert.deepEqual(resolvePlainScalar(text), expected.value, JSON.stringify(text));
      compared++;
    }
    assert.ok(compared > 6000, `only ${compared} texts compared`);
  });
});
