import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeKeepingBytes, encodeKeepingBytes, hasStrayBytes, strayByteProblems } from '../../src/core/byteText';
import { withLfBreaks, withLfBreaksInPieces } from '../../src/core/lineBreaks';
import { createHash } from 'node:crypto';
import { decodeFile, decodeInTurns as decodePieces, joinedLazily, PIECE_BYTES, sameText, scanFile, scanInTurns } from '../../src/extension/decodeInTurns';
import * as fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  /**
   * The text decoded as a rope and whole, checked to be the same: the rope's
   * pieces each no longer than a piece (what the worker is sent as one
   * message), the whole one string.
   */
  async function decodeInTurns(bytes: Uint8Array): Promise<string> {
    const pieces = await decodePieces(bytes, true);
    if (pieces.length > 1) for (const p of pieces) assert.ok(p.length <= PIECE_BYTES, `a piece of ${p.length} characters`);
    const whole = await decodePieces(bytes, false);
    assert.equal(whole.length, 1);
    assert.equal(joinedLazily(pieces), whole[0]);
    return whole[0]!;
  }

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

  it('reads a large plain-ASCII file a piece per turn, as a rope never one string, as decodeKeepingBytes reads it', async () => {
    const bytes = new TextEncoder().encode(largeText(false));
    const [pieces, turns] = await turnsOf(() => decodePieces(bytes, true));
    assert.equal(pieces.length, Math.ceil(bytes.length / PIECE_BYTES));
    assert.equal(joinedLazily(pieces), decodeKeepingBytes(bytes));
    // A piece per turn: the turn is given back between two pieces.
    assert.ok(turns >= pieces.length - 1, `decoded in ${turns + 1} turns`);
    const [whole, wholeTurns] = await turnsOf(() => decodePieces(bytes, false));
    assert.deepEqual(whole, [decodeKeepingBytes(bytes)]);
    assert.ok(wholeTurns >= 3, `checked in ${wholeTurns + 1} turns`);
  });

  it('reads ASCII pieces, then UTF-8 from the first piece that is not ASCII, cut characters and all', async () => {
    // A piece and a half of ASCII, then text whose characters of two to four bytes fall across the later boundaries.
    const ascii = 'TASK_1: plain ascii text\n'.repeat(Math.ceil((PIECE_BYTES * 1.5) / 25));
    const bytes = new TextEncoder().encode(ascii + largeText(true).slice(1));
    const text = await decodeInTurns(bytes);
    assert.equal(text, decodeKeepingBytes(bytes));
    assert.equal(text.length, ascii.length + largeText(true).length - 1);
  });

  it('scans a large read a piece per turn: a NUL found in its last piece or its first, else the SHA-256 of it all', async () => {
    const bytes = new TextEncoder().encode(largeText(false));
    const [clean, turns] = await turnsOf(() => scanInTurns(bytes));
    assert.deepEqual(clean, { binary: false, digest: createHash('sha256').update(bytes).digest('base64') });
    assert.ok(turns >= 2, `searched in ${turns + 1} turns`);
    for (const at of [bytes.length - 1, 0, PIECE_BYTES]) {
      const binary = Uint8Array.from(bytes);
      binary[at] = 0;
      assert.deepEqual(await scanInTurns(binary), { binary: true }, `a NUL at ${at}`);
    }
    // One byte changed in the second piece: another digest.
    const changed = Uint8Array.from(bytes);
    changed[PIECE_BYTES + 3] = 0x41;
    const other = await scanInTurns(changed);
    assert.ok(!other.binary && !clean.binary && other.digest !== clean.digest);
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

describe('scanFile and decodeFile: a local file read a piece at a time', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'atb-pieces-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('base64');
  const line = 'TASK: ünïcødé — 漢字 🙂 plain ascii to vary the offsets\n';
  const wide = (n: number): string => line.repeat(Math.ceil(n / Buffer.byteLength(line)));
  const ascii = (n: number): string => 'A'.repeat(n);

  /**
   * Every read `fs.promises` is asked for while `work` runs: how many bytes
   * each asks for, whether any read a file whole, and how many files were
   * opened and closed.
   */
  async function readsOf<T>(work: () => Promise<T>): Promise<[T, { pieces: number[]; whole: number; opened: number; closed: number }]> {
    const reads = { pieces: [] as number[], whole: 0, opened: 0, closed: 0 };
    const open = fs.promises.open;
    const readFile = fs.promises.readFile;
    fs.promises.open = (async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      reads.opened++;
      const close = handle.close.bind(handle);
      handle.close = () => (reads.closed++, close());
      const read = handle.read.bind(handle) as (b: Buffer, o: number, l: number, p: null) => ReturnType<typeof handle.read>;
      handle.read = ((buffer: Buffer, offset: number, length: number, position: null) => (reads.pieces.push(length), read(buffer, offset, length, position))) as typeof handle.read;
      return handle;
    }) as typeof open;
    fs.promises.readFile = (async (...args: Parameters<typeof readFile>) => (reads.whole++, readFile(...args))) as typeof readFile;
    try {
      return [await work(), reads];
    } finally {
      fs.promises.open = open;
      fs.promises.readFile = readFile;
    }
  }

  it('keeps the pieces of an ASCII file in the heap, not in memory V8 counts apart (external)', async () => {
    // From some 1 MB on, Node makes a latin1 string outside V8's heap, and V8 marks the host's heap on its thread in
    // steps once such memory has grown 64 MB past its last full collection: the pieces of a 50 MB board did.
    const file = join(dir, 'external.md');
    writeFileSync(file, ascii(PIECE_BYTES * 6));
    const before = process.memoryUsage().external;
    const decoded = await decodeFile(file, true);
    const grew = process.memoryUsage().external - before;
    assert.ok(!decoded.binary && decoded.pieces.length === 6);
    // The buffer the pieces are read into is one piece of it, until a collection takes it.
    assert.ok(grew < 2 * PIECE_BYTES, `external memory grew by ${grew} bytes for ${decoded.pieces.length} pieces`);
  });

  it('reads what decodeInTurns and scanInTurns read of the same bytes, a piece at a time, never the file whole', async () => {
    const texts = {
      wide: '\uFEFF' + wide(PIECE_BYTES * 2.5),
      ascii: ascii(PIECE_BYTES * 2 + 17),
      'ascii then wide': ascii(PIECE_BYTES + 3) + wide(PIECE_BYTES),
      'exactly two pieces': ascii(PIECE_BYTES * 2),
      'one small piece': 'é',
      empty: '',
    };
    for (const [name, text] of Object.entries(texts)) {
      const bytes = new TextEncoder().encode(text);
      const file = join(dir, `${name}.md`);
      writeFileSync(file, bytes);
      for (const rope of [true, false]) {
        const [decoded, reads] = await readsOf(() => decodeFile(file, rope));
        assert.ok(!decoded.binary);
        assert.equal(joinedLazily(decoded.pieces), text, `${name}, rope ${rope}`);
        if (text.length > PIECE_BYTES) assert.deepEqual(decoded.pieces, await decodePieces(bytes, rope), `${name}, rope ${rope}: its pieces`);
        assert.equal(decoded.digest, sha(bytes));
        assert.equal(reads.whole, 0, `${name}: read whole`);
        assert.deepEqual([reads.opened, reads.closed], [1, 1], `${name}: opened and closed`);
        assert.ok(reads.pieces.length > 0 && reads.pieces.every((n) => n <= PIECE_BYTES), `${name}: reads of ${reads.pieces.join(', ')} bytes`);
      }
      const [scanned, reads] = await readsOf(() => scanFile(file));
      assert.deepEqual(scanned, await scanInTurns(bytes));
      assert.ok(reads.whole === 0 && reads.pieces.every((n) => n <= PIECE_BYTES), `${name}: scan reads of ${reads.pieces.join(', ')} bytes`);
    }
  });

  it('finds a NUL in any piece, and keeps stray bytes with the digest of what it read', async () => {
    const bytes = new TextEncoder().encode(wide(PIECE_BYTES * 2.5));
    const file = join(dir, 'nul.md');
    for (const at of [0, PIECE_BYTES - 1, bytes.length - 1]) {
      const binary = Uint8Array.from(bytes);
      binary[at] = 0;
      writeFileSync(file, binary);
      // Found before the end: the file is closed all the same.
      const [scanned, scanReads] = await readsOf(() => scanFile(file));
      const [decoded, decodeReads] = await readsOf(() => decodeFile(file, true));
      assert.deepEqual([scanned, decoded], [{ binary: true }, { binary: true }], `a NUL at ${at}`);
      assert.deepEqual([scanReads.opened, scanReads.closed, decodeReads.opened, decodeReads.closed], [1, 1, 1, 1], `a NUL at ${at}: opened and closed`);
    }
    const stray = Uint8Array.from(bytes);
    stray[PIECE_BYTES + 5] = 0x97;
    writeFileSync(file, stray);
    const [decoded, reads] = await readsOf(() => decodeFile(file, true));
    assert.ok(!decoded.binary);
    // The strict decoder stopped at the stray byte; the file was then read whole, and closed.
    assert.deepEqual([reads.whole, reads.opened, reads.closed], [1, 1, 1]);
    assert.deepEqual(decoded.pieces, [decodeKeepingBytes(stray)]);
    assert.equal(decoded.digest, sha(stray));
  });

  it('gives the digest of the bytes it decoded, not of an earlier scan: the file may change in between', async () => {
    const file = join(dir, 'changed.md');
    const before = new TextEncoder().encode(ascii(PIECE_BYTES + 9));
    writeFileSync(file, before);
    const scanned = await scanFile(file);
    const after = new TextEncoder().encode(ascii(PIECE_BYTES + 9).replace(/A$/, 'B'));
    writeFileSync(file, after);
    const decoded = await decodeFile(file, true);
    assert.ok(!scanned.binary && !decoded.binary);
    assert.equal(scanned.digest, sha(before));
    assert.equal(decoded.digest, sha(after));
    assert.ok(joinedLazily(decoded.pieces).endsWith('B'));
  });

  it('throws what fs throws for a missing file', async () => {
    await assert.rejects(scanFile(join(dir, 'missing.md')), { code: 'ENOENT' });
    await assert.rejects(decodeFile(join(dir, 'missing.md'), true), { code: 'ENOENT' });
  });
});

describe('sameText', () => {
  it('goes by the digests when both texts have one, else compares the texts', () => {
    // The texts differ here only to show which one decides.
    assert.equal(sameText('a', 'd1', 'b', 'd1'), true);
    assert.equal(sameText('a', 'd1', 'a', 'd2'), false);
    assert.equal(sameText('a', undefined, 'a', 'd2'), true);
    assert.equal(sameText('a', 'd1', 'b', undefined), false);
  });
});

describe('withLfBreaksInPieces', () => {
  it('reads pieces as withLfBreaks reads the text they make: a CR-only text with LF breaks, any other as it is', () => {
    const pieceOf = fc.string({ unit: fc.constantFrom('a', ' ', '\r', '\n', 'é'), maxLength: 30 });
    fc.assert(
      fc.property(fc.array(pieceOf, { maxLength: 6 }), (pieces) => {
        const joined = pieces.join('');
        const read = withLfBreaksInPieces(pieces);
        assert.equal(read.join(''), withLfBreaks(joined));
        assert.deepEqual(read.map((p) => p.length), pieces.map((p) => p.length));
      }),
      { numRuns: 2000 },
    );
  });
});
