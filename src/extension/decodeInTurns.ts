// A large file's bytes as text without holding the extension host for long.
// Plain ASCII, most boards, is checked a piece per turn and then copied into
// one string at once: some 50 ms for 50 MB, most of it the memory the string
// takes, and the least any way of making that string cost (decoding it in
// pieces and joining them was 50-150 ms for the join alone). Text with a
// character outside ASCII decodes several times slower (a 50 MB board with
// one em dash took some 200-500 ms in one TextDecoder call): from its first
// such piece on, it is decoded a piece per turn and the pieces are joined.
import { isAscii } from 'node:buffer';
import { decodeKeepingBytes } from '../core/byteText';

/** Bytes decoded per turn: a few milliseconds. */
export const PIECE_BYTES = 2 * 1024 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Whether `bytes` hold a NUL (a binary file), looked for a piece per turn:
 * searching a 50 MB read whole held the host for some 70 ms. Bytes of one
 * piece or less are searched without giving up the turn.
 */
export async function holdsNulInTurns(bytes: Uint8Array): Promise<boolean> {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < all.length; at += PIECE_BYTES) {
    if (all.subarray(at, at + PIECE_BYTES).includes(0)) return true;
    if (at + PIECE_BYTES < all.length) await nextTurn();
  }
  return false;
}

/**
 * `decodeKeepingBytes(bytes)`, in pieces over several turns when the bytes
 * are more than a piece. A file with bytes that are not UTF-8 is decoded
 * whole the slow way (such a file is rare, and refuses moves).
 */
export async function decodeInTurns(bytes: Uint8Array): Promise<string> {
  if (bytes.length <= PIECE_BYTES) return decodeKeepingBytes(bytes);
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The ASCII pieces at the start: they cut no character.
  let ascii = 0;
  while (ascii < all.length && isAscii(all.subarray(ascii, ascii + PIECE_BYTES))) {
    ascii = Math.min(ascii + PIECE_BYTES, all.length);
    await nextTurn();
  }
  if (ascii === all.length) {
    // The copy in a turn of its own: what the caller does next, in the next.
    const text = all.toString('latin1');
    await nextTurn();
    return text;
  }
  const pieces = [all.toString('latin1', 0, ascii)];
  // The same reading as decodeKeepingBytes' strict decoder: the BOM kept, a stray byte an error.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    for (let at = ascii; at < all.length; at += PIECE_BYTES) {
      // `stream`: a character cut between two pieces is completed by the next.
      pieces.push(decoder.decode(all.subarray(at, at + PIECE_BYTES), { stream: true }));
      await nextTurn();
    }
    pieces.push(decoder.decode());
  } catch {
    return decodeKeepingBytes(bytes);
  }
  // One copy into one string, in a turn of its own: what the caller does next, in the next.
  const text = pieces.join('');
  await nextTurn();
  return text;
}
