// Finding the task files under a root: every file the default globs name,
// never inside node_modules or .git, following directory symlinks once each
// (by real path) so a link loop cannot make the walk endless.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../core/fileKinds';
import type { FileKind } from '../core/model';

export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** Relative to the root, with `/` separators: what the CLI prints. */
  readonly relative: string;
  readonly kind: FileKind;
}

const NEVER_ENTER = new Set(['node_modules', '.git']);

export function discoverFiles(root: string): FoundFile[] {
  const found: FoundFile[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directory: skip it rather than fail the whole scan
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (NEVER_ENTER.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) walk(full);
      else if (isFile) {
        const relative = toPosix(path.relative(root, full));
        const kind = fileKindOf(relative);
        if (kind) found.push({ path: full, relative, kind });
      }
    }
  };
  walk(root);
  return found;
}

/** The files named on the command line, each with its kind; a file no glob names is read as a board. */
export function namedFiles(root: string, names: readonly string[]): FoundFile[] {
  return names.map((name) => {
    const full = path.resolve(root, name);
    const relative = toPosix(path.relative(root, full));
    return { path: full, relative, kind: fileKindOf(relative) ?? 'board' };
  });
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
