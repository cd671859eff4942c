/** A synced move refused before anything was written: one line, exit 2. */
export class SyncError extends Error {
  override readonly name = 'SyncError';
}
