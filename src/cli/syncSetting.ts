// Whether the command line's writes go through the board branch when it is
// not told: the repository settings file's `sync.enabled`. Kept apart from
// syncOperations.ts (its own bundle, with git): every move asks this, and a
// repository without the file reads nothing more than a missing file (yaml
// is loaded only to parse a file that exists).
import { repoSettingsFor } from '../node/repoSettingsFile';

/**
 * What the settings file says of sync: `warn` hears each line of it that could not be read (what could be read still
 * holds). A `sync.enabled` that is no yes or no is an `UnreadableSyncSetting`: the team asked for something about
 * sync, and a write made on this copy alone where they meant the board branch would let two clones win one claim.
 */
export function syncByDefault(root: string, warn?: (text: string) => void): boolean | UnreadableSyncSetting {
  const read = repoSettingsFor(root);
  for (const problem of read.problems) warn?.(`agent-task-board: ${problem.severity}: ${problem.message} (${read.path})\n`);
  if (read.settings.sync?.enabledUnreadable) return new UnreadableSyncSetting(read.path);
  return read.settings.sync?.enabled ?? false;
}

/** Whether a write goes through the board branch: as told (`--sync`, `sync: true`), else as the settings say; throws when they cannot say. */
export function chosenSync(told: boolean | undefined, byDefault: boolean | UnreadableSyncSetting): boolean {
  if (told !== undefined) return told;
  if (byDefault instanceof UnreadableSyncSetting) throw byDefault;
  return byDefault;
}

export class UnreadableSyncSetting extends Error {
  override readonly name = 'UnreadableSyncSetting';
  constructor(path: string) {
    super(`The sync setting in ${path} cannot be read (sync.enabled is no true or false, or the file is no YAML), so whether this write goes through the board branch is not known: fix it, or say --sync or --no-sync (sync: true or false).`);
  }
}
