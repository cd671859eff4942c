import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeKeepingBytes, encodeKeepingBytes, hasStrayBytes, strayByteProblems } from '../../src/core/byteText';

describe('byteText: stray bytes kept through decode and encode', () => {
  it('gives back every byte of any input, and the usual text for valid UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        assert.deepEqual(encodeKeepingBytes(decodeKeepingBytes(bytes)), bytes);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = new TextEncoder().encode(text);
        assert.equal(decodeKeepingBytes(bytes), text);
        assert.deepEqual(encodeKeepingBytes(text), bytes);
      }),
    );
  });

  it('reads a Windows-1252 em dash in UTF-8 text as one character, and an emoji after it as itself', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('a '), 0x97, ...new TextEncoder().encode(' b 💗 é')]);
    const text = decodeKeepingBytes(bytes);
    assert.equal(text.length, 'a x b 💗 é'.length);
    assert.ok(hasStrayBytes(text));
    assert.ok(!hasStrayBytes('a 💗 b'), 'a surrogate pair is not a stray byte');
    assert.deepEqual(encodeKeepingBytes(text), bytes);
  });

  it('names each line with stray bytes once, at its first one', () => {
    const text = decodeKeepingBytes(Uint8Array.from([...new TextEncoder().encode('ok\nx '), 0x97, 0x20, 0x97, 0x0a, 0x41, 0xe9, 0x0a]));
    const problems = strayByteProblems('TODO.md', text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.span.start, p.message]),
      [
        ['invalid-utf8', 'warning', 5, 'TODO.md:2: this line holds 2 bytes that are not UTF-8 (0x97, an em dash in Windows-1252); the line is read and kept byte for byte, but other tools may show or save it wrongly'],
        ['invalid-utf8', 'warning', 10, 'TODO.md:3: this line holds a byte that is not UTF-8 (0xE9); the line is read and kept byte for byte, but other tools may show or save it wrongly'],
      ],
    );
  });
});
