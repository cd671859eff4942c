// The SDK's stdio transport holds at most STDIO_DEFAULT_MAX_BUFFER_SIZE
// (10 MiB) of a line whose end it has not seen; a byte more and it throws,
// drops what it holds and closes itself: the server exits with code 0, the
// request unanswered and nothing said on stderr. The limit guards memory and
// stays; what changes is what the client hears. stdin goes through this filter
// first: it hands the transport whole lines within the limit, one at a time, so
// the transport never holds more, and drops a longer line as it streams in,
// keeping only its first and last bytes, where a JSON-RPC message has its id.
import { Transform } from 'node:stream';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

/** How much of each end of a dropped line is kept to find its id in. */
const KEPT_BYTES = 4096;

/**
 * A stream of stdin's lines, each at most `limit` bytes with its line break; a longer line is left out, and
 * `tooLarge` is told its size and its id (undefined when none can be read) once its end has arrived.
 */
export function linesWithin(limit: number, tooLarge: (bytes: number, id: RequestId | undefined) => void): Transform {
  let line: Buffer[] = [];
  let bytes = 0;
  let dropped: { head: Buffer; tail: Buffer } | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let start = 0; start < chunk.length; ) {
        const end = chunk.indexOf(0x0a, start);
        const piece = chunk.subarray(start, end === -1 ? chunk.length : end + 1);
        start += piece.length;
        bytes += piece.length;
        if (dropped) {
          dropped.tail = Buffer.concat([dropped.tail, piece]).subarray(-KEPT_BYTES);
        } else if (bytes > limit) {
          const all = Buffer.concat([...line, piece]);
          dropped = { head: Buffer.from(all.subarray(0, KEPT_BYTES)), tail: Buffer.from(all.subarray(-KEPT_BYTES)) };
          line = [];
        } else {
          line.push(piece);
        }
        if (end === -1) continue;
        if (dropped) tooLarge(bytes, idOf(dropped.head.toString('utf8'), dropped.tail.toString('utf8')));
        else this.push(Buffer.concat(line));
        line = [];
        bytes = 0;
        dropped = undefined;
      }
      done();
    },
    flush(done) {
      // A last line without its break: the transport never reads it, but it is passed on as stdin had it.
      if (!dropped && line.length > 0) this.push(Buffer.concat(line));
      done();
    },
  });
}

/** What the client and stderr are told about a dropped line. */
export function tooLargeMessage(bytes: number, limit: number): string {
  return (
    `Invalid Request: the message is too large (${bytes} bytes; the limit is ${limit} bytes, ` +
    `${limit / 1024 / 1024} MiB, for one line on stdin), so it was not read. Send smaller arguments.`
  );
}

const ID = String.raw`(-?\d+|"(?:[^"\\]|\\.)*")`;
/** Members with a short string value that may stand beside the id at the top level of a message. */
const BESIDE = String.raw`"(?:jsonrpc|method)"\s*:\s*"[^"\\]*"`;
/** The id among the message's first members (`{"jsonrpc":"2.0","id":7,...`: Python's SDK, hand-written calls). */
const ID_FIRST = new RegExp(String.raw`^\s*\{(?:\s*${BESIDE}\s*,)*\s*"id"\s*:\s*${ID}`);
/**
 * The id among its last (`...,"jsonrpc":"2.0","id":7}`: the TypeScript SDK). Followed only by the closing brace
 * that ends the line, the id is the message's own, not an `id` argument inside params.
 */
const ID_LAST = new RegExp(String.raw`"id"\s*:\s*${ID}(?:\s*,\s*${BESIDE})*\s*\}\s*$`);

function idOf(head: string, tail: string): RequestId | undefined {
  const found = ID_FIRST.exec(head) ?? ID_LAST.exec(tail);
  if (!found) return undefined;
  try {
    return JSON.parse(found[1]!) as RequestId;
  } catch {
    return undefined;
  }
}
