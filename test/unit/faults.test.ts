// Faults on the command-line side: each one gets a clear message naming the
// file, and no byte of user data is lost. Read-only, binary and non-UTF-8
// files are refused before any write; a file deleted while a writer waits for
// its lock is reported, not recreated; node_modules and symlink loops are
// never walked; a work log naming unknown tasks lists its entries unlinked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import { discoverFiles } from '../../src/cli/discoverFiles';
import { acquireLock, lockedUpdate, WriteRefusedError } from '../../src/node/lockedWrite';
import { listTasks, workLogFor } from '../../src/cli/operations';
import { TaskIndex } from '../../src/core/taskIndex';

const BOARD = [
  '# TODO',
  '',
  '```yaml',
  '- TASK_001: "Write the parser"',
  '  priority: high',
  '  assigned_agent:',
  '  status: todo',
  '',
  '- TASK_002: "Ship the résumé export"',
  '  priority: low',
  '  assigned_agent:',
  '  status: todo',
  '```',
  '',
].join('\n');

interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function cli(root: string, ...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await run([...argv, '--root', root], root, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('faults: command line', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-faults-'));
  });

  afterEach(() => {
    // rmSync does not follow links, so the loops go with their folder. The
    // read-only board sits at the top level (its folder stays writable).
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('fix locks only files with fixes, names a read-only one, and still fixes the others', async () => {
    const wip = BOARD.replace('  assigned_agent:\n  status: todo\n\n- TASK_002', '  assigned_agent: x\n  status: WIP\n\n- TASK_002');
    fs.mkdirSync(path.join(root, 'a'));
    fs.mkdirSync(path.join(root, 'b'));
    fs.writeFileSync(path.join(root, 'a', 'TODO.md'), wip);
    fs.chmodSync(path.join(root, 'a', 'TODO.md'), 0o444);
    fs.writeFileSync(path.join(root, 'b', 'TODO.md'), wip);
    // A Latin-1 work log with nothing to fix: never locked, never refused.
    const latin1 = Buffer.from('# Log\n\n## 2026-11-02 caf\xe9\n', 'latin1');
    fs.writeFileSync(path.join(root, 'A_WORK_LOG.md'), latin1);
    const r = await cli(root, 'fix');
    assert.equal(r.code, 3, r.err);
    assert.match(r.err, /a\/TODO\.md: is read-only/);
    assert.doesNotMatch(r.err, /WORK_LOG/);
    assert.equal(r.out, `b/TODO.md:${wip.split('\n').indexOf('  status: WIP') + 1} unknown-status TASK_001: Change status to in_progress\n`);
    assert.equal(fs.readFileSync(path.join(root, 'a', 'TODO.md'), 'utf8'), wip);
    assert.equal(fs.readFileSync(path.join(root, 'b', 'TODO.md'), 'utf8'), wip.replace('status: WIP', 'status: in_progress'));
    assert.deepEqual(fs.readFileSync(path.join(root, 'A_WORK_LOG.md')), latin1);
    fs.chmodSync(path.join(root, 'a', 'TODO.md'), 0o644);
  });

  it('refuses to claim in a read-only board, names the file, and leaves it byte for byte', async () => {
    const file = path.join(root, 'TODO.md');
    fs.writeFileSync(file, BOARD);
    fs.chmodSync(file, 0o444);
    const r = await cli(root, 'claim', 'TASK_001', '--agent', 'backend-engineer');
    assert.notEqual(r.code, 0);
    assert.match(r.err, /TODO\.md: is read-only/);
    assert.match(r.err, /nothing was written/);
    assert.doesNotMatch(r.err, /\n\s+at /, 'a message, not a stack trace');
    assert.equal(fs.readFileSync(file, 'utf8'), BOARD);
    assert.equal(fs.statSync(file).mode & 0o777, 0o444);
    assert.equal(fs.existsSync(`${file}.lock`), false, 'the lock was released');
  });

  it('claims on a board with bytes that are not UTF-8 (Latin-1), keeping every other byte', async () => {
    const file = path.join(root, 'TODO.md');
    const latin1 = Buffer.from(BOARD, 'latin1'); // "résumé" as single bytes 0xE9: invalid UTF-8
    fs.writeFileSync(file, latin1);
    const r = await cli(root, 'claim', 'TASK_001', '--agent', 'backend-engineer');
    assert.equal(r.code, 0, r.err);
    const claimed = BOARD.replace('  assigned_agent:\n  status: todo', '  assigned_agent: backend-engineer\n  status: claimed');
    assert.notEqual(claimed, BOARD);
    // Every byte read back as Latin-1: the claim's fields (and its claimed_at stamp) changed, the 0xE9 bytes did not.
    const after = fs.readFileSync(file).toString('latin1');
    assert.match(after, /\n {2}claimed_at: "\d{4}-[^"]+"/);
    assert.equal(after.replace(/\n {2}claimed_at: "[^"]*"/, ''), claimed);
  });

  it('refuses to write a binary file with a board name, keeping every byte', async () => {
    const file = path.join(root, 'TODO.md');
    const binary = Buffer.concat([Buffer.from(BOARD), Buffer.from([0, 1, 2, 0xff, 0])]);
    fs.writeFileSync(file, binary);
    const r = await cli(root, 'claim', 'TASK_001', '--agent', 'backend-engineer');
    assert.notEqual(r.code, 0);
    assert.match(r.err, /TODO\.md matches a task-file glob but is binary \(it holds NUL bytes\); it was not read\. Nothing was written\./);
    assert.deepEqual(fs.readFileSync(file), binary);
  });

  it('list and lint name a binary board instead of parsing it, and read a board with stray bytes, naming each line', async () => {
    fs.mkdirSync(path.join(root, 'bin'));
    fs.mkdirSync(path.join(root, 'latin'));
    fs.writeFileSync(path.join(root, 'bin', 'TODO.md'), Buffer.concat([Buffer.from(BOARD), Buffer.from([0, 1, 2, 0])]));
    fs.writeFileSync(path.join(root, 'latin', 'TODO.md'), Buffer.from(BOARD.replace('résumé', 'r\u00e9sum\u00e9'), 'latin1'));
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const list = await cli(root, 'list', '--json');
    assert.equal(list.code, 0, list.err);
    assert.deepEqual(
      (JSON.parse(list.out) as { file: string; id: string }[]).map((t) => `${t.file} ${t.id}`),
      ['TODO.md TASK_001', 'TODO.md TASK_002', 'latin/TODO.md TASK_001', 'latin/TODO.md TASK_002'],
    );
    const lint = await cli(root, 'lint', '--json');
    assert.equal(lint.code, 1);
    const rows = JSON.parse(lint.out) as { file: string; line: number; column: number; code: string; message: string }[];
    assert.deepEqual(
      rows.map((r) => `${r.file}:${r.line}:${r.column} ${r.code}`),
      ['bin/TODO.md:1:1 unreadable-file', 'latin/TODO.md:9:24 invalid-utf8'],
    );
    assert.match(rows[0]!.message, /bin\/TODO\.md matches a task-file glob but is binary/);
    assert.match(rows[1]!.message, /^latin\/TODO\.md:9: this line holds 2 bytes that are not UTF-8 \(0xE9\)/);
  });

  it('keeps a BOM and CRLF through a claim (the strict decode does not eat the BOM)', async () => {
    const file = path.join(root, 'TODO.md');
    const text = `\uFEFF${BOARD.replace(/\n/g, '\r\n')}`;
    fs.writeFileSync(file, text);
    const r = await cli(root, 'claim', 'TASK_001', '--agent', 'backend-engineer', '--no-history', '--no-stamps');
    assert.equal(r.code, 0, r.err);
    const after = fs.readFileSync(file, 'utf8');
    assert.ok(after.startsWith('\uFEFF# TODO\r\n'));
    assert.equal(after, text.replace('  assigned_agent:\r\n  status: todo', '  assigned_agent: backend-engineer\r\n  status: claimed'));
  });

  it('reports a board deleted while the writer waited for its lock, and does not recreate it', async () => {
    const file = path.join(root, 'TODO.md');
    fs.writeFileSync(file, BOARD);
    const release = await acquireLock(file, `${file}.lock`, {});
    let decided = false;
    const pending = lockedUpdate(file, (text) => ((decided = true), { write: true, text: `${text}changed\n`, result: 'written' }), { timeoutMs: 5000 });
    fs.unlinkSync(file);
    release();
    await assert.rejects(pending, (err: unknown) => {
      assert.ok(err instanceof WriteRefusedError);
      assert.match(err.message, /TODO\.md: no longer exists \(deleted or renamed meanwhile\); nothing was written/);
      return true;
    });
    assert.equal(decided, false);
    assert.equal(fs.existsSync(file), false, 'the deleted board was not recreated');
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });

  it('a board renamed before the move is named in the message when asked for by its old name', async () => {
    const file = path.join(root, 'TODO.md');
    fs.writeFileSync(file, BOARD);
    fs.renameSync(file, path.join(root, 'DONE.md'));
    const r = await cli(root, 'claim', 'TASK_001', '--agent', 'a', 'TODO.md');
    assert.notEqual(r.code, 0);
    assert.match(r.err, /TODO\.md: cannot be read \(ENOENT\)/);
    assert.equal(fs.readFileSync(path.join(root, 'DONE.md'), 'utf8'), BOARD);
  });

  it('never walks node_modules, and ends on a symlink loop', () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    fs.mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', 'pkg', 'TODO.md'), BOARD.replace(/TASK_/g, 'DEP_'));
    fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'b', 'loop'), 'dir');
    fs.symlinkSync(root, path.join(root, 'a', 'up'), 'dir');
    fs.writeFileSync(path.join(root, 'a', 'b', 'TODO.md'), BOARD.replace(/TASK_/g, 'SUB_'));
    const found = discoverFiles(root).map((f) => f.relative);
    assert.deepEqual(found, ['TODO.md', 'a/b/TODO.md']);
    const ids = listTasks({ root }).map((t) => t.id);
    assert.deepEqual(ids, ['TASK_001', 'TASK_002', 'SUB_001', 'SUB_002']);
  });

  it('lists work-log entries that name unknown tasks, linked to none', async () => {
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const log = [
      '# Backend work log',
      '',
      '## 2026-11-20 10:00 — TASK_404',
      '',
      '**Task Summary:** Worked on TASK_404 and GHOST-7, which no board holds.',
      '',
      '## 2026-11-20 11:00 — TASK_001',
      '',
      '**Task Summary:** Started the parser (TASK_001).',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(root, 'BACKEND_WORK_LOG.md'), log);
    const index = new TaskIndex();
    index.set('TODO.md', 'board', BOARD);
    index.set('BACKEND_WORK_LOG.md', 'worklog', log);
    assert.equal(index.entries().length, 2);
    const linked = new Set(index.tasks().flatMap((t) => index.entriesFor(t)));
    const unlinked = index.entries().filter((e) => !linked.has(e));
    assert.equal(unlinked.length, 1);
    assert.match(unlinked[0]!.markdown, /TASK_404/);

    const forKnown = workLogFor({ root, id: 'TASK_001' });
    assert.equal(forKnown.entries.length, 1);
    assert.match(forKnown.entries[0]!.markdown, /Started the parser/);
    // An id no task file holds: its entries are listed, and the command says the task is not there.
    const r = await cli(root, 'log', 'TASK_404');
    assert.equal(r.code, 0);
    assert.match(r.err, /^No task TASK_404 in the task files/);
    assert.match(r.out, /## 2026-11-20 10:00 — TASK_404/);
    assert.doesNotMatch(r.out, /Started the parser/);
    const lint = await cli(root, 'lint', '--json');
    assert.doesNotMatch(lint.err, /\n\s+at /);
    assert.ok(Array.isArray(JSON.parse(lint.out)));
  });

  it('a claim while another program is halfway through an unlocked write waits for the whole board, not "No task"', async () => {
    const board = path.join(root, 'TODO.md');
    const full = BOARD + '\n## Notes\n\n' + 'a note line\n'.repeat(40);
    fs.writeFileSync(board, full);
    // The other program truncates, writes the part without TASK_002, then the rest in pieces.
    const fd = fs.openSync(board, 'w');
    const cut = full.indexOf('- TASK_002');
    fs.writeSync(fd, full.slice(0, cut));
    const rest = full.slice(cut);
    const writer = new Promise<void>((resolve) => {
      let at = 0;
      const timer = setInterval(() => {
        fs.writeSync(fd, rest.slice(at, at + 80));
        at += 80;
        if (at >= rest.length) {
          clearInterval(timer);
          fs.closeSync(fd);
          resolve();
        }
      }, 10);
    });
    const r = await cli(root, 'claim', 'TASK_002', '--agent', 'alice', '--no-history');
    await writer;
    assert.equal(r.code, 0, r.err);
    assert.match(fs.readFileSync(board, 'utf8'), /- TASK_002: "Ship the résumé export"\n  priority: low\n  assigned_agent: alice\n  status: claimed/);
    assert.match(fs.readFileSync(board, 'utf8'), /## Notes\n\n(a note line\n){40}$/);
  });
});
