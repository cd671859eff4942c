// Whether a task another one depends on counts as finished. The one place
// that decides it, so the lifecycle can be rewired here alone: today a task is
// finished when it has the lifecycle's last status, `done`. When the lifecycle
// becomes configurable (`.agent-task-board.yml`), this becomes "the configured
// final status", and a status that ends work without doing it (`cancelled`)
// should count as finished here too: nothing would ever unblock its dependents.
import type { Status } from '../model';

export function isFinished(status: Status | undefined): boolean {
  return status === 'done';
}
