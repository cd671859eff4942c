// Where a file's git working tree is (src/node/gitPlace.ts), while
// repositories come and go around a running extension.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitPlaceOf, PLACE_KEPT_MS } from '../../src/node/gitPlace';

describe('gitPlaceOf', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-gitplace-')));
    fs.mkdirSync(path.join(dir, 'plan'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sees a repository made after it first looked, and one removed, once its answer is older than PLACE_KEPT_MS', () => {
    const file = path.join(dir, 'plan', 'TODO.md');
    const t0 = Date.now();
    // A temporary folder may sit inside some repository of the machine: what counts is that this one is not found.
    const outside = gitPlaceOf(file, t0)?.workTree;
    assert.notEqual(outside, dir);

    // What `git init` makes that the walk looks for: a `.git` folder.
    fs.mkdirSync(path.join(dir, '.git'));
    assert.equal(gitPlaceOf(file, t0 + 1)?.workTree, outside, 'an answer is kept for a while: a save asks for it on every write');
    const found = gitPlaceOf(file, t0 + PLACE_KEPT_MS);
    assert.equal(found?.workTree, dir);
    assert.equal(found?.gitDir, path.join(dir, '.git'));

    fs.rmSync(path.join(dir, '.git'), { recursive: true, force: true });
    assert.equal(gitPlaceOf(file, t0 + 2 * PLACE_KEPT_MS)?.workTree, outside);
  });
});
