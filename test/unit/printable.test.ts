// What the CLI shows of a task file's text in a terminal: every control
// character and bidirectional control as an escape, everything else as it is.
import * as assert from 'node:assert/strict';
import { printable } from '../../src/cli/printable';

describe('printable', () => {
  it('escapes terminal controls and every bidirectional control, the Arabic letter mark included', () => {
    assert.equal(printable('a\u001b[2J\u0007\n'), 'a\\e[2J\\x07\\n');
    assert.equal(printable('\u061c\u200e\u200f\u202a\u202e\u2066\u2069'), '\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069');
    assert.equal(printable('Tâche ۱ — مهمة'), 'Tâche ۱ — مهمة');
  });
});
