import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeKeepingBytes, encodeKeepingBytes, hasStrayBytes, strayByteProblems } from '../../src/core/byteText';
import { decodeInTurns, holdsNulInTurns, PIECE_BYTES } from '../../src/extension/decodeInTurns';

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

describe('decodeInTurns', () => {
  /** A text over several pieces; with `wide`, characters of two, three and four bytes fall across the piece boundaries. */
  function largeText(wide: boolean): string {
    const line = wide ? 'TASK: ünïcødé — 漢字 🙂 plain ascii to vary the offsets\n' : 'TASK_1: plain ascii text\n';
    return (wide ? '\uFEFF' : '') + line.repeat(Math.ceil((PIECE_BYTES * 2.5) / Buffer.byteLength(line)));
  }

  /** Runs `work`, counting the turns of the event loop it spans. */
  async function turnsOf<T>(work: () => Promise<T>): Promise<[T, number]> {
    let turns = 0;
    let counting = true;
    const count = (): void => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const result = await work();
    counting = false;
    return [result, turns];
  }

  it('decodes a large UTF-8 file a piece per turn, as decodeKeepingBytes reads it whole', async () => {
    const bytes = new TextEncoder().encode(largeText(true));
    const [text, turns] = await turnsOf(() => decodeInTurns(bytes));
    assert.equal(text, decodeKeepingBytes(bytes));
    assert.ok(turns >= 3, `decoded in ${turns + 1} turns`);
  });

  it('checks a large plain-ASCII file a piece per turn, then copies it, as decodeKeepingBytes reads it', async () => {
    const bytes = new TextEncoder().encode(largeText(false));
    const [text, turns] = await turnsOf(() => decodeInTurns(bytes));
    assert.equal(text, decodeKeepingBytes(bytes));
    assert.ok(turns >= 3, `decoded in ${turns + 1} turns`);
  });

  it('reads ASCII pieces, then UTF-8 from the first piece that is not ASCII, cut characters and all', async () => {
    // A piece and a half of ASCII, then text whose characters of two to four bytes fall across the later boundaries.
    const ascii = 'TASK_1: plain ascii text\n'.repeat(Math.ceil((PIECE_BYTES * 1.5) / 25));
    const bytes = new TextEncoder().encode(ascii + largeText(true).slice(1));
    const text = await decodeInTurns(bytes);
    assert.equal(text, decodeKeepingBytes(bytes));
    assert.equal(text.length, ascii.length + largeText(true).length - 1);
  });

  it('looks for a NUL in a large read a piece per turn, and finds one in its last piece or its first', async () => {
    const bytes = new TextEncoder().encode(largeText(false));
    const [clean, turns] = await turnsOf(() => holdsNulInTurns(bytes));
    assert.equal(clean, false);
    assert.ok(turns >= 2, `searched in ${turns + 1} turns`);
    for (const at of [bytes.length - 1, 0, PIECE_BYTES]) {
      const binary = Uint8Array.from(bytes);
      binary[at] = 0;
      assert.equal(await holdsNulInTurns(binary), true, `a NUL at ${at}`);
    }
  });

  it('keeps stray bytes as decodeKeepingBytes does, after ASCII pieces too', async () => {
    for (const wide of [true, false]) {
      const bytes = new TextEncoder().encode(largeText(wide));
      bytes[PIECE_BYTES + 5] = 0x97;
      const text = await decodeInTurns(bytes);
      assert.equal(text, decodeKeepingBytes(bytes));
      assert.deepEqual(encodeKeepingBytes(text), bytes);
    }
  });
});
