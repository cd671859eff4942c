// A large file's bytes as text without holding the extension host for long.
// UTF-8 text with a character outside ASCII decodes several times slower than
// plain ASCII (a 50 MB board with one em dash took some 200-500 ms in one
// TextDecoder call); it is decoded a piece per turn of the event loop. Plain
// ASCII, most boards, is copied into a string at once (some 50 ms for 50 MB:
// making the string is the cost, and no way of making it in pieces is cheaper).
import { isAscii } from 'node:buffer';
import { decodeKeepingBytes } from '../core/byteText';

/** Bytes decoded per turn: a few milliseconds. */
export const PIECE_BYTES = 2 * 1024 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * `decodeKeepingBytes(bytes)`, in pieces over several turns when the bytes
 * are more than a piece and not plain ASCII. A file with bytes that are not
 * UTF-8 is decoded whole the slow way (such a file is rare, and refuses moves).
 */
export async function decodeInTurns(bytes: Uint8Array): Promise<string> {
  if (bytes.length <= PIECE_BYTES) return decodeKeepingBytes(bytes);
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // The same reading as decodeKeepingBytes' strict decoder: the BOM kept, a stray byte an error.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const pieces: string[] = [];
  try {
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
      // `stream`: a character cut between two pieces is completed by the next.
      pieces.push(decoder.decode(bytes.subarray(at, at + PIECE_BYTES), { stream: true }));
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
