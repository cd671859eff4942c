// The command line's compile cache (src/cli/entry.ts): dist/cli.js compiles
// dist/cli-main.js with the V8 code cache a first run leaves beside it. Run on
// a copy of the built command line, so other tests' runs leave it alone.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundles, REPO } from './cliRun';

const BOARD = '# TODO\n\n```yaml\n- TASK_001: "Write the users endpoint"\n  assigned_agent:\n  status: todo\n```\n';
const LISTED = 'TODO.md:4 TASK_001 [todo] Write the users endpoint\n';

describe('agent-task-board compile cache (dist/cli-main.cache)', function () {
  this.timeout(60_000);
  let temp: string;
  let dist: string;
  let cache: string;

  before(() => {
    buildBundles('cli');
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-cache-'));
    dist = path.join(temp, 'dist');
    fs.mkdirSync(dist);
    for (const name of ['cli.js', 'cli-main.js']) fs.copyFileSync(path.join(REPO, 'dist', name), path.join(dist, name));
    fs.cpSync(path.join(REPO, 'dist', 'lib'), path.join(dist, 'lib'), { recursive: true });
    cache = path.join(dist, 'cli-main.cache');
    fs.mkdirSync(path.join(temp, 'board'));
    fs.writeFileSync(path.join(temp, 'board', 'TODO.md'), BOARD);
  });

  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  function list(): void {
    const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'list', '--root', path.join(temp, 'board')], { encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, LISTED);
  }

  /** The cache file's identity: a write makes a new file (a temporary one renamed over it). */
  const identity = (): string => {
    const stat = fs.statSync(cache);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  };

  it('is written by a first run, with a key line naming the bundle and node, and used as it is by the next', () => {
    fs.rmSync(cache, { force: true });
    list();
    const bundle = fs.statSync(path.join(dist, 'cli-main.js'));
    const bytes = fs.readFileSync(cache);
    assert.equal(bytes.toString('latin1', 0, bytes.indexOf(0x0a)), `${bundle.size}:${bundle.mtimeMs}:${bundle.ino}:${process.version}`);
    assert.ok(bytes.length > 10_000, `a cache of ${bytes.length} bytes holds no compiled code`);
    const written = identity();
    list();
    list();
    assert.equal(identity(), written, 'V8 took the cache, so no run wrote it again');
    assert.deepEqual(fs.readdirSync(dist).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('is written again when the bundle was rebuilt, even to the same length, or the cache is damaged', () => {
    list();
    // A rebuild of the same length: V8 checks only the source's length, so without the key the old code would run.
    const bundle = path.join(dist, 'cli-main.js');
    const later = new Date(fs.statSync(bundle).mtimeMs + 5_000);
    fs.utimesSync(bundle, later, later);
    const before = identity();
    list();
    assert.notEqual(identity(), before, 'a new bundle, a new cache');
    assert.match(fs.readFileSync(cache, 'latin1'), new RegExp(`^\\d+:${fs.statSync(bundle).mtimeMs}:`));
    // Half a cache (a disk that filled up), then bytes that are no cache at all: each is refused, and replaced.
    for (const damage of [(b: Buffer) => b.subarray(0, b.length >> 1), (b: Buffer) => Buffer.concat([b.subarray(0, b.indexOf(0x0a) + 1), Buffer.alloc(4096, 7)])]) {
      fs.writeFileSync(cache, damage(fs.readFileSync(cache)));
      const damaged = identity();
      list();
      assert.notEqual(identity(), damaged);
      const again = identity();
      list();
      assert.equal(identity(), again, 'the new cache was taken');
    }
  });

  it('is not written by a run that tuned V8 for one big parse: every other run would refuse it', () => {
    fs.rmSync(cache, { force: true });
    const big = path.join(temp, 'big');
    fs.mkdirSync(big);
    const items = Array.from({ length: 30_000 }, (_, i) => `- TASK_${String(i + 1).padStart(5, '0')}: "A task whose title is long enough to fill a line"\n  assigned_agent:\n  status: todo\n`);
    fs.writeFileSync(path.join(big, 'TODO.md'), `# TODO\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n`);
    assert.ok(fs.statSync(path.join(big, 'TODO.md')).size > 2 * 1024 * 1024);
    const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'list', '--root', big], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split('\n').length, 30_001);
    assert.equal(fs.existsSync(cache), false);
    list();
    assert.ok(fs.existsSync(cache), 'the next small run writes it');
  });

  it('names the command line\'s bundle when a copy of the package lacks it, and exits 2', () => {
    const bare = path.join(temp, 'bare');
    fs.mkdirSync(bare);
    fs.copyFileSync(path.join(dist, 'cli.js'), path.join(bare, 'cli.js'));
    const r = spawnSync(process.execPath, [path.join(bare, 'cli.js'), 'list', '--root', path.join(temp, 'board')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `agent-task-board: cannot read ${path.join(bare, 'cli-main.js')} (ENOENT), the command line beside ${path.join(bare, 'cli.js')}; install the package again.\n`);
  });

  it('lets a folder that cannot be written run every command as before', function () {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a file where the temporary one would go stands in for the folder.
      fs.rmSync(cache, { force: true });
      fs.mkdirSync(cache);
      try {
        list();
        list();
        assert.ok(fs.statSync(cache).isDirectory());
        assert.deepEqual(fs.readdirSync(dist).filter((f) => f.endsWith('.tmp')), [], 'the temporary file is removed');
      } finally {
        fs.rmSync(cache, { recursive: true, force: true });
      }
      return;
    }
    fs.rmSync(cache, { force: true });
    fs.chmodSync(dist, 0o555);
    try {
      list();
      assert.equal(fs.existsSync(cache), false);
    } finally {
      fs.chmodSync(dist, 0o755);
    }
  });
});
