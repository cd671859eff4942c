// A small local task file read, checked for NUL bytes and decoded with
// synchronous calls, in one turn, into one buffer the store keeps for its next
// read. A fresh buffer per read (what fs.readFileSync makes) cost more than the
// read itself on a 680 KB board: fresh memory is paged in on first touch, some
// 2 ms here for that size, and the same memory again a hundredth of that.
// The buffer never leaves this module: the text is decoded out of it before
// the call returns, so no later read can change what a caller holds.
import * as fs from 'node:fs';
import { decodeKeepingBytes } from '../core/byteText';

export type SmallRead = { readonly text: string } | { readonly binary: true };

/** A buffer grown past this (a file that grew after its stat) is let go after the read instead of kept. */
const KEPT_BYTES = 2 * 1024 * 1024;

export class SmallReads {
  private buffer = Buffer.alloc(0);

  /**
   * The text of the file at `path` (read through its end, whatever its size
   * now), or binary when it holds a NUL byte. `sizeHint`: its size by a stat
   * just made. Throws what `fs` throws.
   */
  read(path: string, sizeHint: number): SmallRead {
    const fd = fs.openSync(path, 'r');
    try {
      // One byte of room past the size seen, for the read that finds the end.
      if (this.buffer.length < sizeHint + 1) this.grow(sizeHint + 1, 0);
      let length = 0;
      for (;;) {
        // The file grew since its stat: room for more, the bytes read so far kept.
        if (length === this.buffer.length) this.grow(length * 2, length);
        const n = fs.readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      const bytes = this.buffer.subarray(0, length);
      return bytes.includes(0) ? { binary: true } : { text: decodeKeepingBytes(bytes) };
    } finally {
      fs.closeSync(fd);
      if (this.buffer.length > KEPT_BYTES) this.buffer = Buffer.alloc(0);
    }
  }

  /** A larger buffer, holding the first `keep` bytes of the one before. */
  private grow(size: number, keep: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
    this.buffer.copy(next, 0, 0, keep);
    this.buffer = next;
  }
}
