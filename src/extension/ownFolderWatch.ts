// Folders VS Code's file watcher does not see into. On Linux its recursive
// watcher (inotify: one watch per folder) learns of a new folder from an
// event and only then watches it. What was made inside it before that is
// never reported: `mkdir -p a/b/c` is seen as `a` alone, a file written at
// once after its new folder is not seen, and no later change under a folder
// it missed is ever reported, until the window is reloaded. An agent that
// writes `.claude/tasks/backend-tasks.md` in a clone without that folder does
// exactly this. So for each folder made while we run (the store hears of it
// from VS Code), what it already holds is reported here, and every folder
// under it is watched here, one `fs.watch` per folder. A folder VS Code
// watches too is then heard of twice; the store's reads absorb that (the
// same bytes change nothing).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders watched here at most, in all; a whole tree checked out into the workspace stops here, with a warning. */
export const MAX_OWN_WATCHES = 1000;
/** Folders watched here at most under one folder VS Code reported as made: a build's output cannot take them all. */
export const MAX_WATCHES_PER_NEW_FOLDER = 200;

export interface OwnFolderWatchHooks {
  /** A file in a covered folder may have been made, changed or deleted (an absolute path). */
  file(fsPath: string): void;
  /** Whether a folder is left alone: node_modules, .git, the user's excludes. */
  skip(fsPath: string): boolean;
  /** Said once, when a limit stops a folder from being watched (its files are still read once). */
  full(): void;
}

interface Watch {
  readonly watcher: fs.FSWatcher;
  /** The folder watched (inotify follows it if it is moved): a new folder at the same path is another one. */
  readonly ino: number;
}

/** How much of a new folder's budget is left, shared by everything covered under it. */
interface Budget {
  left: number;
}

export class OwnFolderWatch {
  private readonly watches = new Map<string, Watch>();
  private disposed = false;
  private saidFull = false;

  constructor(
    private readonly hooks: OwnFolderWatchHooks,
    private readonly max = MAX_OWN_WATCHES,
    private readonly perNewFolder = MAX_WATCHES_PER_NEW_FOLDER,
  ) {}

  /**
   * A folder VS Code reported as made (so VS Code watches it, but maybe not
   * what is under it): its files are reported, its folders watched here.
   */
  created(dir: string): Promise<void> {
    return this.cover(dir, false, { left: this.perNewFolder });
  }

  /** `dir` was deleted or moved away: it and every folder under it stop being watched here. */
  forget(dir: string): void {
    this.unwatch(dir);
  }

  /** Stops watching every folder `keep` says no to (a workspace folder removed, a folder now excluded). */
  retain(keep: (dir: string) => boolean): void {
    for (const dir of [...this.watches.keys()]) if (!keep(dir)) this.unwatch(dir);
  }

  /** How many folders are watched here now. */
  get size(): number {
    return this.watches.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const { watcher } of this.watches.values()) watcher.close();
    this.watches.clear();
  }

  /**
   * Reports the files of `dir` and covers its folders, each watched here. The
   * watch starts before the folder is listed, so nothing made in between is
   * missed. A folder that cannot be watched (a limit, an error) still has its
   * files read once; what is under it is left to a rescan.
   */
  private async cover(dir: string, watch: boolean, budget: Budget): Promise<void> {
    if (this.disposed || this.hooks.skip(dir)) return;
    const watched = watch ? this.watch(dir, budget) : 'watched';
    if (watched === 'already') return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return; // gone already: its parent's event says so
    }
    const folders: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // A link to a folder is not followed (the store reads no file that leads out of the workspace).
      if (entry.isDirectory()) folders.push(full);
      else this.hooks.file(full);
    }
    if (watched === 'failed') return;
    // One folder at a time: a large tree is listed in turn, not all at once.
    for (const folder of folders) await this.cover(folder, true, budget);
  }

  /** Starts watching `dir`, unless the same folder already is watched there, a limit is reached or it fails. */
  private watch(dir: string, budget: Budget): 'watched' | 'already' | 'failed' {
    if (this.disposed) return 'already';
    let ino: number;
    try {
      ino = fs.lstatSync(dir).ino;
    } catch {
      return 'already'; // gone: nothing to watch or list
    }
    const known = this.watches.get(dir);
    if (known?.ino === ino) return 'already';
    // Another folder now at that path (the one watched was moved away and a new one made): watched anew.
    if (known) this.unwatch(dir);
    if (this.watches.size >= this.max || budget.left <= 0) {
      if (!this.saidFull) {
        this.saidFull = true;
        this.hooks.full();
      }
      return 'failed';
    }
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, { persistent: false }, (_event, name) => this.onEvent(dir, name, budget));
    } catch {
      return 'failed'; // out of inotify watches, no permission: the files are still read once
    }
    watcher.on('error', () => this.unwatch(dir));
    this.watches.set(dir, { watcher, ino });
    budget.left -= 1;
    return 'watched';
  }

  private onEvent(dir: string, name: string | Buffer | null, budget: Budget): void {
    if (this.disposed) return;
    // No name (the kernel's queue overflowed): everything in the folder may have changed. It is watched already:
    // listed again, its folders not yet watched are covered.
    if (name === null) {
      void this.cover(dir, false, budget);
      return;
    }
    const full = path.join(dir, name.toString());
    fs.lstat(full, (error, stat) => {
      if (this.disposed) return;
      if (!error && stat.isDirectory()) {
        // A folder made under one VS Code does not watch: VS Code does not see it either.
        void this.cover(full, true, budget);
        return;
      }
      // Gone: a folder watched here goes with everything under it (this one too, when it went itself);
      // a file is reported (the store forgets it).
      if (error && this.watches.has(full)) this.unwatch(full);
      if (error && !fs.existsSync(dir)) this.unwatch(dir);
      this.hooks.file(full);
    });
  }

  /** Stops watching `dir` and every folder under it. */
  private unwatch(dir: string): void {
    const under = dir + path.sep;
    for (const [folder, { watcher }] of this.watches) {
      if (folder !== dir && !folder.startsWith(under)) continue;
      watcher.close();
      this.watches.delete(folder);
    }
  }
}
