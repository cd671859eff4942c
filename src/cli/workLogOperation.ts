// Appending a work-log entry, for the CLI's `log ID --append`: to the log file
// under its lock, or, with sync, on the board branch first, then the same
// entry in the agent's copy.
import * as path from 'node:path';
import { appendWorkLogEntry, workLogAppended, type AppendedEntry, type WorkLogInput } from './mcp/appendWorkLog';
import type { SyncReport } from './syncOperations';
import { asOneLine } from '../core/oneLine';

export async function appendWorkLogTo(
  root: string,
  file: string,
  input: WorkLogInput,
  sync: boolean,
  now = new Date(),
): Promise<{ readonly entry: AppendedEntry; readonly sync?: SyncReport }> {
  const full = path.resolve(root, file);
  if (!sync) return { entry: await appendWorkLogEntry(full, input, now) };
  const { updateFileSynced } = await import('./syncOperations');
  const summary = asOneLine(input.summary);
  const synced = await updateFileSynced(root, file, '', (text) => {
    const appended = workLogAppended(full, text, input, now);
    return { text: appended.text, result: appended as AppendedEntry, message: `work log for ${input.taskId}: ${summary}` };
  });
  return { entry: synced.result, sync: synced.sync };
}
