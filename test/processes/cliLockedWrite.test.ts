import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LockTimeoutError, WriteRefusedError, acquireLock, lockedUpdate } from '../../src/node/lockedWrite';

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('lockedUpdate', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-lock-'));
    file = path.join(dir, 'TODO.md');
    fs.writeFileSync(file, 'one\r\ntwo\r\n');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the fresh text to decide, writes its result, returns its value and leaves no lock or temp file', async () => {
    const result = await lockedUpdate(file, (text) => ({ write: true, text: text.replace('two', 'TWO'), result: text.length }));
    assert.equal(result, 10);
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\nTWO\r\n');
    assert.deepEqual(fs.readdirSync(dir), ['TODO.md']);
  });

  it('writes nothing when decide says so', async () => {
    const before = fs.statSync(file).mtimeMs;
    const result = await lockedUpdate(file, () => ({ write: false, result: 'refused' }));
    assert.equal(result, 'refused');
    assert.equal(fs.statSync(file).mtimeMs, before);
  });

  it('keeps the file mode', async () => {
    fs.chmodSync(file, 0o640);
    await lockedUpdate(file, (text) => ({ write: true, text: `${text}three\r\n`, result: undefined }));
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });

  it("keeps the owner and group of a file another user owns (as root: an agent in a container must not leave the file root's)", async () => {
    fs.chmodSync(file, 0o640);
    // Only root can give a file away; another writer keeps its own file, and so checks that nothing else changes.
    const owner = process.getuid?.() === 0 ? { uid: 4242, gid: 4243 } : { uid: fs.statSync(file).uid, gid: fs.statSync(file).gid };
    fs.chownSync(file, owner.uid, owner.gid);
    await lockedUpdate(file, (text) => ({ write: true, text: `${text}three\r\n`, result: undefined }));
    const after = fs.statSync(file);
    assert.deepEqual({ uid: after.uid, gid: after.gid, mode: after.mode & 0o7777 }, { ...owner, mode: 0o640 });
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nthree\r\n');
  });

  it('writes a file that has another hard link in place, so both names have the new text', async () => {
    const other = path.join(dir, 'ALSO.md');
    fs.linkSync(file, other);
    const inode = fs.statSync(file).ino;
    await lockedUpdate(file, (text) => ({ write: true, text: text.replace('two', 'TWO'), result: undefined }));
    assert.equal(fs.readFileSync(other, 'utf8'), 'one\r\nTWO\r\n');
    assert.equal(fs.statSync(file).ino, inode);
    assert.equal(fs.statSync(file).nlink, 2);
    // Shorter than before too: nothing of the old text is left past the new end.
    await lockedUpdate(file, () => ({ write: true, text: 'one\r\n', result: undefined }));
    assert.equal(fs.readFileSync(other, 'utf8'), 'one\r\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ALSO.md', 'TODO.md']);
  });

  it('puts a hard-linked file back whole when its write in place fails part way (a file-size limit)', () => {
    fs.linkSync(file, path.join(dir, 'ALSO.md'));
    const old = `${'old line\n'.repeat(333)}end\n`;
    fs.writeFileSync(file, old);
    const script = `require(${JSON.stringify(require.resolve('../../src/node/lockedWrite'))})
      .lockedUpdate(${JSON.stringify(file)}, () => ({ write: true, text: 'new line\\n'.repeat(700), result: 0 }))
      .then(() => process.exit(0), (err) => { console.error(err.code ?? err.message); process.exit(3); });`;
    // 4 KB at most per file, and the signal that limit sends ignored, so the write fails with EFBIG instead.
    const run = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 4; exec "${process.execPath}" -e "$0"`, script], { encoding: 'utf8' });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /EFBIG/);
    assert.equal(fs.readFileSync(path.join(dir, 'ALSO.md'), 'utf8'), old);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ALSO.md', 'TODO.md'], 'the copy of the old text is left behind');
  });

  it("holds the locks of alsoLock's files while deciding, and goes on without one another writer keeps", async () => {
    const other = path.join(dir, 'OTHER.md');
    fs.writeFileSync(other, 'other\n');
    let held = false;
    await lockedUpdate(file, (text) => ((held = fs.existsSync(`${other}.lock`)), { write: true, text: `${text}x\r\n`, result: undefined }), { alsoLock: [other, path.join(dir, 'GONE.md')] });
    assert.equal(held, true, "the other file's lock was not held while deciding");
    assert.deepEqual(fs.readdirSync(dir).sort(), ['OTHER.md', 'TODO.md']);
    // Kept by a live writer: the update waits a moment for it, then writes its own file, and leaves that lock alone.
    const release = await acquireLock(other, `${other}.lock`, {});
    try {
      await lockedUpdate(file, (text) => ({ write: true, text: `${text}y\r\n`, result: undefined }), { alsoLock: [other] });
      assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nx\r\ny\r\n');
      assert.ok(fs.existsSync(`${other}.lock`));
    } finally {
      release();
    }
  });

  it('writes through a symlink to its target, keeping the link', async () => {
    const link = path.join(dir, 'LINK.md');
    fs.symlinkSync(file, link);
    await lockedUpdate(link, (text) => ({ write: true, text: `${text}x\r\n`, result: undefined }));
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nx\r\n');
  });

  it('releases the lock when decide throws', async () => {
    await assert.rejects(
      lockedUpdate(file, () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });

  it('waits for a held lock, then gives up with a message naming the file and what to do', async () => {
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
    await assert.rejects(
      lockedUpdate(file, () => ({ write: true, text: 'x', result: undefined }), { timeoutMs: 200 }),
      (err: unknown) => {
        assert.ok(err instanceof LockTimeoutError);
        assert.match(err.message, /TODO\.md: could not take the lock TODO\.md\.lock/);
        assert.match(err.message, /delete .*TODO\.md\.lock if no agent is running/);
        return true;
      },
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\n');
  });

  it('names the holder in its own words when the lock says who it is, on one line', async () => {
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, by: 'VS Code (Agent Task Board,\n saving an edit)', at: new Date().toISOString() }));
    await assert.rejects(lockedUpdate(file, () => ({ write: true, text: 'x', result: undefined }), { timeoutMs: 200 }), (err: unknown) => {
      assert.ok(err instanceof LockTimeoutError);
      assert.match(err.message, /it is held by VS Code \(Agent Task Board, saving an edit\), pid \d+ since \d{4}-/);
      return true;
    });
  });

  it('breaks a stale lock whose owner is dead', async () => {
    const lock = `${file}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: deadPid(), at: '2026-01-01T00:00:00Z' }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    await lockedUpdate(file, (text) => ({ write: true, text: `${text}x\r\n`, result: undefined }), { timeoutMs: 2_000, staleMs: 30_000 });
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nx\r\n');
    assert.equal(fs.existsSync(lock), false);
  });

  it('does not break an old lock whose owner is alive', async () => {
    const lock = `${file}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, at: '2026-01-01T00:00:00Z' }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    await assert.rejects(lockedUpdate(file, () => ({ write: true, text: 'x', result: undefined }), { timeoutMs: 200, staleMs: 30_000 }), LockTimeoutError);
    assert.ok(fs.existsSync(lock));
  });

  it('the lock names its owner from the moment it exists, and leaves no temp file beside it', async () => {
    const lock = `${file}.lock`;
    const seen: string[] = [];
    await lockedUpdate(file, (text) => {
      seen.push(fs.readFileSync(lock, 'utf8'));
      seen.push(...fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')));
      return { write: false, result: text };
    });
    assert.equal(seen.length, 1, `only the lock, no temp file: ${seen.join(', ')}`);
    const owner = JSON.parse(seen[0]!) as { pid: number; token: string };
    assert.equal(owner.pid, process.pid);
    assert.match(owner.token, /^[a-z0-9]+$/);
  });

  it('a release leaves alone a lock that is no longer its own', async () => {
    const lock = `${file}.lock`;
    const other = JSON.stringify({ pid: process.pid, at: new Date().toISOString(), token: 'someone-else' });
    await lockedUpdate(file, (text) => {
      // Meanwhile the lock was broken and taken by another writer.
      fs.writeFileSync(lock, other);
      return { write: false, result: text };
    });
    assert.equal(fs.readFileSync(lock, 'utf8'), other, 'the other writer still holds its lock');
  });

  it('serializes concurrent updates in one process: no update lost', async () => {
    fs.writeFileSync(file, '');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => lockedUpdate(file, (text) => ({ write: true, text: `${text}${i}\n`, result: undefined }))),
    );
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.deepEqual(lines.map(Number).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  });

  /** A writer that ignores the lock: truncates the file, writes the first 60 bytes now and the rest in `chunks` later. */
  function truncatingWriter(full: string, chunks: number, everyMs: number): Promise<void> {
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, full.slice(0, 60));
    const rest = full.slice(60);
    const size = Math.ceil(rest.length / chunks);
    let at = 0;
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        fs.writeSync(fd, rest.slice(at, at + size));
        at += size;
        if (at >= rest.length) {
          clearInterval(timer);
          fs.closeSync(fd);
          resolve();
        }
      }, everyMs);
    });
  }

  const FULL = '```yaml\n- TASK_001: "a"\n  status: todo\n```\n\n## Notes\n' + 'important note line\n'.repeat(50);

  it('waits out a truncated read: the write is based on the whole file once it holds still', async () => {
    const writer = truncatingWriter(FULL, 1, 10);
    const seen = await lockedUpdate(file, (text) => ({ write: true, text: text.replace('status: todo', 'status: claimed'), result: text }));
    await writer;
    assert.equal(seen, FULL);
    assert.equal(fs.readFileSync(file, 'utf8'), FULL.replace('status: todo', 'status: claimed'));
  });

  it('refuses, naming the file, when it keeps changing while read; the other writer\'s text survives', async () => {
    const writer = truncatingWriter(FULL, 400, 3);
    let decided = false;
    await assert.rejects(
      lockedUpdate(file, (text) => {
        decided = true;
        return { write: true, text: `${text}x`, result: undefined };
      }, { settleMs: 20, readAttempts: 3 }),
      (err: unknown) => err instanceof WriteRefusedError && /TODO\.md: kept changing while it was read/.test(err.message),
    );
    await writer;
    assert.equal(decided, false, 'nothing was decided on a partial read');
    assert.equal(fs.readFileSync(file, 'utf8'), FULL);
    assert.deepEqual(fs.readdirSync(dir), ['TODO.md']);
  });

  it('refuses to rename over a file written (without the lock) after it was read', async () => {
    await assert.rejects(
      lockedUpdate(file, (text) => {
        fs.appendFileSync(file, 'written by someone else\n');
        return { write: true, text: `${text}mine\n`, result: undefined };
      }),
      (err: unknown) => err instanceof WriteRefusedError && /TODO\.md: changed while it was being updated/.test(err.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nwritten by someone else\n');
    assert.deepEqual(fs.readdirSync(dir), ['TODO.md']);
  });

  describe('locks that recover', () => {
    const write = (text: string) => ({ write: true, text: `${text}x\r\n`, result: undefined });

    it('breaks at once a fresh lock whose owner process (this host) is dead, instead of waiting staleMs', async () => {
      const lock = `${file}.lock`;
      fs.writeFileSync(lock, JSON.stringify({ host: os.hostname(), pid: deadPid(), at: new Date().toISOString() }));
      await lockedUpdate(file, write, { timeoutMs: 1_000, staleMs: 60_000 });
      assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nx\r\n');
      assert.equal(fs.existsSync(lock), false);
    });

    it('breaks at once a lock whose pid now belongs to another process (its start time differs)', async () => {
      const own = JSON.parse(await lockContentWhileHeld()) as { start?: string };
      assert.ok(own.start, 'the lock records its process start time (from /proc on Linux)');
      const lock = `${file}.lock`;
      // This process is alive, but it is not the process that took this lock.
      fs.writeFileSync(lock, JSON.stringify({ host: os.hostname(), pid: process.pid, start: String(Number(own.start) + 1), at: new Date().toISOString() }));
      await lockedUpdate(file, write, { timeoutMs: 1_000, staleMs: 60_000 });
      assert.equal(fs.existsSync(lock), false);
    });

    it('breaks a stale lock one writer at a time: not while another holds the break guard, unless that guard is old', async () => {
      const lock = `${file}.lock`;
      const guard = `${lock}.break`;
      const dead = JSON.stringify({ host: os.hostname(), pid: deadPid(), at: new Date().toISOString() });
      fs.writeFileSync(lock, dead);
      // Another writer is between its look at the dead lock and its removal: this one waits for it.
      fs.writeFileSync(guard, '');
      await assert.rejects(lockedUpdate(file, write, { timeoutMs: 300, staleMs: 60_000 }), (err: unknown) => {
        assert.ok(err instanceof LockTimeoutError);
        assert.match(err.message, /another writer breaking a stale lock/);
        return true;
      });
      assert.equal(fs.readFileSync(lock, 'utf8'), dead);
      // A guard left by a writer that died while breaking is taken as gone after a few seconds.
      const old = new Date(Date.now() - 10_000);
      fs.utimesSync(guard, old, old);
      await lockedUpdate(file, write, { timeoutMs: 1_000, staleMs: 60_000 });
      assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nx\r\n');
      assert.deepEqual(fs.readdirSync(dir), ['TODO.md'], 'no lock, guard or temp file left');
    });

    it('keeps a fresh lock taken in another PID namespace of this host, whose pid means nothing here; breaks it once old', async () => {
      const own = JSON.parse(await lockContentWhileHeld()) as { ns?: string };
      assert.match(own.ns ?? '', /^pid:\[\d+\]$/, 'the lock records its PID namespace (from /proc on Linux)');
      const lock = `${file}.lock`;
      // A sandboxed agent's lock: its pid is dead here (or another process), but it is alive where it was taken.
      const theirs = JSON.stringify({ host: os.hostname(), pid: deadPid(), start: '1', ns: 'pid:[1]', at: new Date().toISOString() });
      fs.writeFileSync(lock, theirs);
      await assert.rejects(lockedUpdate(file, write, { timeoutMs: 300, staleMs: 60_000 }), LockTimeoutError);
      assert.equal(fs.readFileSync(lock, 'utf8'), theirs);
      assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\n');
      // Judged by its age, as a lock from another host is.
      const old = new Date(Date.now() - 120_000);
      fs.utimesSync(lock, old, old);
      await lockedUpdate(file, write, { timeoutMs: 1_000, staleMs: 60_000 });
      assert.equal(fs.readFileSync(file, 'utf8'), 'one\r\ntwo\r\nx\r\n');
    });

    it('keeps a lock whose holder is alive and the same process, and the refusal says how long it waited and who holds it', async () => {
      const lock = `${file}.lock`;
      fs.writeFileSync(lock, await lockContentWhileHeld());
      await assert.rejects(lockedUpdate(file, write, { timeoutMs: 300, staleMs: 60_000 }), (err: unknown) => {
        assert.ok(err instanceof LockTimeoutError);
        assert.match(err.message, /\(waited 0\.[3-9] s\); it is held by pid \d+ on \S+ since \d{4}-/);
        assert.ok(err.waitedMs >= 300);
        return true;
      });
      assert.ok(fs.existsSync(lock));
    });

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`a process stopped by ${signal} while it holds the lock releases it`, async () => {
        const lockedWrite = require.resolve('../../src/node/lockedWrite');
        const script = `
          const { acquireLock } = require(${JSON.stringify(lockedWrite)});
          acquireLock(${JSON.stringify(file)}, ${JSON.stringify(`${file}.lock`)}, {}).then(() => {
            process.stdout.write('locked\\n');
            setInterval(() => {}, 1000);
          });`;
        const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
        assert.ok(fs.existsSync(`${file}.lock`), 'the child holds the lock');
        const ended = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
        child.kill(signal);
        assert.equal(await ended, signal, 'the child still ends by the signal');
        assert.equal(fs.existsSync(`${file}.lock`), false);
      });
    }

    /** What this process writes into a lock it holds. */
    async function lockContentWhileHeld(): Promise<string> {
      let content = '';
      await lockedUpdate(file, () => {
        content = fs.readFileSync(`${file}.lock`, 'utf8');
        return { write: false, result: undefined };
      });
      return content;
    }
  });
});
