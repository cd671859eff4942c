// The merge driver for real: `git-setup` on temporary repositories, then
// `git merge`, `git rebase` and `git cherry-pick` running the built CLI
// (`dist/cli.js merge-file`) on TODO.md, checklists and work logs; and sides
// the task merge cannot read, which must come out as `git merge-file` makes them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cwd: string, command: string, ...args: string[]): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cli = (cwd: string, ...args: string[]): Run => run(cwd, process.execPath, CLI, ...args);

function git(cwd: string, ...args: string[]): Run {
  const r = run(cwd, 'git', '-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'core.editor=true', ...args);
  return r;
}

function gitOk(cwd: string, ...args: string[]): string {
  const r = git(cwd, ...args);
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const item = (id: string, status = 'todo', agent = '', title = `Title of ${id}`): string =>
  `- ${id}: "${title}"\n  priority: high\n  assigned_agent: ${agent}\n  status: ${status}`.replace(/: \n/g, ':\n');
const board = (items: readonly string[], history: readonly string[] = []): string =>
  `# Board\n\n\`\`\`yaml\n${items.join('\n\n')}\n\`\`\`\n\n## Session History\n\n${history.map((h) => `- ${h}\n`).join('')}`;

describe('merge driver in real git repositories (dist/cli.js)', function () {
  this.timeout(120_000);
  const temps: string[] = [];
  after(() => {
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
  });

  /** A repository on `main` whose first commit holds `files`, with the driver set up. */
  function repo(files: Record<string, string>, setUp = true): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-merge-'));
    temps.push(dir);
    gitOk(dir, 'init', '-q', '-b', 'main');
    write(dir, files);
    if (setUp) assert.equal(cli(dir, 'git-setup').status, 0);
    gitOk(dir, 'add', '-A');
    gitOk(dir, 'commit', '-q', '-m', 'base');
    return dir;
  }

  function write(dir: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  }

  function commit(dir: string, branch: string, files: Record<string, string>, message: string): void {
    gitOk(dir, 'checkout', '-q', branch);
    write(dir, files);
    gitOk(dir, 'commit', '-q', '-am', message);
  }

  const read = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');

  describe('merge-file', () => {
    it('writes the merge over OURS: exit 0 when clean, 1 with the conflict left in the file, 2 without three files', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-mf-'));
      temps.push(dir);
      const base = board([item('TASK_001'), item('TASK_002')]);
      const files = (ours: string, theirs: string): void => write(dir, { base: base, ours, theirs });
      files(board([item('TASK_001', 'claimed', 'alice'), item('TASK_002')]), board([item('TASK_001'), item('TASK_002', 'claimed', 'bob')]));
      assert.equal(cli(dir, 'merge-file', 'base', 'ours', 'theirs', 'TODO.md').status, 0);
      assert.equal(read(dir, 'ours'), board([item('TASK_001', 'claimed', 'alice'), item('TASK_002', 'claimed', 'bob')]));

      files(board([item('TASK_001', 'claimed', 'alice'), item('TASK_002')]), board([item('TASK_001', 'claimed', 'bob'), item('TASK_002')]));
      assert.equal(cli(dir, 'merge-file', '--marker-size=9', 'base', 'ours', 'theirs', 'TODO.md').status, 1);
      assert.match(read(dir, 'ours'), /^<{9} ours\n- TASK_001[^]*\n={9}\n- TASK_001[^]*\n>{9} theirs\n\n- TASK_002/m);

      // A board whose lines end in CR alone merges task by task too, and keeps its CRs; so do its conflict markers.
      const cr = (text: string): string => text.replace(/\n/g, '\r');
      write(dir, { base: cr(base) });
      files(cr(board([item('TASK_001', 'claimed', 'alice'), item('TASK_002')])), cr(board([item('TASK_001'), item('TASK_002', 'claimed', 'bob')])));
      assert.equal(cli(dir, 'merge-file', 'base', 'ours', 'theirs', 'TODO.md').status, 0);
      assert.equal(read(dir, 'ours'), cr(board([item('TASK_001', 'claimed', 'alice'), item('TASK_002', 'claimed', 'bob')])));
      files(cr(board([item('TASK_001', 'claimed', 'alice'), item('TASK_002')])), cr(board([item('TASK_001', 'claimed', 'bob'), item('TASK_002')])));
      assert.equal(cli(dir, 'merge-file', 'base', 'ours', 'theirs', 'TODO.md').status, 1);
      assert.match(read(dir, 'ours'), /^<{7} ours\r- TASK_001[^]*\r={7}\r- TASK_001[^]*\r>{7} theirs\r\r- TASK_002/m);
      assert.ok(!read(dir, 'ours').includes('\n'));

      const usage = cli(dir, 'merge-file', 'base', 'ours');
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /merge-file needs three files/);
    });
  });

  describe('git-setup', () => {
    it('writes the attributes and the driver once, keeps the bytes already in .gitattributes, and --check says what is missing', () => {
      const dir = repo({ '.gitattributes': '*.png binary\r\n*.sh text eol=lf' }, false);
      const check = cli(dir, 'git-setup', '--check');
      assert.equal(check.status, 1);
      assert.match(check.stdout, /\.gitattributes missing: TODO\.md merge=agent-task-board/);
      assert.match(check.stdout, /git config missing: merge\.agent-task-board\.driver = cli=\S*dist\/cli\.js; if \[ -f "\$cli" \]; then node "\$cli" merge-file %O %A %B %P --marker-size=%L; else /);
      assert.deepEqual(fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'), '*.png binary\r\n*.sh text eol=lf', '--check changes nothing');

      assert.equal(cli(dir, 'git-setup').status, 0);
      assert.equal(
        read(dir, '.gitattributes'),
        '*.png binary\r\n*.sh text eol=lf\r\nTODO.md merge=agent-task-board\r\ntodo.md merge=agent-task-board\r\n**/.claude/tasks/*-tasks.md merge=agent-task-board\r\n*WORK_LOG.md merge=agent-task-board\r\n',
      );
      assert.equal(git(dir, 'check-attr', 'merge', 'sub/dir/TODO.md').stdout.trim(), 'sub/dir/TODO.md: merge: agent-task-board');
      assert.equal(git(dir, 'check-attr', 'merge', 'docs/todo.md').stdout.trim(), 'docs/todo.md: merge: agent-task-board');
      assert.equal(git(dir, 'check-attr', 'merge', 'WORK_LOG.md').stdout.trim(), 'WORK_LOG.md: merge: agent-task-board');
      assert.equal(git(dir, 'check-attr', 'merge', 'pkg/.claude/tasks/alice-tasks.md').stdout.trim(), 'pkg/.claude/tasks/alice-tasks.md: merge: agent-task-board');
      const again = cli(dir, 'git-setup');
      assert.equal(again.status, 0);
      assert.match(again.stdout, /already merge with agent-task-board/);
      assert.equal(cli(dir, 'git-setup', '--check').status, 0);
      assert.equal(read(dir, '.gitattributes').match(/TODO\.md/g)?.length, 1, 'idempotent');
    });

    /** A repository set up with its own node_modules/agent-task-board (a link to this checkout), committed, with a branch `agent`. */
    function repoWithPackage(): string {
      const dir = repo({ 'TODO.md': board([item('TASK_001')]) }, false);
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'agent-task-board'));
      fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
      assert.equal(cli(dir, 'git-setup').status, 0);
      gitOk(dir, 'add', '-A');
      gitOk(dir, 'commit', '-q', '-m', 'set up');
      gitOk(dir, 'branch', 'agent');
      return dir;
    }

    it('names the repository\'s own node_modules/agent-task-board relative to the top (a link kept as a link), and git runs it', () => {
      const dir = repoWithPackage();
      assert.equal(
        gitOk(dir, 'config', '--local', '--get', 'merge.agent-task-board.driver'),
        'cli=node_modules/agent-task-board/dist/cli.js; [ -f "$cli" ] || cli="$(git rev-parse --git-common-dir)/../$cli"; ' +
          'if [ -f "$cli" ]; then node "$cli" merge-file %O %A %B %P --marker-size=%L; ' +
          'else echo "agent-task-board: no $cli (npm install, then git-setup): %P merged line by line" >&2; ' +
          'git merge-file --marker-size=%L -L ours -L base -L theirs %A %O %B; fi\n',
      );
      commit(dir, 'agent', { 'TODO.md': board([item('TASK_001'), item('TASK_003')]) }, 'add 3');
      commit(dir, 'main', { 'TODO.md': board([item('TASK_001'), item('TASK_002')]) }, 'add 2');
      gitOk(path.join(dir, 'node_modules'), 'merge', '-q', '--no-edit', 'agent');
      assert.equal(read(dir, 'TODO.md'), board([item('TASK_001'), item('TASK_002'), item('TASK_003')]));
    });

    it('runs the main worktree\'s package in a linked worktree that has no node_modules, and --check agrees there', () => {
      const dir = repoWithPackage();
      // An agent's worktree: the config is shared, node_modules is not.
      const tree = `${dir}-agent`;
      temps.push(tree);
      gitOk(dir, 'worktree', 'add', '-q', tree, 'agent');
      assert.equal(fs.existsSync(path.join(tree, 'node_modules')), false);
      assert.equal(cli(tree, 'git-setup', '--check').status, 0, 'the same command is wanted from the worktree');
      commit(dir, 'main', { 'TODO.md': board([item('TASK_001', 'claimed', 'alice')]) }, 'claim 1');
      commit(tree, 'agent', { 'TODO.md': board([item('TASK_001'), item('TASK_002')]) }, 'add 2');
      const merged = git(tree, 'merge', '--no-edit', 'main');
      assert.equal(merged.status, 0, merged.stderr + merged.stdout);
      assert.equal(read(tree, 'TODO.md'), board([item('TASK_001', 'claimed', 'alice'), item('TASK_002')]));
      assert.equal(cli(dir, 'git-setup', '--check').status, 0, 'and from the main worktree');
    });

    it('leaves both sides in conflict markers, and says why, when the script is gone', () => {
      const dir = repo({ 'TODO.md': board([item('TASK_001')]) }, false);
      // The package installed outside the repository (its absolute path in the config), then removed.
      const installed = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-installed-'));
      temps.push(installed);
      fs.mkdirSync(path.join(installed, 'dist'));
      for (const name of ['cli.js', 'cli-main.js']) fs.copyFileSync(path.join(path.dirname(CLI), name), path.join(installed, 'dist', name));
      assert.equal(run(dir, process.execPath, path.join(installed, 'dist', 'cli.js'), 'git-setup').status, 0);
      fs.rmSync(installed, { recursive: true });
      gitOk(dir, 'add', '-A');
      gitOk(dir, 'commit', '-q', '-m', 'set up');
      gitOk(dir, 'branch', 'agent');
      commit(dir, 'agent', { 'TODO.md': board([item('TASK_001', 'claimed', 'bob')]) }, 'claim for bob');
      commit(dir, 'main', { 'TODO.md': board([item('TASK_001', 'claimed', 'alice')]) }, 'claim for alice');
      const merged = git(dir, 'merge', '--no-edit', 'agent');
      assert.equal(merged.status, 1, merged.stderr + merged.stdout);
      assert.match(merged.stderr + merged.stdout, /agent-task-board: no \S*dist\/cli\.js \(npm install, then git-setup\): 'TODO\.md' merged line by line/);
      // Both claims are in the file, between git's markers: nothing of either side is lost.
      const text = read(dir, 'TODO.md');
      assert.match(text, /^<{7} ours\n[^]*assigned_agent: alice\n[^]*^={7}\n[^]*assigned_agent: bob\n[^]*^>{7} theirs\n/m);
    });

    it('says when git merges task files otherwise after its lines: a later line, or .git/info/attributes', () => {
      const dir = repo({ 'TODO.md': board([item('TASK_001')]) });
      fs.appendFileSync(path.join(dir, '.gitattributes'), '*.md merge=union\n');
      const check = cli(dir, 'git-setup', '--check');
      assert.equal(check.status, 1);
      assert.match(check.stdout, /^overridden: git merges TODO\.md with merge=union /m);
      assert.match(check.stdout, /^overridden: git merges BACKEND_WORK_LOG\.md with merge=union /m);
      // git-setup has nothing to add, and says the same, with exit 1: the override is the repository's to remove.
      const setUp = cli(dir, 'git-setup');
      assert.equal(setUp.status, 1);
      assert.match(setUp.stdout, /^overridden: git merges TODO\.md with merge=union/m);
      fs.writeFileSync(path.join(dir, '.gitattributes'), fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8').replace('*.md merge=union\n', ''));
      assert.equal(cli(dir, 'git-setup', '--check').status, 0);
      // A nested .gitattributes says so for its folder only: the tracked task files there are asked about too.
      fs.mkdirSync(path.join(dir, 'pkg'));
      fs.writeFileSync(path.join(dir, 'pkg', 'TODO.md'), board([item('TASK_009')]));
      fs.writeFileSync(path.join(dir, 'pkg', '.gitattributes'), '*.md merge=union\n');
      gitOk(dir, 'add', '-A');
      const nested = cli(dir, 'git-setup', '--check');
      assert.equal(nested.status, 1);
      assert.match(nested.stdout, /^overridden: git merges pkg\/TODO\.md with merge=union /m);
      assert.doesNotMatch(nested.stdout, /^overridden: git merges TODO\.md/m);
      fs.rmSync(path.join(dir, 'pkg'), { recursive: true });
      gitOk(dir, 'add', '-A');
      fs.mkdirSync(path.join(dir, '.git', 'info'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.git', 'info', 'attributes'), 'TODO.md -merge\n');
      const info = cli(dir, 'git-setup', '--check');
      assert.equal(info.status, 1);
      assert.match(info.stdout, /^overridden: git merges TODO\.md with merge=unset /m);
    });

    it('with .git/config locked, fails naming it and writes no .gitattributes line a driver is missing for', () => {
      const dir = repo({ 'TODO.md': board([item('TASK_001')]) }, false);
      fs.writeFileSync(path.join(dir, '.git', 'config.lock'), '');
      const r = cli(dir, 'git-setup');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /config/);
      assert.equal(fs.existsSync(path.join(dir, '.gitattributes')), false);
      fs.rmSync(path.join(dir, '.git', 'config.lock'));
      assert.equal(cli(dir, 'git-setup').status, 0);
      assert.equal(cli(dir, 'git-setup', '--check').status, 0);
    });

    it('says so outside a git repository', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-nogit-'));
      temps.push(dir);
      const r = cli(dir, 'git-setup');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /not in a git repository/);
    });
  });

  describe('git merge', () => {
    it('merges tasks both branches appended to one block, a claim on each side of different tasks, and their history lines', () => {
      const dir = repo({ 'TODO.md': board([item('TASK_001'), item('TASK_002')], ['2026-11-01T08:00:00Z planner added tasks']) });
      gitOk(dir, 'branch', 'agent');
      commit(dir, 'agent', { 'TODO.md': board([item('TASK_001', 'claimed', 'alice'), item('TASK_002'), item('TASK_004')], ['2026-11-01T08:00:00Z planner added tasks', '2026-11-02T10:00:00Z alice claimed TASK_001']) }, 'alice claims');
      commit(dir, 'main', { 'TODO.md': board([item('TASK_001'), item('TASK_002', 'claimed', 'bob'), item('TASK_003')], ['2026-11-01T08:00:00Z planner added tasks', '2026-11-02T09:00:00Z bob claimed TASK_002']) }, 'bob claims');
      // from a subdirectory: git runs the driver from the top of the working tree
      fs.mkdirSync(path.join(dir, 'sub'));
      gitOk(path.join(dir, 'sub'), 'merge', '-q', '--no-edit', 'agent');
      assert.equal(
        read(dir, 'TODO.md'),
        board([item('TASK_001', 'claimed', 'alice'), item('TASK_002', 'claimed', 'bob'), item('TASK_003'), item('TASK_004')], [
          '2026-11-01T08:00:00Z planner added tasks',
          '2026-11-02T09:00:00Z bob claimed TASK_002',
          '2026-11-02T10:00:00Z alice claimed TASK_001',
        ]),
      );
    });

    it('stops on two agents claiming one task, with markers around that task only', () => {
      const dir = repo({ 'TODO.md': board([item('TASK_001'), item('TASK_002')]) });
      gitOk(dir, 'branch', 'agent');
      commit(dir, 'agent', { 'TODO.md': board([item('TASK_001', 'claimed', 'alice'), item('TASK_002')]) }, 'alice claims');
      commit(dir, 'main', { 'TODO.md': board([item('TASK_001', 'claimed', 'bob'), item('TASK_002', 'todo', '', 'Renamed on main')]) }, 'bob claims');
      const r = git(dir, 'merge', '--no-edit', 'agent');
      assert.notEqual(r.status, 0);
      assert.match(git(dir, 'status', '--porcelain').stdout, /^UU TODO\.md$/m);
      assert.equal(
        read(dir, 'TODO.md'),
        '# Board\n\n```yaml\n' +
          `<<<<<<< ours\n${item('TASK_001', 'claimed', 'bob')}\n=======\n${item('TASK_001', 'claimed', 'alice')}\n>>>>>>> theirs\n` +
          `\n${item('TASK_002', 'todo', '', 'Renamed on main')}\n\`\`\`\n\n## Session History\n\n`,
      );
    });

    it('merges checklists and work logs of two branches', () => {
      const list = (progress: string, todo: string, done: string): string => `# Alice Tasks\n\n## In Progress\n${progress}\n## To Do\n${todo}\n## Completed\n${done}`;
      const entry = (time: string, what: string): string => `## ${time} — ${what}\n\n**Task Summary**: ${what}.\n`;
      const log = (...entries: string[]): string => `# Backend Work Log\n\n${entries.join('\n---\n\n')}`;
      const e0 = entry('2026-11-01 10:00 UTC', 'Schema (TASK_001)');
      const dir = repo({
        '.claude/tasks/alice-tasks.md': list('', '- [ ] Login endpoint\n- [ ] Rate limit\n', ''),
        'BACKEND_WORK_LOG.md': log(e0),
      });
      gitOk(dir, 'branch', 'agent');
      commit(dir, 'agent', {
        '.claude/tasks/alice-tasks.md': list('', '- [ ] Rate limit\n', '- [x] Login endpoint (completed: 2026-11-03)\n'),
        'BACKEND_WORK_LOG.md': log(e0, entry('2026-11-03 16:00 UTC', 'Login (TASK_002)')),
      }, 'login done');
      commit(dir, 'main', {
        '.claude/tasks/alice-tasks.md': list('- [ ] Login endpoint\n', '- [ ] Rate limit\n- [ ] Audit log\n', ''),
        'BACKEND_WORK_LOG.md': log(e0, entry('2026-11-02 11:00 UTC', 'Audit plan (TASK_003)')),
      }, 'login started');
      gitOk(dir, 'merge', '-q', '--no-edit', 'agent');
      assert.equal(read(dir, '.claude/tasks/alice-tasks.md'), list('', '- [ ] Rate limit\n- [ ] Audit log\n', '- [x] Login endpoint (completed: 2026-11-03)\n'));
      assert.equal(read(dir, 'BACKEND_WORK_LOG.md'), log(e0, entry('2026-11-02 11:00 UTC', 'Audit plan (TASK_003)'), entry('2026-11-03 16:00 UTC', 'Login (TASK_002)')));
    });

    it('the same branches conflict without the driver (what it saves)', () => {
      const dir = repo({ 'TODO.md': board([item('TASK_001')]) }, false);
      gitOk(dir, 'branch', 'agent');
      commit(dir, 'agent', { 'TODO.md': board([item('TASK_001'), item('TASK_003')]) }, 'add 3');
      commit(dir, 'main', { 'TODO.md': board([item('TASK_001'), item('TASK_002')]) }, 'add 2');
      assert.notEqual(git(dir, 'merge', '--no-edit', 'agent').status, 0);
    });
  });

  it('git rebase replays a claim over tasks added upstream without stopping', () => {
    const dir = repo({ 'TODO.md': board([item('TASK_001')]) });
    gitOk(dir, 'branch', 'agent');
    commit(dir, 'agent', { 'TODO.md': board([item('TASK_001', 'claimed', 'alice'), item('TASK_009', 'todo', '', 'Found while working')]) }, 'claim');
    commit(dir, 'agent', { 'TODO.md': board([item('TASK_001', 'in_progress', 'alice'), item('TASK_009', 'todo', '', 'Found while working')]) }, 'start');
    commit(dir, 'main', { 'TODO.md': board([item('TASK_001'), item('TASK_002'), item('TASK_003')]) }, 'plan');
    gitOk(dir, 'checkout', '-q', 'agent');
    gitOk(dir, 'rebase', '-q', 'main');
    assert.equal(read(dir, 'TODO.md'), board([item('TASK_001', 'in_progress', 'alice'), item('TASK_002'), item('TASK_003'), item('TASK_009', 'todo', '', 'Found while working')]));
    assert.equal(gitOk(dir, 'log', '--format=%s').trim().split('\n').join(','), 'start,claim,plan,base');
  });

  it('git cherry-pick brings one claim onto a branch that added tasks', () => {
    const dir = repo({ 'TODO.md': board([item('TASK_001'), item('TASK_002')]) });
    gitOk(dir, 'branch', 'agent');
    commit(dir, 'agent', { 'TODO.md': board([item('TASK_001', 'claimed', 'alice'), item('TASK_002'), item('TASK_005')]) }, 'claim and add');
    commit(dir, 'main', { 'TODO.md': board([item('TASK_001'), item('TASK_002', 'claimed', 'bob'), item('TASK_004')]) }, 'bob');
    gitOk(dir, 'cherry-pick', 'agent');
    assert.equal(read(dir, 'TODO.md'), board([item('TASK_001', 'claimed', 'alice'), item('TASK_002', 'claimed', 'bob'), item('TASK_004'), item('TASK_005')]));
  });

  describe('sides it cannot read', () => {
    /** `git merge-file -p`'s result and exit status on the same three files. */
    function lineMerge(dir: string, base: Buffer, ours: Buffer, theirs: Buffer): { text: Buffer; status: number | null } {
      fs.writeFileSync(path.join(dir, 'b'), base);
      fs.writeFileSync(path.join(dir, 'o'), ours);
      fs.writeFileSync(path.join(dir, 't'), theirs);
      const r = spawnSync('git', ['merge-file', '-p', '-L', 'ours', '-L', 'base', '-L', 'theirs', 'o', 'b', 't'], { cwd: dir });
      return { text: r.stdout, status: r.status };
    }

    it('fall back to git merge-file: the output and exit status are its own (fuzz)', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-fuzz-'));
      temps.push(dir);
      const good = board([item('TASK_001'), item('TASK_002')]);
      const poison = fc.oneof(
        fc.constant(Buffer.from('\0')),
        fc.constant(Buffer.from([0xff, 0xfe, 0xc3])), // not UTF-8
        fc.constant(Buffer.from('<<<<<<< HEAD\n- TASK_003: "x"\n=======\n- TASK_003: "y"\n>>>>>>> other\n')),
        fc.uint8Array({ minLength: 1, maxLength: 40 }).map((a) => Buffer.concat([Buffer.from(a), Buffer.from([0xc0])])), // 0xC0 is never UTF-8
      );
      // A side: the good board with poison spliced in at some line.
      const side = fc.tuple(fc.nat(12), poison, fc.constantFrom('status: claimed', 'status: done', '', 'priority: low')).map(([line, bad, edit]) => {
        const lines = (edit ? good.replace('status: todo', edit) : good).split('\n');
        const at = Math.min(line, lines.length);
        return Buffer.concat([Buffer.from(lines.slice(0, at).join('\n') + '\n'), bad, Buffer.from(lines.slice(at).join('\n'))]);
      });
      const readable = fc.constantFrom(good, good.replace('status: todo', 'status: claimed'), `${good}- extra line\n`).map((t) => Buffer.from(t));
      const sides = fc.oneof(
        fc.tuple(side, readable, readable),
        fc.tuple(readable, side, readable),
        fc.tuple(readable, readable, side),
        fc.tuple(side, side, side),
      );
      let fellBack = 0;
      fc.assert(
        fc.property(sides, ([base, ours, theirs]) => {
          const expected = lineMerge(dir, base, ours, theirs);
          fs.writeFileSync(path.join(dir, 'TB'), base);
          fs.writeFileSync(path.join(dir, 'TO'), ours);
          fs.writeFileSync(path.join(dir, 'TT'), theirs);
          const r = cli(dir, 'merge-file', 'TB', 'TO', 'TT', 'TODO.md');
          assert.match(r.stderr, /TODO\.md: .*merging it line by line \(git merge-file\)/);
          fellBack++;
          if (expected.status !== null && expected.status > 127) {
            // git refuses binary files: ours stays as it was and the merge is left to a person
            assert.deepEqual(fs.readFileSync(path.join(dir, 'TO')), ours);
            assert.notEqual(r.status, 0);
            assert.match(r.stderr, /git merge-file failed: .*binary/);
            return;
          }
          assert.deepEqual(fs.readFileSync(path.join(dir, 'TO')), expected.text);
          assert.equal(r.status === 0, expected.status === 0);
        }),
        { numRuns: 40, seed: 14 },
      );
      assert.equal(fellBack, 40);
    });

    it('in a real merge, a side with committed conflict markers is merged by lines, losing nothing', () => {
      const marked = `${board([item('TASK_001')])}<<<<<<< HEAD\nold\n=======\nnew\n>>>>>>> x\n`;
      const dir = repo({ 'TODO.md': marked });
      gitOk(dir, 'branch', 'agent');
      commit(dir, 'agent', { 'TODO.md': marked.replace('status: todo', 'status: claimed').replace('assigned_agent:', 'assigned_agent: alice') }, 'claim');
      commit(dir, 'main', { 'TODO.md': `${marked}tail line\n` }, 'tail');
      gitOk(dir, 'merge', '-q', '--no-edit', 'agent');
      assert.equal(read(dir, 'TODO.md'), `${marked.replace('status: todo', 'status: claimed').replace('assigned_agent:', 'assigned_agent: alice')}tail line\n`);
    });
  });
});
