// gitState on real repositories made in a temporary folder: which texts of a
// task file git wrote (checkout, stash, stash pop, a merge stopped on a
// conflict, a staged text written back) and which it did not (a plain write,
// one its writer then staged or committed), and how the operation is named.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitPlaceOf, operationInProgress } from '../../src/node/gitPlace';
import { describeOperation, fileAt, gitChangeOf } from '../../src/node/gitState';

function board(status: string): string {
  return ['# TODO', '', '```yaml', '- TASK_001: "Schema"', '  assigned_agent: alice', `  status: ${status}`, '```', ''].join('\n');
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository whose main has TASK_001 done and whose branch `old` has it in_progress. */
function twoBranches(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-git-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'dev');
  fs.writeFileSync(path.join(dir, 'TODO.md'), board('in_progress'));
  git(dir, 'add', 'TODO.md');
  git(dir, 'commit', '-q', '-m', 'in progress');
  git(dir, 'branch', 'old');
  fs.writeFileSync(path.join(dir, 'TODO.md'), board('done'));
  git(dir, 'commit', '-q', '-am', 'done');
  return dir;
}

/** Lets the clock move past the last thing git wrote, so a later write is plainly later. */
function tick(): void {
  const until = Date.now() + 60;
  while (Date.now() < until) {
    // busy wait: the test needs distinct mtimes, not a timer
  }
}

function text(dir: string): string {
  return fs.readFileSync(path.join(dir, 'TODO.md'), 'utf8');
}

describe('gitState: what git wrote', () => {
  const made: string[] = [];
  const repo = (): string => {
    const dir = twoBranches();
    made.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the repository, and a linked worktree own git dir beside the shared one', () => {
    const dir = repo();
    const place = gitPlaceOf(path.join(dir, 'TODO.md'));
    assert.equal(place?.workTree, dir);
    assert.equal(place?.gitDir, path.join(dir, '.git'));
    const linked = path.join(dir, '..', `${path.basename(dir)}-wt`);
    made.push(linked);
    git(dir, 'worktree', 'add', '-q', linked, 'old');
    const other = gitPlaceOf(path.join(linked, 'TODO.md'));
    assert.equal(other?.workTree, linked);
    assert.equal(fs.realpathSync(other!.commonDir), fs.realpathSync(path.join(dir, '.git')));
    assert.notEqual(other?.gitDir, other?.commonDir);
    assert.equal(gitPlaceOf(path.join(os.tmpdir(), 'no-repo-here', 'TODO.md')), undefined);
  });

  it('takes a checkout for git, naming the branch and the two HEADs', async () => {
    const dir = repo();
    const main = git(dir, 'rev-parse', 'HEAD').trim();
    tick();
    git(dir, 'checkout', '-q', 'old');
    const change = await gitChangeOf(path.join(dir, 'TODO.md'), text(dir));
    assert.equal(change?.how, 'with the checkout of `old`');
    assert.equal(change?.oldHead, main);
    assert.equal(change?.newHead, git(dir, 'rev-parse', 'HEAD').trim());
    assert.equal(await fileAt(gitPlaceOf(path.join(dir, 'TODO.md'))!, main, path.join(dir, 'TODO.md')), board('done'));
  });

  it('does not take a plain write for git, even one made just after a commit', async () => {
    const dir = repo();
    tick();
    fs.writeFileSync(path.join(dir, 'TODO.md'), board('todo'));
    assert.equal(await gitChangeOf(path.join(dir, 'TODO.md'), text(dir)), undefined);
  });

  it("does not take for git a write made while a commit's pre-commit hook holds the index's lock", async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    const lock = path.join(dir, '.git', 'index.lock');
    // A hook that runs a while (a formatter, the tests), as an agent writes an illegal move beside it.
    fs.writeFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\n: > .hook-running\nwhile [ ! -e .git/go-on ]; do sleep 0.05; done\nrm -f .hook-running\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'NOTES.md'), 'notes\n');
    git(dir, 'add', 'NOTES.md');
    git(dir, 'commit', '-q', '--no-verify', '-m', 'notes');
    fs.appendFileSync(path.join(dir, 'NOTES.md'), 'more\n');
    // `commit -a` holds the index's lock from staging to the end, through the hook.
    // The hooks folder named, so that a global core.hooksPath of the machine cannot skip the hook.
    const commit = spawn('git', ['-c', 'core.hooksPath=.git/hooks', 'commit', '-q', '-am', 'more notes'], { cwd: dir, stdio: 'ignore' });
    const ended = new Promise<number | null>((resolve) => commit.once('exit', resolve));
    try {
      for (const deadline = Date.now() + 10_000; !fs.readdirSync(dir).includes('.hook-running'); ) {
        assert.ok(Date.now() < deadline, 'the hook never ran');
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(fs.existsSync(lock), 'the index is not locked while the hook runs');
      tick();
      fs.writeFileSync(file, board('todo'));
      let answered = false;
      const change = gitChangeOf(file, text(dir)).then((c) => ((answered = true), c));
      // Judged only once the command ends: while the hook runs, there is no answer.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(answered, false, 'judged while the commit still held the lock');
      fs.writeFileSync(path.join(dir, '.git', 'go-on'), '');
      assert.equal(await ended, 0);
      assert.equal(await change, undefined, 'the write was taken for the commit');
    } finally {
      // A failed assertion must not leave the hook waiting: the commit would keep mocha alive.
      fs.writeFileSync(path.join(dir, '.git', 'go-on'), '');
      await ended;
    }
  });

  it('takes a text git wrote under its lock once the lock is gone, and judges a write under a lock left for good', async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    const lock = path.join(dir, '.git', 'index.lock');
    tick();
    fs.writeFileSync(file, board('todo'));
    tick();
    // A Discard Changes under way: the index's text back, the lock still held.
    fs.writeFileSync(lock, '');
    fs.writeFileSync(file, git(dir, 'show', ':TODO.md'));
    let answered = false;
    const change = gitChangeOf(file, text(dir)).then((c) => ((answered = true), c));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(answered, false, 'judged while the lock was held');
    fs.rmSync(lock);
    assert.ok(await change, 'the index has this text');
    // A git that died left its lock: after the wait, a plain write is judged as one.
    tick();
    fs.writeFileSync(lock, '');
    try {
      fs.writeFileSync(file, board('todo'));
      assert.equal(await gitChangeOf(file, text(dir), { lockWaitMs: 200 }), undefined);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });

  it('names an operation under way past a lock when asked to leave locks out', () => {
    const dir = repo();
    const place = gitPlaceOf(path.join(dir, 'TODO.md'))!;
    fs.writeFileSync(path.join(place.gitDir, 'index.lock'), '');
    fs.writeFileSync(path.join(place.gitDir, 'MERGE_HEAD'), git(dir, 'rev-parse', 'HEAD'));
    try {
      assert.equal(operationInProgress(place), 'a git command');
      assert.equal(operationInProgress(place, { locks: false }), 'a merge');
      fs.rmSync(path.join(place.gitDir, 'MERGE_HEAD'));
      assert.equal(operationInProgress(place, { locks: false }), undefined);
    } finally {
      fs.rmSync(path.join(place.gitDir, 'index.lock'), { force: true });
    }
  });

  it('takes what git wrote in a repository opened through a symbolic link', async () => {
    const dir = repo();
    const link = `${dir}-link`;
    fs.symlinkSync(dir, link);
    made.push(link);
    tick();
    fs.writeFileSync(path.join(link, 'TODO.md'), board('todo'));
    assert.equal(await gitChangeOf(path.join(link, 'TODO.md'), text(link)), undefined, 'a plain write');
    tick();
    // Discard Changes: the text in the index again, with no reflog entry.
    git(link, 'checkout', '--', 'TODO.md');
    assert.ok(await gitChangeOf(path.join(link, 'TODO.md'), text(link)), 'the index has this text');
    assert.equal(await fileAt(gitPlaceOf(path.join(link, 'TODO.md'))!, 'old', path.join(link, 'TODO.md')), board('in_progress'));
  });

  it('does not take a write committed at once for git: a commit writes no working tree', async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    tick();
    fs.writeFileSync(file, board('todo'));
    git(dir, 'commit', '-q', '-am', 'reopen');
    assert.equal(await gitChangeOf(file, text(dir)), undefined, 'a commit');
    tick();
    fs.writeFileSync(file, board('claimed'));
    git(dir, 'commit', '-q', '--amend', '-am', 'claim');
    assert.equal(await gitChangeOf(file, text(dir)), undefined, 'an amend');
  });

  it('does not take a write its writer staged for git, even of a text git has had before', async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    tick();
    fs.writeFileSync(file, board('claimed'));
    git(dir, 'add', 'TODO.md');
    assert.equal(await gitChangeOf(file, text(dir)), undefined, 'a new text, staged');
    // The first commit's text, its blob made over 2 s before: adding it again touches the blob, made long before.
    const made = fs.statSync(path.join(dir, '.git', 'logs', 'HEAD')).mtimeMs;
    await new Promise((r) => setTimeout(r, Math.max(0, made + 2_100 - Date.now())));
    fs.writeFileSync(file, board('in_progress'));
    git(dir, 'add', 'TODO.md');
    assert.equal(await gitChangeOf(file, text(dir)), undefined, 'a text git had, staged again');
  });

  it('does not take a write staged in the same tick of the file clock for git, where birth times are kept', async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    const keepsBirth = fs.statSync(file).birthtimeMs > 0;
    const blobOf = (status: string): string => {
      const sha = execFileSync('git', ['hash-object', '--path=TODO.md', '--stdin'], { cwd: dir, input: board(status), encoding: 'utf8' }).trim();
      return path.join(dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
    };
    // A coarse clock gives the write and the blob `git add` makes or touches one time: here about one in ten.
    const sameTick = (status: string, seconds: number): void => {
      fs.utimesSync(file, seconds, seconds);
      fs.utimesSync(blobOf(status), seconds, seconds);
    };
    tick();
    fs.writeFileSync(file, board('claimed'));
    git(dir, 'add', 'TODO.md');
    sameTick('claimed', Math.ceil(Date.now() / 1000));
    assert.equal(Boolean(await gitChangeOf(file, text(dir))), !keepsBirth, `a new text, its blob made as the file was written (birth times kept: ${keepsBirth})`);
    // The first commit's text again, its blob made long before the time the write and the touch share.
    fs.writeFileSync(file, board('in_progress'));
    git(dir, 'add', 'TODO.md');
    sameTick('in_progress', Math.ceil(Date.now() / 1000) + 3);
    assert.equal(Boolean(await gitChangeOf(file, text(dir))), !keepsBirth, `a text git had, touched as the file was written (birth times kept: ${keepsBirth})`);
  });

  it('takes the stash a pull --rebase --autostash applies after its last reflog entry for git', async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    const upstream = `${dir}-upstream`;
    made.push(upstream);
    git(dir, 'clone', '-q', '-b', 'main', dir, upstream);
    git(upstream, 'config', 'user.email', 'up@example.com');
    git(upstream, 'config', 'user.name', 'up');
    fs.writeFileSync(path.join(upstream, 'TODO.md'), `${board('done')}\nNotes from upstream.\n`);
    git(upstream, 'commit', '-q', '-am', 'notes');
    git(dir, 'remote', 'add', 'up', upstream);
    git(dir, 'fetch', '-q', 'up');
    // A local commit to rebase, and an uncommitted move in TODO.md for the autostash.
    fs.writeFileSync(path.join(dir, 'OTHER.md'), 'other\n');
    git(dir, 'add', 'OTHER.md');
    git(dir, 'commit', '-q', '-m', 'other');
    tick();
    fs.writeFileSync(file, board('todo'));
    tick();
    git(dir, 'pull', '-q', '--rebase', '--autostash', 'up', 'main');
    assert.equal(text(dir), `${board('todo')}\nNotes from upstream.\n`);
    assert.ok(await gitChangeOf(file, text(dir)), 'the autostash merged with the pull');
    // Committed at once: the commit stages the applied stash again, which touches its blob, made before the file.
    // Only a file system that keeps birth times tells when the blob was made; elsewhere its mtime stands in, and
    // the touched blob reads as made from the file (docs/architecture.md, "Git operations and conflicted files").
    git(dir, 'commit', '-q', '-am', 'wip');
    const keepsBirth = fs.statSync(file).birthtimeMs > 0;
    assert.equal(Boolean(await gitChangeOf(file, text(dir))), keepsBirth, `the autostash, then a commit (birth times kept: ${keepsBirth})`);
  });

  it('takes a write up to 2 s after a rebase finished for git: where rebase --autostash puts its stash back', async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    git(dir, 'checkout', '-q', '-b', 'side', 'old');
    fs.writeFileSync(path.join(dir, 'OTHER.md'), 'other\n');
    git(dir, 'add', 'OTHER.md');
    git(dir, 'commit', '-q', '-m', 'other');
    git(dir, 'rebase', '-q', 'main');
    assert.match(git(dir, 'reflog', '-1', '--format=%gs'), /\(finish\): returning to /);
    // A large repository's autostash lands over 100 ms after the rebase's last entry, with a text of its own.
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(file, board('todo'));
    assert.ok(await gitChangeOf(file, text(dir)), '300 ms after the rebase');
  });

  it('takes a text whose blob git made just before the file for git, and not one made long before', async () => {
    const dir = repo();
    const file = path.join(dir, 'TODO.md');
    tick();
    // As git writes a file it made: the blob first (a merge's result, an applied stash), then the file, anew.
    execFileSync('git', ['hash-object', '-w', '--path=TODO.md', '--stdin'], { cwd: dir, input: board('claimed') });
    tick();
    fs.rmSync(file);
    fs.writeFileSync(file, board('claimed'));
    assert.ok(await gitChangeOf(file, text(dir)), 'made just before');
    // A blob from long ago that an agent's text happens to equal is no sign.
    const sha = execFileSync('git', ['hash-object', '-w', '--path=TODO.md', '--stdin'], { cwd: dir, input: board('todo'), encoding: 'utf8' }).trim();
    const old = (Date.now() - 3_600_000) / 1000;
    fs.utimesSync(path.join(dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2)), old, old);
    fs.writeFileSync(file, board('todo'));
    assert.equal(await gitChangeOf(file, text(dir)), undefined, 'made an hour before');
  });

  it('takes the staged text git writes back for git, and a stash and its pop', async () => {
    const dir = repo();
    tick();
    fs.writeFileSync(path.join(dir, 'TODO.md'), board('claimed'));
    git(dir, 'add', 'TODO.md');
    tick();
    fs.writeFileSync(path.join(dir, 'TODO.md'), board('todo'));
    tick();
    // Discard Changes: the staged text again, from a blob older than the write.
    git(dir, 'checkout', '--', 'TODO.md');
    assert.equal(text(dir), board('claimed'));
    assert.ok(await gitChangeOf(path.join(dir, 'TODO.md'), text(dir)), 'the index has this text');

    git(dir, 'stash', '-q');
    assert.equal(text(dir), board('done'));
    assert.ok(await gitChangeOf(path.join(dir, 'TODO.md'), text(dir)), 'stash put back the HEAD text');
    tick();
    git(dir, 'stash', 'pop', '-q');
    assert.equal(text(dir), board('claimed'));
    assert.equal((await gitChangeOf(path.join(dir, 'TODO.md'), text(dir)))?.how, 'with git stash');
  });

  it('takes anything written while a merge is stopped on a conflict for git', async () => {
    const dir = repo();
    git(dir, 'checkout', '-q', 'old');
    fs.writeFileSync(path.join(dir, 'TODO.md'), board('review'));
    git(dir, 'commit', '-q', '-am', 'review');
    assert.throws(() => git(dir, 'merge', 'main'));
    const place = gitPlaceOf(path.join(dir, 'TODO.md'))!;
    assert.equal(operationInProgress(place), 'a merge');
    assert.match(text(dir), /^<<<<<<< HEAD$/m);
    assert.equal((await gitChangeOf(path.join(dir, 'TODO.md'), text(dir)))?.how, 'during a merge');
    git(dir, 'merge', '--abort');
    assert.equal(operationInProgress(place), undefined);
  });

  it('names operations from their reflog messages', () => {
    assert.equal(describeOperation('checkout: moving from main to feature/x'), 'with the checkout of `feature/x`');
    assert.equal(describeOperation('pull: Fast-forward'), 'with git pull');
    assert.equal(describeOperation('pull --rebase (finish): returning to refs/heads/main'), 'with git pull --rebase');
    assert.equal(describeOperation("merge old: Merge made by the 'ort' strategy."), 'with the merge of `old`');
    assert.equal(describeOperation('rebase (finish): returning to refs/heads/x'), 'with the rebase');
    assert.equal(describeOperation('reset: moving to HEAD~1'), 'with git reset');
    assert.equal(describeOperation('cherry-pick: fix it'), 'with a cherry-pick');
    assert.equal(describeOperation('switch: moving from a to b'), 'with git switch');
  });
});
