// Where the repository's settings file is and what it says: the file at the
// top of the git working tree that holds `dir` (or `dir` itself outside git).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRepoSettings, SETTINGS_FILE, type ReadSettings } from '../core/settings/repoSettings';
import { gitPlaceOf } from './gitPlace';

export interface SettingsFile extends ReadSettings {
  /** The file's path, whether or not it exists. */
  readonly path: string;
  readonly exists: boolean;
  /** The file's text, when it exists (for reporting its problems on their lines without reading it again). */
  readonly text?: string;
}

export function repoSettingsFor(dir: string): SettingsFile {
  const top = gitPlaceOf(path.join(path.resolve(dir), SETTINGS_FILE))?.workTree ?? path.resolve(dir);
  const file = path.join(top, SETTINGS_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { path: file, exists: false, settings: {}, problems: [] };
  }
  return { path: file, exists: true, text, ...parseRepoSettings(text) };
}
