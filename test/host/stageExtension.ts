// The extension as `npm start` loads it: a folder holding a copy of exactly the
// files the .vsix would ship, and a user-data folder with no stale manifest
// cache. Copies, not links: VS Code names the extension behind a notification
// by where the calling code lives, and a linked dist/ resolves outside the
// extension folder ("Source: Null Extension Description").
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Folders of a checkout that never ship: `vsce ls` walks every file under its
 * folder and matches each against every rule of .vscodeignore, and these hold
 * most of a checkout's files (code-server alone some 6,000): 4 s of each
 * `npm start`. Left out of the folder it lists, they are not walked.
 */
const NEVER_SHIPPED = new Set(['.git', 'node_modules', '.cache', 'out', '.test-results', '.package']);

/**
 * Fills `folder` (emptied first) with the files `vsce ls` lists for the
 * checkout at `repoRoot`: the same allow-list the package applies, so a file
 * the package would leave out (package.nls.json once was) is missing here too.
 * vsce lists a folder of links to the checkout's entries, but for the
 * NEVER_SHIPPED ones. Returns the relative paths copied.
 */
export function stageExtension(repoRoot: string, folder: string): string[] {
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const view = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-stage-'));
  let listing: string;
  try {
    for (const entry of fs.readdirSync(repoRoot)) {
      if (!NEVER_SHIPPED.has(entry)) fs.symlinkSync(path.join(repoRoot, entry), path.join(view, entry));
    }
    listing = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies', '--follow-symlinks'], { cwd: view, encoding: 'utf8' });
  } finally {
    fs.rmSync(view, { recursive: true, force: true });
  }
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
