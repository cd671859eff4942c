// Whether the command line's writes go through the board branch when it is
// not told: the repository settings file's `sync.enabled`. Kept apart from
// syncOperations.ts (its own bundle, with git): every move asks this, and a
// repository without the file reads nothing more than a missing file (yaml
// is loaded only to parse a file that exists).
import { repoSettingsFor } from '../node/repoSettingsFile';

/**
 * What the settings file says of sync: `warn` hears each line of it that could not be read (what could be read still
 * holds). A sync setting that cannot be read (`enabled: maybe`, or a file YAML cannot read that has a `sync:` key) is
 * an `UnreadableSyncSetting`: the team asked for something about sync, and a write made on this copy alone where they
 * meant the board branch would let two clones win one claim.
 */
export function syncByDefault(root: string, warn?: (text: string) => void): boolean | UnreadableSyncSetting {
  const read = repoSettingsFor(root);
  for (const problem of read.problems) warn?.(`agent-task-board: ${problem.severity}: ${problem.message} (${read.path})\n`);
  const sync = read.settings.sync;
  if (sync?.enabledUnreadable) return new UnreadableSyncSetting(read.path, sync.branchUnknown === true);
  return sync?.enabled ?? false;
}

/**
 * Whether a write goes through the board branch: as told (`--sync`, `sync: true`), else as the settings say; throws
 * when they cannot say, and for `--sync` when the file cannot say which branch is the board's.
 */
export function chosenSync(told: boolean | undefined, byDefault: boolean | UnreadableSyncSetting): boolean {
  if (told === false) return false;
  if (byDefault instanceof UnreadableSyncSetting && (told === undefined || byDefault.branchUnknown)) throw byDefault;
  return told ?? (byDefault as boolean);
}

/**
 * The default a long-running server asks on each write: the settings file as it is then (it may be edited while the
 * server runs, and the CLI reads it on every call), or the server's own --sync / --no-sync.
 */
export type SyncDefault = () => boolean | UnreadableSyncSetting;

export class UnreadableSyncSetting extends Error {
  override readonly name = 'UnreadableSyncSetting';
  constructor(
    readonly path: string,
    /** The file is no YAML: its `sync.remote` and `sync.branch` are unknown too, so not even --sync can go ahead. */
    readonly branchUnknown: boolean,
  ) {
    super(
      branchUnknown
        ? `The settings file ${path} is no YAML, so its sync setting (and which branch is the board's) cannot be read: fix it, or say --no-sync (sync: false) to write this copy only.`
        : `The sync setting in ${path} cannot be read (sync.enabled is no true or false), so whether this write goes through the board branch is not known: fix it, or say --sync or --no-sync (sync: true or false).`,
    );
  }
}
