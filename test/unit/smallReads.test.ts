import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeKeepingBytes } from '../../src/core/byteText';
import { SmallReads } from '../../src/extension/smallReads';

describe('smallReads: small files read into one kept buffer', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-small-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, bytes: Uint8Array | string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const textOf = (read: ReturnType<SmallReads['read']>): string => {
    assert.ok('text' in read, 'read as binary');
    return read.text;
  };

  it('gives each file its own bytes, whatever was read before it, and a text taken earlier stays as it was', () => {
    const reads = new SmallReads();
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 200_000 }).map((b) => b.map((x) => x || 1)), { minLength: 1, maxLength: 6 }), (files) => {
        const taken = files.map((bytes, i) => textOf(reads.read(write(`f${i}.md`, bytes), bytes.length)));
        files.forEach((bytes, i) => assert.equal(taken[i], decodeKeepingBytes(bytes), `file ${i} of ${files.length}`));
      }),
      { numRuns: 25 },
    );
  });

  it('reads a file through its end when it grew after its stat', () => {
    const reads = new SmallReads();
    // Bytes kept alive to the end, so that no memory freed by this test holds the file's bytes for a new buffer to reuse.
    const bytes = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `line ${i}\n`).join(''));
    // Told 10 bytes: the buffer must grow while reading, and keep what it read so far.
    assert.equal(textOf(reads.read(write('grew.md', bytes), 10)), bytes.toString());
    // And a stat that says more than the file holds reads what is there.
    assert.equal(textOf(reads.read(write('shrank.md', 'short\n'), 5_000)), 'short\n');
  });

  it('says binary for a NUL byte, keeps stray bytes as escapes, and throws a missing file as fs does', () => {
    const reads = new SmallReads();
    assert.deepEqual(reads.read(write('bin.md', Uint8Array.from([0x61, 0, 0x62])), 3), { binary: true });
    const latin1 = Uint8Array.from([...Buffer.from('Premi'), 0xe8, ...Buffer.from('re\n')]);
    assert.equal(textOf(reads.read(write('latin1.md', latin1), latin1.length)), decodeKeepingBytes(latin1));
    assert.throws(() => reads.read(path.join(dir, 'missing.md'), 0), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
    // A read after a binary one is whole and clean.
    assert.equal(textOf(reads.read(write('after.md', 'ok\n'), 3)), 'ok\n');
  });
});
