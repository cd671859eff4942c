// Creating a file that does not exist yet, whole and at most once: write a
// temp file beside it, then hard-link it into place. `link` fails when the
// name exists, so two agents creating the same log cannot overwrite each
// other, and a watcher sees either no file or the complete one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { besideName } from '../../node/lockedWrite';

/** Creates `file` with `text`; false (and nothing written) when it already exists. */
export function createFileOnce(file: string, text: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = besideName(file, 'tmp');
  fs.writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
