// Whether the command line's writes go through the board branch when it is
// not told: the repository settings file's `sync.enabled`. Kept apart from
// syncOperations.ts (its own bundle, with git): every move asks this, and a
// repository without the file must not pay for reading yaml or loading git.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS_FILE } from '../core/settings/repoSettings';
import { gitPlaceOf } from '../node/gitPlace';
import { repoSettingsFor } from '../node/repoSettingsFile';

/** `warn` hears each line of the settings file that could not be read (what could be read still holds). */
export function syncByDefault(root: string, warn?: (text: string) => void): boolean {
  const top = gitPlaceOf(path.join(path.resolve(root), SETTINGS_FILE))?.workTree ?? path.resolve(root);
  if (!fs.existsSync(path.join(top, SETTINGS_FILE))) return false;
  const read = repoSettingsFor(root);
  for (const problem of read.problems) warn?.(`agent-task-board: ${problem.severity}: ${problem.message} (${read.path})\n`);
  return read.settings.sync?.enabled ?? false;
}
