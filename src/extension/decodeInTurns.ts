// A large file's bytes as text without holding the extension host for long.
// One string of a 50 MB board, copied or joined at once, held the host
// 150-250 ms on a 2-core machine, nearly all of it the fresh memory the string
// takes. Decoded a piece per turn and joined with `+`, the pieces make a rope
// (V8 copies nothing until something reads the string): the worker is sent it
// piece by piece, and on the way to the views nothing reads it as a rule
// (docs/architecture.md, "Performance", says what still does). A rope is
// copied flat the moment anything compares it with another string of its
// length (both are, in one turn), so the store asks for one only when it holds
// no text of the file yet (see TaskStore.readText).
// Text with a character outside ASCII decodes several times slower than ASCII
// (a 50 MB board with one em dash took 200-500 ms in one TextDecoder call), so
// it is decoded a piece per turn too, from its first such piece on.
//
// A local file is read a piece at a time into one buffer (`scanFile`,
// `decodeFile`), never whole: a 50 MB buffer is memory the host has not
// touched, and V8 counts it against the heap's external memory, so each such
// read set off one or two young-generation collections in the turn that made
// it (7-10 ms each on a 2-core machine, beside the allocation).
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { decodeKeepingBytes } from '../core/byteText';

/**
 * Bytes decoded or scanned per turn: a few milliseconds. Fewer than the
 * 1,031,913 bytes from which Node makes a latin1 string outside V8's heap
 * (an "external" string): V8 counts such memory apart, and past 64 MB more
 * of it than at its last full collection it marks the heap in steps of 5-10 ms
 * on the host's thread at each new piece, then finishes in one pause. Kept
 * in the heap, the pieces are paced like any other allocation.
 */
export const PIECE_BYTES = 1_000_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What a scan of a file's bytes found: a NUL (a binary file), or the SHA-256 of them all. */
export type Scan = { readonly binary: true } | { readonly binary: false; readonly digest: string };

/** A file's text as pieces that joined are that text (see decodeInTurns), with the digest of the bytes read. */
export type Decoded = { readonly binary: true } | { readonly binary: false; readonly pieces: readonly string[]; readonly digest: string };

/**
 * Where bytes come from, a piece at a time, each in a later turn than the one
 * before. A piece's bytes stay as they are only until the next piece is asked
 * for: a file's pieces share one buffer, and the next read overwrites it.
 * `whole` reads them all at once, for the rare text that is not UTF-8.
 */
interface ByteSource {
  pieces(): AsyncIterable<Buffer>;
  whole(): Promise<Uint8Array>;
}

function inMemory(bytes: Uint8Array): ByteSource {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    async *pieces() {
      for (let at = 0; at < all.length; at += PIECE_BYTES) {
        if (at > 0) await nextTurn();
        yield all.subarray(at, at + PIECE_BYTES);
      }
    },
    whole: async () => bytes,
  };
}

/** The file at `path`, read through its end (whatever its size now) a piece at a time into one buffer. */
function fromFile(path: string): ByteSource {
  return {
    async *pieces() {
      const handle = await fs.promises.open(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(PIECE_BYTES);
        for (let filled = PIECE_BYTES; filled === PIECE_BYTES; ) {
          // A read may return less than asked before the end: a piece is full unless the file ended in it.
          filled = 0;
          for (let n = -1; n !== 0 && filled < PIECE_BYTES; filled += n) {
            n = (await handle.read(buffer, filled, PIECE_BYTES - filled, null)).bytesRead;
          }
          if (filled > 0) yield buffer.subarray(0, filled);
        }
      } finally {
        await handle.close();
      }
    },
    whole: () => fs.promises.readFile(path),
  };
}

/**
 * What the store reads of a large file's bytes before it decodes them, a
 * piece per turn: whether they hold a NUL (a binary file; searching a 50 MB
 * read whole held the host for some 70 ms), and else their SHA-256, by which
 * an unchanged file read again is known without comparing its text. Bytes of
 * one piece or less are scanned without giving up the turn.
 */
export function scanInTurns(bytes: Uint8Array): Promise<Scan> {
  return scan(inMemory(bytes));
}

/** `scanInTurns` of the local file at `path`, read a piece at a time. Throws what `fs` throws. */
export function scanFile(path: string): Promise<Scan> {
  return scan(fromFile(path));
}

async function scan(source: ByteSource): Promise<Scan> {
  const hash = createHash('sha256');
  for await (const piece of source.pieces()) {
    if (piece.includes(0)) return { binary: true };
    hash.update(piece);
  }
  return { binary: false, digest: hash.digest('base64') };
}

/**
 * Whether two texts are the same: by the digests of the bytes they were read
 * from (scanInTurns) when both have one, else by comparing them. Comparing a
 * large text with another of its length reads both whole, and copies one
 * still in pieces.
 */
export function sameText(a: string, aDigest: string | undefined, b: string, bDigest: string | undefined): boolean {
  return aDigest !== undefined && bDigest !== undefined ? aDigest === bDigest : a === b;
}

/**
 * `decodeKeepingBytes(bytes)`, over several turns when the bytes are more
 * than a piece: as pieces of about PIECE_BYTES characters (`rope`), which
 * joined are that text, else as one string (copied in a turn of its own). A
 * file with bytes that are not UTF-8 is decoded whole the slow way (such a
 * file is rare, and refuses moves), as one piece.
 */
export async function decodeInTurns(bytes: Uint8Array, rope: boolean): Promise<readonly string[]> {
  if (bytes.length <= PIECE_BYTES) return [decodeKeepingBytes(bytes)];
  const decoded = await decode(inMemory(bytes), rope, false);
  // Not searched for a NUL (the store scanned these bytes first), so never binary.
  if (decoded.binary) throw new Error('decodeInTurns: an unchecked decode reported a binary file');
  return decoded.pieces;
}

/**
 * `decodeInTurns` of the local file at `path`, read a piece at a time, with
 * the SHA-256 of the bytes decoded (the file may have changed since a scan),
 * or binary when they hold a NUL. Throws what `fs` throws.
 */
export function decodeFile(path: string, rope: boolean): Promise<Decoded> {
  return decode(fromFile(path), rope, true);
}

/**
 * The pieces of `source` decoded (see decodeInTurns). With `check`, each is
 * also searched for a NUL (binary) and hashed, and the digest is that of the
 * bytes decoded; without, the digest is empty and nothing is searched.
 */
async function decode(source: ByteSource, rope: boolean, check: boolean): Promise<Decoded> {
  const hash = check ? createHash('sha256') : undefined;
  const pieces: string[] = [];
  // The ASCII pieces at the start cut no character, and a byte is a character: read as latin1. From the first
  // piece that is not ASCII on, the same reading as decodeKeepingBytes' strict decoder: the BOM kept, a stray
  // byte an error, a character cut between two pieces completed by the next (`stream`).
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  try {
    for await (const piece of source.pieces()) {
      if (hash) {
        if (piece.includes(0)) return { binary: true };
        hash.update(piece);
        // Hashing a piece takes about as long as decoding it: each in a turn of its own. The piece is still
        // there in the next turn: the source reads the next one only when asked.
        await nextTurn();
      }
      if (decoder === undefined && isAscii(piece)) pieces.push(piece.toString('latin1'));
      else pieces.push((decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(piece, { stream: true }));
    }
    const last = decoder?.decode();
    if (last) pieces.push(last);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
    // Bytes that are not UTF-8: read whole and decoded the slow way, their digest that of what was read then.
    const bytes = await source.whole();
    const scanned = check ? await scan(inMemory(bytes)) : undefined;
    if (scanned?.binary) return scanned;
    return { binary: false, pieces: [decodeKeepingBytes(bytes)], digest: scanned?.digest ?? '' };
  }
  const digest = hash ? hash.digest('base64') : '';
  if (rope || pieces.length <= 1) return { binary: false, pieces, digest };
  // One copy into one string, in a turn of its own: what the caller does next, in the next. Of a local file,
  // that is a second copy of the text (its pieces, then the string), where reading it whole was one copy of the
  // bytes and one of the text: the same memory, without a buffer of the whole file.
  await nextTurn();
  const text = pieces.join('');
  await nextTurn();
  return { binary: false, pieces: [text], digest };
}

/**
 * The pieces as one string, made with `+`: V8 keeps such a string as a rope
 * of its pieces, so nothing is copied until something reads it whole.
 */
export function joinedLazily(pieces: readonly string[]): string {
  let text = '';
  for (const piece of pieces) text += piece;
  return text;
}
