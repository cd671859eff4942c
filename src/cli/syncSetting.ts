// Whether the command line's writes go through the board branch when it is
// not told: the repository settings file's `sync.enabled`. Kept apart from
// syncOperations.ts (its own bundle, with git): every move asks this, and a
// repository without the file must not pay for reading yaml or loading git.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS_FILE } from '../core/settings/repoSettings';
import { gitPlaceOf } from '../node/gitPlace';
import { repoSettingsFor } from '../node/repoSettingsFile';

export function syncByDefault(root: string): boolean {
  const top = gitPlaceOf(path.join(path.resolve(root), SETTINGS_FILE))?.workTree ?? path.resolve(root);
  if (!fs.existsSync(path.join(top, SETTINGS_FILE))) return false;
  return repoSettingsFor(root).settings.sync?.enabled ?? false;
}
