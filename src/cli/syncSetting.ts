// Whether the command line's writes go through the board branch when it is
// not told: the repository settings file's `sync.enabled`. Kept apart from
// syncOperations.ts (its own bundle, with git): every move asks this, and a
// repository without the file reads nothing more than a missing file (yaml
// is loaded only to parse a file that exists).
import { repoSettingsFor } from '../node/repoSettingsFile';

/** `warn` hears each line of the settings file that could not be read (what could be read still holds). */
export function syncByDefault(root: string, warn?: (text: string) => void): boolean {
  const read = repoSettingsFor(root);
  for (const problem of read.problems) warn?.(`agent-task-board: ${problem.severity}: ${problem.message} (${read.path})\n`);
  return read.settings.sync?.enabled ?? false;
}
