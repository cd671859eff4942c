// Reading the board branch's files in one git process (textsAt), and the
// identity a synced commit is made under (committerIdentity), on real
// repositories in a temporary folder.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGit } from '../../src/node/git';
import { committerIdentity, textAt, textsAt } from '../../src/node/sync/boardBranch';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the board branch read in one git process', function () {
  this.timeout(30_000);
  let dir: string;
  let commit: string;
  /** Path → bytes committed at `commit`. */
  const files: Record<string, Buffer> = {
    'TODO.md': Buffer.from('# TODO\n\n```yaml\n- T1: "One"\n  status: todo\n```\n'),
    // Content that looks like a batch header, and a line break at the very end of the size.
    '.claude/tasks/a-tasks.md': Buffer.from('0123456789abcdef blob 12\n- [ ] A_1: first\n\n'),
    'empty/TODO.md': Buffer.alloc(0),
    'crlf/TODO.md': Buffer.from('# TODO\r\n\r\n- [ ] C_1: windows\r\n'),
    // A byte that is not UTF-8 reads as U+FFFD, as `git show` read as text gives it (moves then refuse the file).
    'latin1/TODO.md': Buffer.from([0x2d, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]),
    'dir with spaces/b-tasks.md': Buffer.from('- [x] B_1: done\n'),
    'emoji/TODO.md': Buffer.from('- [ ] E_1: ship it 🚀\n'),
  };

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-read-')));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.email', 'dev@example.com');
    git(dir, 'config', 'user.name', 'dev');
    for (const [file, bytes] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), bytes);
    }
    // The bytes as written, whatever the machine's config says of line ends or signing.
    git(dir, '-c', 'core.autocrlf=false', 'add', '-A');
    git(dir, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'files');
    commit = git(dir, 'rev-parse', 'HEAD').trim();
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives each file as `git show` does, in the order asked, and undefined for a path that is not there or is a folder', async () => {
    const asked = [...Object.keys(files), 'missing/TODO.md', 'empty', 'TODO.md'];
    const texts = await textsAt(dir, commit, asked);
    assert.equal(texts.length, asked.length);
    for (const [i, file] of asked.entries()) {
      const expected = file in files ? files[file]!.toString('utf8') : undefined;
      assert.equal(texts[i], expected, file);
      if (file in files) assert.equal(texts[i], await textAt(dir, commit, file), `${file}: as git show reads it`);
    }
    assert.ok(texts[asked.indexOf('latin1/TODO.md')]!.includes('\uFFFD'));
  });

  it('answers a git run that cannot even start (an argument holding a NUL) with a failed result, never a rejection', async () => {
    const result = await runGit(dir, ['show', `${commit}:TODO\0.md`]);
    assert.equal(result.code, -1);
    assert.match(result.stderr, /null bytes|NUL|\\0/i);
    assert.equal(await textAt(dir, commit, 'TODO\0.md'), undefined);
  });

  it('reads one file, and none, without a batch', async () => {
    assert.deepEqual(await textsAt(dir, commit, ['TODO.md']), [files['TODO.md']!.toString('utf8')]);
    assert.deepEqual(await textsAt(dir, commit, []), []);
  });

  it('uses the configured identity, else makes the agent author and committer', async () => {
    assert.deepEqual(await committerIdentity(dir, 'agent-b'), {});
    const bare = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-ident-')));
    try {
      git(bare, 'init', '-q', '-b', 'main');
      // Only the name is set here; the machine's own config is kept out (no global or system file, none from the environment).
      git(bare, 'config', 'user.name', 'Dev Name');
      const keys = ['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_PARAMETERS'] as const;
      const saved = keys.map((key) => process.env[key]);
      const emptyGlobal = path.join(bare, 'global-config');
      fs.writeFileSync(emptyGlobal, '');
      Object.assign(process.env, { HOME: bare, XDG_CONFIG_HOME: bare, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: emptyGlobal });
      delete process.env.GIT_CONFIG_COUNT;
      delete process.env.GIT_CONFIG_PARAMETERS;
      try {
        assert.deepEqual(await committerIdentity(bare, 'agent b'), {
          GIT_AUTHOR_NAME: 'Dev Name',
          GIT_AUTHOR_EMAIL: 'agent-b@agent-task-board.invalid',
          GIT_COMMITTER_NAME: 'Dev Name',
          GIT_COMMITTER_EMAIL: 'agent-b@agent-task-board.invalid',
        });
      } finally {
        keys.forEach((key, i) => {
          if (saved[i] === undefined) delete process.env[key];
          else process.env[key] = saved[i];
        });
      }
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
