// What a tool hands back: one text block of compact JSON, small enough for an
// agent's context. Failures are tool errors (`isError: true`) the agent reads
// and acts on, never protocol errors, so a refused move is not mistaken for a
// broken server.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LockTimeoutError, WriteRefusedError } from '../../node/lockedWrite';
import { SyncError } from '../../node/sync/boardBranch';
import { FileError } from '../operations';
import { BadCursorError } from './paging';
import { UnreadableSyncSetting } from '../syncSetting';

export function toolOk(data: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data) }] };
}

/** A refusal or failure: `error` says what happened, `next` what to call instead. */
export function toolError(error: string, extra: Record<string, unknown> = {}): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error, ...extra }) }] };
}

/** Runs a tool body; anything it throws becomes a tool error with the reason, and the server keeps serving. */
export async function guarded(body: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    if (
      err instanceof FileError ||
      err instanceof LockTimeoutError ||
      err instanceof WriteRefusedError ||
      err instanceof PathOutsideRootError ||
      err instanceof BadCursorError ||
      err instanceof SyncError ||
      err instanceof UnreadableSyncSetting
    ) {
      return toolError(err.message);
    }
    return toolError(`Internal error: ${(err as Error).message ?? String(err)}. The file was not changed by this call.`);
  }
}

export class PathOutsideRootError extends Error {}
