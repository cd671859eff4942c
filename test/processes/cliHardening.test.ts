// The command line against hostile or mistaken input: symlinks out of the
// root, titles carrying terminal escapes, a closed output pipe, a root that is
// not a folder, an unknown --code, a file that cannot be decoded, a path too
// long for the file system, and a held task deleted behind `check`'s back.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundles, CLI, cli, gitRepo } from './cliRun';

function board(items: readonly string[]): string {
  return ['# TODO', '', '## Tasks', '', '```yaml', ...items, '```', ''].join('\n');
}

function item(id: string, title: string, status = 'todo', agent = ''): string {
  return [`- ${id}: ${title}`, '  priority: medium', `  assigned_agent:${agent ? ` ${agent}` : ''}`, `  status: ${status}`, ''].join('\n');
}

describe('agent-task-board CLI against hostile input', function () {
  this.timeout(120_000);
  const temps: string[] = [];
  const workspace = (files: Record<string, string | Buffer> = {}): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-cli-hard-'));
    temps.push(dir);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };

  before(() => {
    buildBundles();
  });

  after(() => {
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
  });

  it('a symlinked board or folder leading out of the root is neither listed nor moved; naming it is refused', () => {
    const outsideDir = workspace({ 'TODO.md': board([item('OUT_001', '"Outside"')]) });
    const outsideText = fs.readFileSync(path.join(outsideDir, 'TODO.md'), 'utf8');
    const ws = workspace({ 'TODO.md': board([item('TASK_001', '"Inside"')]) });
    fs.mkdirSync(path.join(ws, 'sub'));
    fs.symlinkSync(path.join(outsideDir, 'TODO.md'), path.join(ws, 'sub', 'TODO.md'));
    fs.symlinkSync(outsideDir, path.join(ws, 'linked'), 'dir');
    const listed = cli(ws, 'list', '--json');
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as { id: string }[]).map((t) => t.id), ['TASK_001']);
    assert.equal(cli(ws, 'claim', 'OUT_001', '--agent', 'mallory').status, 2);
    const named = cli(ws, 'claim', 'OUT_001', '--agent', 'mallory', 'sub/TODO.md');
    assert.equal(named.status, 2);
    assert.match(named.stderr, /sub\/TODO\.md resolves to .*outside the workspace root/);
    assert.equal(fs.readFileSync(path.join(outsideDir, 'TODO.md'), 'utf8'), outsideText);
  });

  it('a move on a file no task glob names is refused (exit 2), the file untouched', () => {
    const text = board([item('TASK_001', '"A"')]);
    const ws = workspace({ 'TODO.md': text, 'notes.txt': text });
    const r = cli(ws, 'claim', 'TASK_001', '--agent', 'a', 'notes.txt');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /notes\.txt is not a task file/);
    assert.equal(fs.readFileSync(path.join(ws, 'notes.txt'), 'utf8'), text);
  });

  it('a file named with a name or a path too long for the file system is refused in words (exit 2), nothing written', () => {
    const text = board([item('TASK_001', '"A"')]);
    const ws = workspace({ 'TODO.md': text });
    // Under a folder that does not exist: the file system looks no further than it, and would find nothing too long.
    const longName = `missing/${'a'.repeat(300)}/TODO.md`;
    const longPath = `missing/${`${'b'.repeat(200)}/`.repeat(25)}TODO.md`;
    for (const args of [['list'], ['lint'], ['claim', 'TASK_001', '--agent', 'ann'], ['add', 'A title'], ['log', 'TASK_001', '--append', 'Done']]) {
      const named = cli(ws, ...args, longName);
      assert.equal(named.status, 2, args[0]);
      assert.match(named.stderr, /^missing\/a+\/TODO\.md has a name 300 bytes long in it, longer than the file system allows/, args[0]);
      const deep = cli(ws, ...args, longPath);
      assert.equal(deep.status, 2, args[0]);
      assert.match(deep.stderr, /^missing\/(b+\/)+TODO\.md makes a path \d+ bytes long, longer than the file system allows/, args[0]);
    }
    assert.deepEqual(fs.readdirSync(ws), ['TODO.md']);
    assert.equal(fs.readFileSync(path.join(ws, 'TODO.md'), 'utf8'), text);
  });

  it('claim --agent with a line break is refused (exit 2) and writes nothing', () => {
    const text = board([item('TASK_001', '"A"')]) + '\n## Session History\n\n- 2026-11-01T10:00:00Z planner created the board\n';
    const ws = workspace({ 'TODO.md': text });
    const r = cli(ws, 'claim', 'TASK_001', '--agent', 'alice\n- 2026-11-02T00:00:00Z bob completed TASK_001');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /holds a line break/);
    assert.equal(fs.readFileSync(path.join(ws, 'TODO.md'), 'utf8'), text);
  });

  it('list escapes control characters of titles: no ESC, BEL or NUL reaches the terminal, one row per task', () => {
    const ws = workspace({ 'TODO.md': board([item('TASK_001', '"a\\e[2J\\a\\0 b\\nc\\u202e"'), item('TASK_002', '"plain"')]) });
    const r = cli(ws, 'list');
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u202e]/);
    const rows = r.stdout.trimEnd().split('\n');
    assert.equal(rows.length, 2);
    assert.equal(rows[0], 'TODO.md:6 TASK_001 [todo] a\\e[2J\\x07\\x00 b\\nc\\u202e');
    const asJson = JSON.parse(cli(ws, 'list', '--json').stdout) as { title: string }[];
    assert.equal(asJson[0]!.title, 'a\u001b[2J\u0007\u0000 b\nc\u202e', 'JSON keeps the title as it is');
  });

  it('add prints the board\'s path escaped, and takes no new id from an id holding an escape sequence', () => {
    const dir = 'w\u001b]0;owned\u0007';
    const ws = workspace({ [`${dir}/TODO.md`]: board([item('"\\e]0;owned\\aT1"', '"A"')]) });
    const r = cli(ws, 'add', 'New', `${dir}/TODO.md`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'w\\e]0;owned\\x07/TODO.md:11 TASK_001 added (todo)\n');
    assert.match(fs.readFileSync(path.join(ws, dir, 'TODO.md'), 'utf8'), /^- TASK_001: "New"$/m);
  });

  it('list | head -1 ends quietly: no stack trace, exit 0', () => {
    const items = Array.from({ length: 4000 }, (_, i) => item(`TASK_${i + 1}`, `"Task number ${i + 1} with a title long enough to fill the pipe"`));
    const ws = workspace({ 'TODO.md': board(items) });
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" list | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`], { cwd: ws, encoding: 'utf8' });
    assert.equal(r.stdout, 'TODO.md:6 TASK_1 [todo] Task number 1 with a title long enough to fill the pipe\n');
    assert.equal(r.stderr, 'exit=0\n');
  });

  it('--root that is missing or a file exits 2 with a message; the MCP server does not start on it', () => {
    const ws = workspace({ 'TODO.md': board([item('TASK_001', '"A"')]) });
    for (const root of [path.join(ws, 'missing'), path.join(ws, 'TODO.md')]) {
      for (const args of [['list'], ['lint'], ['claim', 'TASK_001', '--agent', 'a'], ['mcp']]) {
        const r = cli(ws, ...args, '--root', root);
        assert.equal(r.status, 2, `${args.join(' ')} --root ${root}`);
        assert.match(r.stderr, /does not exist|is a file, not a folder/);
        assert.equal(r.stdout, '');
      }
    }
  });

  it('fix --code with an unknown code exits 2 naming the known codes', () => {
    const ws = workspace({ 'TODO.md': board([item('TASK_001', '"A"')]) });
    const r = cli(ws, 'fix', '--code', 'no-such-code');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--code no-such-code is not a problem code\. Known codes: yaml-syntax, .*tab-indent/);
    assert.equal(cli(ws, 'fix', '--code', 'tab-indent').status, 0);
  });

  it('a task file that cannot be decoded is named by list as well as lint', () => {
    const ws = workspace({ 'TODO.md': board([item('TASK_001', '"A"')]), 'docs/TODO.md': Buffer.from([0x2d, 0x20, 0xff, 0x00, 0x0a]) });
    const listed = cli(ws, 'list', '--json');
    assert.equal(listed.status, 0);
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 1);
    assert.match(listed.stderr, /docs\/TODO\.md .*is binary/);
    assert.match(cli(ws, 'lint').stdout, /docs\/TODO\.md.*unreadable-file/);
  });

  it('check reports a claimed or in-progress task deleted since the base (claimed-task-removed)', () => {
    const ws = workspace({
      'TODO.md': board([item('TASK_001', '"Held"', 'claimed', 'alice'), item('TASK_002', '"Working"', 'in_progress', 'bob'), item('TASK_003', '"Open"')]),
      'docs/TODO.md': board([item('DOC_001', '"Held in a file deleted whole"', 'claimed', 'carol'), item('DOC_002', '"Open"')]),
    });
    gitRepo(ws);
    fs.writeFileSync(path.join(ws, 'TODO.md'), board([item('TASK_003', '"Open"')]));
    fs.rmSync(path.join(ws, 'docs'), { recursive: true });
    const r = cli(ws, 'check', '--json');
    assert.equal(r.status, 1, r.stderr);
    const rows = JSON.parse(r.stdout) as { file: string; code: string; message: string }[];
    assert.deepEqual(rows.map((p) => `${p.file} ${p.code}`), ['TODO.md claimed-task-removed', 'TODO.md claimed-task-removed', 'docs/TODO.md claimed-task-removed']);
    assert.match(rows[2]!.message, /DOC_001 \("Held in a file deleted whole"\) was claimed by carol/);
    assert.match(rows.map((p) => p.message).join('\n'), /TASK_001 \("Held"\) was claimed by alice at line 6 and is gone/);
    assert.match(rows.map((p) => p.message).join('\n'), /TASK_002 \("Working"\) was in_progress by bob/);
  });

  it('a board with CR-only line endings is read like LF, moved with CRs kept, and checked', () => {
    const lf = board([item('TASK_001', '"First"'), item('TASK_002', '"Second"')]) + '\n## Session History\n\n- 2026-11-01T10:00:00Z planner created the board\n';
    const cr = lf.replace(/\n/g, '\r');
    const ws = workspace({ 'TODO.md': cr });
    const listed = JSON.parse(cli(ws, 'list', '--json').stdout) as { id: string; line: number }[];
    assert.deepEqual(listed.map((t) => `${t.id}:${t.line}`), ['TASK_001:6', 'TASK_002:11']);
    const claimed = cli(ws, 'claim', 'TASK_001', '--agent', 'alice', '--now', '2026-11-21T10:00:00Z');
    assert.equal(claimed.status, 0, claimed.stderr);
    const after = fs.readFileSync(path.join(ws, 'TODO.md'), 'utf8');
    assert.ok(!after.includes('\n'), 'still CR-only');
    assert.equal(
      after.replace(/\r/g, '\n'),
      lf
        .replace('  assigned_agent:\n  status: todo\n\n- TASK_002', '  assigned_agent: alice\n  status: claimed\n  claimed_at: "2026-11-21T10:00:00Z"\n\n- TASK_002')
        .replace('created the board\n', 'created the board\n- 2026-11-21T10:00:00Z alice claimed TASK_001\n'),
    );
    // A skipped step is caught by check, and a bad status by lint, at the lines an LF board would give.
    fs.writeFileSync(path.join(ws, 'TODO.md'), cr);
    gitRepo(ws);
    fs.writeFileSync(path.join(ws, 'TODO.md'), cr.replace('status: todo', 'status: done'));
    const checked = cli(ws, 'check', '--json');
    assert.equal(checked.status, 1, checked.stdout);
    assert.deepEqual((JSON.parse(checked.stdout) as { code: string; line: number }[]).map((p) => `${p.code}:${p.line}`), ['illegal-transition:9']);
    fs.writeFileSync(path.join(ws, 'TODO.md'), cr.replace('status: todo', 'status: WIP'));
    assert.match(cli(ws, 'lint').stdout, /^TODO\.md:9:11 warning unknown-status Status "WIP" of TASK_001/m);
  });
});
