// The filter in front of the MCP server's stdio transport: whole lines within
// the limit pass, one per chunk, however stdin cut them; a longer line is left
// out and reported once, with its id when either end of the line shows it.
import * as assert from 'node:assert/strict';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { linesWithin } from '../../src/cli/mcp/messageSize';

/** What passes a filter with `limit` fed `chunks`, and what it reports as too large. */
async function filtered(limit: number, chunks: readonly string[]): Promise<{ lines: string[]; tooLarge: [number, RequestId | undefined][] }> {
  const tooLarge: [number, RequestId | undefined][] = [];
  const filter = linesWithin(limit, (bytes, id) => tooLarge.push([bytes, id]));
  const lines: string[] = [];
  filter.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const ended = new Promise((resolve) => filter.on('end', resolve));
  for (const chunk of chunks) filter.write(Buffer.from(chunk));
  filter.end();
  await ended;
  return { lines, tooLarge };
}

describe('linesWithin (MCP stdin size limit)', () => {
  it('passes whole lines of up to limit bytes, line break included, one per chunk, however stdin cut them', async () => {
    const { lines, tooLarge } = await filtered(10, ['{"a":1}\n{"b"', ':22}\n', '123456789\n']);
    assert.deepEqual(lines, ['{"a":1}\n', '{"b":22}\n', '123456789\n']);
    assert.deepEqual(tooLarge, []);
  });

  it('leaves out a line one byte over, whole, reporting its size once, and passes the lines after it', async () => {
    const { lines, tooLarge } = await filtered(10, ['{"a":1}\n12345', '67890', '\n{"b":2}\n']);
    assert.deepEqual(lines, ['{"a":1}\n', '{"b":2}\n']);
    assert.deepEqual(tooLarge, [[11, undefined]]);
  });

  it('reads the id of a dropped message at its start or its end, never an id inside its params', async () => {
    const big = 'x'.repeat(10_000);
    const { tooLarge } = await filtered(100, [
      `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"arguments":{"id":"TASK_1","t":"${big}"}}}\n`,
      `{"method":"tools/call","params":{"arguments":{"t":"${big}","id":"TASK_1"}},"jsonrpc":"2.0","id":"req \\"8\\""}\r\n`,
      `{"method":"tools/call","params":{"arguments":{"id":"TASK_1","t":"${big}","id":"TASK_2"}}}\n`,
      `${big}\n`,
    ]);
    assert.deepEqual(
      tooLarge.map(([, id]) => id),
      [7, 'req "8"', undefined, undefined],
    );
  });
});
