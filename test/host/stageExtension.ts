// The extension as `npm start` loads it: a folder holding a copy of exactly the
// files the .vsix would ship, and a user-data folder with no stale manifest
// cache. Copies, not links: VS Code names the extension behind a notification
// by where the calling code lives, and a linked dist/ resolves outside the
// extension folder ("Source: Null Extension Description").
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Fills `folder` (emptied first) with the files `vsce ls` lists for the
 * checkout at `repoRoot`: the same allow-list the package applies, so a file
 * the package would leave out (package.nls.json once was) is missing here too.
 * Returns the relative paths copied.
 */
export function stageExtension(repoRoot: string, folder: string): string[] {
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const listing = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
  const files = listing.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  fs.rmSync(folder, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(folder, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), target);
  }
  return files;
}

/**
 * VS Code keeps the manifests it scanned (with their `%placeholders%` already
 * replaced, or not, when package.nls.json was missing) in the user-data
 * folder, and trusts that cache on the next start before checking it. Removing
 * it makes a kept user-data folder read the staged manifest afresh; the user's
 * settings and state stay.
 */
export function clearManifestCache(userDataDir: string): void {
  fs.rmSync(path.join(userDataDir, 'CachedProfilesData'), { recursive: true, force: true });
}
