// Finding the task files under a root: every file the default globs name,
// never inside node_modules or .git, following directory symlinks once each
// (by real path) so a link loop cannot make the walk endless. A symlink
// (file or folder) whose target lies outside the root is not followed: the
// root is the one place the CLI and the MCP server read and write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../core/fileKinds';
import type { FileKind } from '../core/model';
import { isWithin, pathProblem, realPathWithin, realRoot } from '../node/withinRoot';

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
  const rootReal = realRoot(root);
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real) || !isWithin(rootReal, real)) return;
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
        // A dangling link, or one leading out of the root, is not part of the workspace.
        if (!realPathWithin(rootReal, full).ok) continue;
        try {
          const stat = fs.statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue;
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

/** A named file that is not inside the root, or a symlink to nothing. */
export class NamedFileError extends Error {}

/**
 * The files named on the command line, each with its kind; a file no glob
 * names is read as a board. A name that leaves the root, itself or through a
 * symlink, is refused, and so is a symlink to nothing; a plain missing file
 * is left to the caller's read, which names it.
 */
export function namedFiles(root: string, names: readonly string[]): FoundFile[] {
  const rootReal = realRoot(root);
  return names.map((name) => {
    const full = path.resolve(root, name);
    const relative = toPosix(path.relative(root, full));
    const problem = pathProblem(full);
    if (problem) throw new NamedFileError(`${name} ${problem}; nothing was read or written.`);
    const real = realPathWithin(rootReal, full);
    if (!real.ok && real.why !== 'missing') throw new NamedFileError(`${name} ${real.reason}; only files inside the root are read or written.`);
    if (!real.ok && !isWithin(path.resolve(root), full)) {
      throw new NamedFileError(`${name} is outside the workspace root ${root}; only files inside the root are read or written.`);
    }
    return { path: full, relative, kind: fileKindOf(relative) ?? 'board' };
  });
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
