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
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { decodeKeepingBytes } from '../core/byteText';

/** Bytes decoded or scanned per turn: a few milliseconds. */
export const PIECE_BYTES = 1024 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * What the store reads of a large file's bytes before it decodes them, a
 * piece per turn: whether they hold a NUL (a binary file; searching a 50 MB
 * read whole held the host for some 70 ms), and else their SHA-256, by which
 * an unchanged file read again is known without comparing its text. Bytes of
 * one piece or less are scanned without giving up the turn.
 */
export async function scanInTurns(bytes: Uint8Array): Promise<{ readonly binary: true } | { readonly binary: false; readonly digest: string }> {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hash = createHash('sha256');
  for (let at = 0; at < all.length; at += PIECE_BYTES) {
    const piece = all.subarray(at, at + PIECE_BYTES);
    if (piece.includes(0)) return { binary: true };
    hash.update(piece);
    if (at + PIECE_BYTES < all.length) await nextTurn();
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
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pieces: string[] = [];
  // The ASCII pieces at the start: they cut no character, and a byte is a character.
  let ascii = 0;
  while (ascii < all.length) {
    const end = Math.min(ascii + PIECE_BYTES, all.length);
    if (!isAscii(all.subarray(ascii, end))) break;
    if (rope) pieces.push(all.toString('latin1', ascii, end));
    ascii = end;
    await nextTurn();
  }
  if (!rope && ascii > 0) {
    // One copy of the ASCII start (the whole text, most often), in a turn of its own.
    pieces.push(all.toString('latin1', 0, ascii));
    await nextTurn();
  }
  if (ascii < all.length) {
    // The same reading as decodeKeepingBytes' strict decoder: the BOM kept, a stray byte an error.
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      for (let at = ascii; at < all.length; at += PIECE_BYTES) {
        // `stream`: a character cut between two pieces is completed by the next.
        pieces.push(decoder.decode(all.subarray(at, at + PIECE_BYTES), { stream: true }));
        await nextTurn();
      }
      const last = decoder.decode();
      if (last) pieces.push(last);
    } catch {
      return [decodeKeepingBytes(bytes)];
    }
  }
  if (rope || pieces.length === 1) return pieces;
  // One copy into one string, in a turn of its own: what the caller does next, in the next.
  const text = pieces.join('');
  await nextTurn();
  return [text];
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
