// The store's own watch of new folders' insides, on real folders: what a new
// folder already holds is reported, what is made or changed under it later
// is heard of, excluded folders are left alone, a removed folder stops being
// watched, and the limit is said once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OwnFolderWatch } from '../../src/extension/ownFolderWatch';

/** Polls until `check` holds; fails naming `what` after a generous bound (no timing is asserted). */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('OwnFolderWatch', () => {
  let root: string;
  let heard: string[];
  let fullSaid: number;
  let watch: OwnFolderWatch;
  const make = (max?: number, perNewFolder?: number): OwnFolderWatch =>
    new OwnFolderWatch(
      {
        file: (p) => heard.push(path.relative(root, p)),
        skip: (p) => path.basename(p) === 'node_modules',
        full: () => (fullSaid += 1),
      },
      max,
      perNewFolder,
    );
  const write = (relative: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-own-watch-'));
    heard = [];
    fullSaid = 0;
  });
  afterEach(() => {
    watch?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports what a new folder holds at every depth, and leaves node_modules alone', async () => {
    write('a/TODO.md', 'top');
    write('a/b/c/TODO.md', 'deep');
    write('a/node_modules/pkg/TODO.md', 'not ours');
    watch = make();
    await watch.created(path.join(root, 'a'));
    assert.deepEqual(heard.sort(), [path.join('a', 'TODO.md'), path.join('a', 'b', 'c', 'TODO.md')]);
    // The new folder itself is VS Code's to watch; b and c (missed by it) are watched here.
    assert.equal(watch.size, 2);
  });

  it('hears a change, a new folder and its file, and a delete under a covered folder', async () => {
    write('a/b/TODO.md', 'one');
    watch = make();
    await watch.created(path.join(root, 'a'));
    heard = [];
    write('a/b/TODO.md', 'two');
    await until('the change', () => heard.includes(path.join('a', 'b', 'TODO.md')));
    // mkdir -p under a folder watched here, and a file in it at once.
    write('a/b/x/y/TODO.md', 'new');
    await until('the file in the new nested folder', () => heard.includes(path.join('a', 'b', 'x', 'y', 'TODO.md')));
    assert.equal(watch.size, 3);
    // Later writes there are heard too: the nested folder is watched.
    heard = [];
    write('a/b/x/y/TODO.md', 'newer');
    await until('the change in the new nested folder', () => heard.includes(path.join('a', 'b', 'x', 'y', 'TODO.md')));
    heard = [];
    fs.rmSync(path.join(root, 'a', 'b', 'TODO.md'));
    await until('the delete', () => heard.includes(path.join('a', 'b', 'TODO.md')));
  });

  it('stops watching a folder removed with everything under it', async () => {
    write('a/b/c/d/TODO.md', 'x');
    watch = make();
    await watch.created(path.join(root, 'a'));
    assert.equal(watch.size, 3);
    fs.rmSync(path.join(root, 'a', 'b'), { recursive: true });
    await until('no folder watched', () => watch.size === 0);
  });

  it('watches at most its limit of folders and says so once; the files past it are still read once', async () => {
    for (let i = 0; i < 5; i++) write(`a/f${i}/TODO.md`, 'x');
    watch = make(3);
    await watch.created(path.join(root, 'a'));
    assert.equal(watch.size, 3);
    assert.equal(fullSaid, 1);
    assert.equal(heard.length, 5);
  });

  it('gives each new folder its own share, so one large new tree leaves room for the next', async () => {
    for (let i = 0; i < 4; i++) write(`build/f${i}/out.js`, 'x');
    write('clone/.claude/tasks/backend-tasks.md', 'x');
    watch = make(10, 2);
    await watch.created(path.join(root, 'build'));
    assert.equal(watch.size, 2);
    await watch.created(path.join(root, 'clone'));
    assert.equal(watch.size, 4, 'the second new folder got its own two');
    heard = [];
    write('clone/.claude/tasks/backend-tasks.md', 'changed');
    await until('the change under the second new folder', () => heard.includes(path.join('clone', '.claude', 'tasks', 'backend-tasks.md')));
  });

  /**
   * A build swapping its output: `out/` holding `relative` is covered, moved to `out.old/`, and `relative` is made
   * again; `between` runs after the move. Then `out/` is reported made, and what it holds must be heard of, and a
   * later write to it too.
   */
  const swapOutput = async (relative: string, between: () => void): Promise<void> => {
    write(relative, 'one');
    watch = make();
    await watch.created(path.join(root, 'out'));
    fs.renameSync(path.join(root, 'out'), path.join(root, 'out.old'));
    between();
    write(relative, 'two');
    heard = [];
    await watch.created(path.join(root, 'out'));
    assert.deepEqual(heard, [path.normalize(relative)]);
    heard = [];
    write(relative, 'three');
    await until('the change in the folder made again', () => heard.includes(path.normalize(relative)));
  };

  it('watches a folder made again where a watched one was moved away from, and forgets the moved one', async () => {
    await swapOutput('out/src/a/TODO.md', () => {
      assert.equal(watch.size, 2);
      watch.forget(path.join(root, 'out'));
      assert.equal(watch.size, 0, 'the moved folders are not watched under their old paths');
    });
  });

  it('watches anew a path whose folder was replaced, even when nobody said the old one went', async () => {
    await swapOutput('out/src/TODO.md', () => undefined);
  });

  it('stops watching the folders a rescan no longer keeps', async () => {
    write('a/b/TODO.md', 'x');
    write('c/d/TODO.md', 'x');
    watch = make();
    await watch.created(path.join(root, 'a'));
    await watch.created(path.join(root, 'c'));
    assert.equal(watch.size, 2);
    watch.retain((dir) => !dir.startsWith(path.join(root, 'a') + path.sep));
    assert.equal(watch.size, 1);
  });
});
