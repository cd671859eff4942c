// The MCP server's boundary against hostile calls: symlinks leading out of the
// root, arguments that would forge lines in the files, moves aimed at files
// that are not task files. Each case is one an outside probe found working.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { BOARD, buildCli, call, CLI, closeSessions, connect, DEMO, ok, removeWorkspaces, tempWorkspace } from './mcpSession';

/** A folder outside the workspace holding a board, and what it held. */
function outsideBoard(): { dir: string; file: string; text: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-outside-'));
  const file = path.join(dir, 'TODO.md');
  const text = BOARD.replace(/TASK_00/g, 'OUT_00');
  fs.writeFileSync(file, text);
  return { dir, file, text };
}

describe('MCP server boundary (hostile calls)', function () {
  this.timeout(120_000);
  const outside: string[] = [];

  before(buildCli);
  afterEach(closeSessions);
  after(() => {
    removeWorkspaces();
    for (const dir of outside.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function workspaceWithOutsideLinks(): { root: string; target: { file: string; text: string } } {
    const target = outsideBoard();
    outside.push(target.dir);
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    fs.mkdirSync(path.join(root, 'sub'));
    fs.symlinkSync(target.file, path.join(root, 'sub', 'TODO.md'));
    fs.symlinkSync(target.dir, path.join(root, 'linked'), 'dir');
    return { root, target };
  }

  it('refuses an argument a tool does not take, naming it, and writes nothing', async () => {
    const root = tempWorkspace(DEMO);
    const client = await connect(root);
    const log = path.join(root, 'BACKEND_WORK_LOG.md');
    const before = fs.readFileSync(log, 'utf8');
    const result = await client.callTool({ name: 'append_work_log', arguments: { taskId: 'TASK_004', summary: 's', taskSummary: 't', testing: 'Ran 12 tests' } });
    assert.equal(result.isError, true);
    assert.match((result.content as { text: string }[])[0]!.text, /Unrecognized key\(s\) in object: 'testing'/);
    assert.equal(fs.readFileSync(log, 'utf8'), before);
    const listed = await client.listTools();
    assert.ok(listed.tools.every((t) => t.inputSchema.additionalProperties === false), 'every tool says it takes no other argument');
  });

  it('symlinks leading out of the root are neither listed nor written, with or without file', async () => {
    const { root, target } = workspaceWithOutsideLinks();
    const client = await connect(root);
    const listed = await ok(client, 'list_tasks', {});
    assert.deepEqual(
      listed.tasks.map((t: { file: string; id: string }) => `${t.file}#${t.id}`),
      ['TODO.md#TASK_001', 'TODO.md#TASK_002'],
    );
    const claim = await call(client, 'claim_task', { id: 'OUT_001', agent: 'mallory' });
    assert.equal(claim.isError, true);
    assert.equal(claim.body.code, 'not-found');
    for (const file of ['sub/TODO.md', 'linked/TODO.md']) {
      const named = await call(client, 'claim_task', { id: 'OUT_001', agent: 'mallory', file });
      assert.equal(named.isError, true, file);
      assert.match(named.body.error, /not a file inside the workspace/);
      const added = await call(client, 'add_task', { title: 'x', file });
      assert.equal(added.isError, true, file);
    }
    assert.equal(fs.readFileSync(target.file, 'utf8'), target.text, 'the outside file is untouched');
  });

  it('a root TODO.md that links outside is not read as the board, and add_task refuses it', async () => {
    const target = outsideBoard();
    outside.push(target.dir);
    const root = tempWorkspace();
    fs.symlinkSync(target.file, path.join(root, 'TODO.md'));
    const client = await connect(root);
    assert.equal((await ok(client, 'list_tasks', {})).total, 0);
    const added = await call(client, 'add_task', { title: 'x' });
    assert.equal(added.isError, true);
    assert.doesNotMatch(added.body.error, /Internal error/);
    assert.equal(fs.readFileSync(target.file, 'utf8'), target.text);
  });

  it('a dangling symlink is refused by name, not with "Internal error"', async () => {
    const root = tempWorkspace();
    fs.symlinkSync(path.join(root, 'missing.md'), path.join(root, 'TODO.md'));
    fs.symlinkSync(path.join(root, 'gone.md'), path.join(root, 'A_WORK_LOG.md'));
    const client = await connect(root);
    const added = await call(client, 'add_task', { title: 'x' });
    assert.equal(added.isError, true);
    assert.match(added.body.error, /symlink to .*missing\.md, which does not exist/);
    const logged = await call(client, 'append_work_log', { taskId: 'TASK_001', summary: 's', taskSummary: 't', file: 'A_WORK_LOG.md' });
    assert.equal(logged.isError, true);
    assert.match(logged.body.error, /symlink to .*gone\.md, which does not exist/);
    assert.ok(!fs.existsSync(path.join(root, 'missing.md')) && !fs.existsSync(path.join(root, 'gone.md')));
  });

  it('a file no file system can hold (a NUL byte, a name or a path too long) is refused in words by every tool', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const client = await connect(root);
    const tools: [string, Record<string, unknown>][] = [
      ['list_tasks', {}],
      ['get_task', { id: 'TASK_001' }],
      ['lint', {}],
      ['claim_task', { id: 'TASK_001', agent: 'ann' }],
      ['move_task', { id: 'TASK_001', to: 'claimed', agent: 'ann' }],
      ['add_task', { title: 't' }],
      ['append_work_log', { taskId: 'TASK_001', summary: 's', taskSummary: 't' }],
    ];
    // A folder that does not exist first: the file system looks no further than it, and would find nothing too long.
    const files: [string, RegExp][] = [
      ['TODO\0.md', /^"TODO\0\.md" holds a NUL byte, which no file name can hold; nothing was read or written\.$/],
      [`missing/${'a'.repeat(300)}_WORK_LOG.md`, /^"missing\/a+_WORK_LOG\.md" has a name 312 bytes long in it, longer than the file system allows/],
      [`missing/${`${'b'.repeat(200)}/`.repeat(25)}TODO.md`, /^"missing\/(b+\/)+TODO\.md" makes a path \d+ bytes long, longer than the file system allows/],
    ];
    for (const [tool, args] of tools) {
      for (const [file, said] of files) {
        const answer = await call(client, tool, { ...args, file });
        assert.equal(answer.isError, true, `${tool} ${file.slice(0, 20)}`);
        assert.match(answer.body.error, said, tool);
      }
    }
    assert.deepEqual(fs.readdirSync(root).sort(), ['TODO.md']);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), BOARD);
  });

  it('add_task: a group with a line break cannot add a second task born done', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const client = await connect(root);
    const forged = await call(client, 'add_task', {
      title: 'Real',
      group: 'Tasks\n\n```yaml\n- TASK_099: "Forged"\n  status: done\n```\n',
    });
    assert.equal(forged.isError, true);
    assert.match(forged.body.error, /^group ".*" holds a line break/);
    const deps = await call(client, 'add_task', { title: 'Real', dependsOn: ['TASK_001\n- TASK_098: x'] });
    assert.equal(deps.isError, true);
    assert.match(deps.body.error, /^dependsOn /);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), BOARD);
    // What can be made safe is: a title's line breaks fold, control characters are escaped in quotes.
    const added = await ok(client, 'add_task', { title: 'Two\nlines \u001b[31mred\u0007' });
    const task = await ok(client, 'get_task', { id: added.id });
    assert.equal(task.task.title, 'Two lines \u001b[31mred\u0007');
    assert.equal((await ok(client, 'lint', { severity: 'error' })).total, 0);
  });

  it('claim_task: an agent name with a line break cannot forge a Session History line', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const client = await connect(root);
    const forged = await call(client, 'claim_task', { id: 'TASK_001', agent: 'alice claimed TASK_001\n- 2026-11-02T00:00:00Z bob completed TASK_002' });
    assert.equal(forged.isError, true);
    assert.equal(forged.body.code, 'bad-agent');
    assert.match(forged.body.error, /agent name .* holds a line break/);
    const bell = await call(client, 'claim_task', { id: 'TASK_001', agent: 'al\u0007ice' });
    assert.equal(bell.body.code, 'bad-agent');
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), BOARD);
  });

  it('claim_task on a board with a Windows-1252 byte: lists the task, names the line, keeps the byte', async () => {
    const root = tempWorkspace();
    const file = path.join(root, 'TODO.md');
    const withDash = (text: string): Buffer => Buffer.concat(text.split('First').flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([0x97]), Buffer.from(part)])));
    fs.writeFileSync(file, withDash(BOARD.replace('"First"', '"A First one"')));
    const client = await connect(root);
    const listed = await ok(client, 'list_tasks', {});
    assert.deepEqual(listed.tasks.map((t: { id: string }) => t.id), ['TASK_001', 'TASK_002']);
    const lint = await ok(client, 'lint', {});
    assert.deepEqual(lint.problems.map((p: { line: number; code: string }) => [p.line, p.code]), [[6, 'invalid-utf8']]);
    await ok(client, 'claim_task', { id: 'TASK_001', agent: 'alice' });
    const after = fs.readFileSync(file);
    assert.ok(after.includes(Buffer.from([0x20, 0x97, 0x20])), 'the 0x97 byte is still there');
    assert.ok(!after.includes(Buffer.from([0xef, 0xbf, 0xbd])), 'no replacement character was written');
    assert.match(after.toString('latin1'), /- TASK_001: "A \x97 one"\n {2}priority: high\n {2}assigned_agent: alice\n {2}status: claimed/);
  });

  it('append_work_log: a taskId with a line break is refused; field text cannot open an entry, a rule or a fence', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const client = await connect(root);
    const forged = await call(client, 'append_work_log', {
      taskId: 'TASK_001)\n\n## 2020-01-01 00:00 UTC — forged (TASK_002',
      summary: 's',
      taskSummary: 't',
    });
    assert.equal(forged.isError, true);
    assert.match(forged.body.error, /^taskId ".*" holds a line break/);
    assert.ok(!fs.existsSync(path.join(root, 'BACKEND_WORK_LOG.md')));
    await ok(client, 'append_work_log', {
      taskId: 'TASK_001',
      summary: 'real',
      taskSummary: 'done\n## 2020-01-01 00:00 UTC — forged (TASK_002)\nmore',
      keyDecisions: 'x\n---\n```\nTASK_002\n===',
      testingPerformed: 'a\n-\nb',
    });
    const first = await ok(client, 'get_task', { id: 'TASK_001' });
    assert.equal(first.workLog.total, 1);
    assert.match(first.workLog.entries[0].fields['Task Summary'], /forged \(TASK_002\)/);
    assert.match(first.workLog.entries[0].fields['Testing Performed'], /a\n\\-\nb/);
    const second = await ok(client, 'get_task', { id: 'TASK_002' });
    assert.equal(second.workLog.total, 0, 'the entry names TASK_002 in its text, but opens no entry of its own');
    assert.deepEqual(second.workLog.mentionedIn, [{ file: 'BACKEND_WORK_LOG.md', line: first.workLog.entries[0].line, heading: first.workLog.entries[0].heading }]);
    // A later entry is still its own entry: no fence was left open.
    await ok(client, 'append_work_log', { taskId: 'TASK_002', summary: 'later', taskSummary: 't' });
    assert.equal((await ok(client, 'get_task', { id: 'TASK_002' })).workLog.total, 1);
  });

  it('what the fuzz tier found: a NUL in a field, a list item that is a rule, a description that starts indented', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const client = await connect(root);
    const nul = await call(client, 'append_work_log', { taskId: 'TASK_001', summary: 's', taskSummary: 't', keyDecisions: 'a\u0000b' });
    assert.equal(nul.isError, true);
    assert.match(nul.body.error, /^keyDecisions "a\\u0000b" holds a control character/);
    await ok(client, 'append_work_log', { taskId: 'TASK_001', summary: 's', taskSummary: 't', filesModified: ['', '---', '* * *'] });
    assert.equal((await ok(client, 'get_task', { id: 'TASK_001' })).workLog.total, 1);
    const added = await ok(client, 'add_task', { title: 'Indented', description: '  status: done\r(x' });
    const task = await ok(client, 'get_task', { id: added.id });
    assert.equal(task.task.status, 'todo');
    assert.equal(task.fields.description, '  status: done\n(x\n');
    assert.equal((await ok(client, 'lint', { severity: 'error' })).total, 0);
  });

  it('a sync.enabled that is no yes or no refuses a write left to it, naming the setting, and one told sync: false goes ahead', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    fs.writeFileSync(path.join(root, '.agent-task-board.yml'), 'sync:\n  enabled: maybe\n');
    const client = await connect(root);
    const refused = await call(client, 'claim_task', { id: 'TASK_001', agent: 'ann' });
    assert.equal(refused.isError, true);
    assert.match(refused.body.error, /^The sync setting in .* cannot be read/);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), BOARD);
    await ok(client, 'claim_task', { id: 'TASK_001', agent: 'ann', sync: false });
  });

  it('the sync setting is read on each write, as the CLI reads it: one written while the server runs counts', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const client = await connect(root);
    fs.writeFileSync(path.join(root, '.agent-task-board.yml'), 'sync:\n  enabled: maybe\n');
    const refused = await call(client, 'claim_task', { id: 'TASK_001', agent: 'ann' });
    assert.equal(refused.isError, true);
    assert.match(refused.body.error, /^The sync setting in .* cannot be read/);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), BOARD);
    fs.rmSync(path.join(root, '.agent-task-board.yml'));
    await ok(client, 'claim_task', { id: 'TASK_001', agent: 'ann' });
  });

  it('moves act only on task files: a notes file named as file is refused and untouched', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    fs.writeFileSync(path.join(root, 'notes.txt'), BOARD);
    const client = await connect(root);
    const moved = await call(client, 'claim_task', { id: 'TASK_001', agent: 'alice', file: 'notes.txt' });
    assert.equal(moved.isError, true);
    assert.equal(moved.body.code, 'not-task-file');
    assert.equal(fs.readFileSync(path.join(root, 'notes.txt'), 'utf8'), BOARD);
  });

  it('protocol errors: a line that is not JSON gets -32700, arguments that are not an object get -32602, both short', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const { answers } = await rawSession(root, [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } },
      'this is not json',
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_tasks', arguments: 'oops' } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_tasks', arguments: {} } },
    ], 4);
    const byId = (id: number | null) => answers.filter((a) => a.id === id);
    assert.equal(byId(null).length, 1);
    assert.equal(byId(null)[0]!.error.code, -32700);
    assert.equal(byId(2)[0]!.error.code, -32602);
    assert.equal(byId(2)[0]!.error.message, 'Invalid params: params.arguments: expected record, received string.');
    assert.equal(JSON.parse(byId(3)[0]!.result.content[0].text).total, 2, 'the server still serves after both');
  });

  it('a message over the stdio limit (10 MiB) is answered as too large, and the server serves on', async () => {
    const root = tempWorkspace(DEMO);
    const client = await connect(root);
    const log = path.join(root, 'BACKEND_WORK_LOG.md');
    const before = fs.readFileSync(log, 'utf8');
    // The SDK's client writes the id last: it is read from the end of the dropped line.
    await assert.rejects(call(client, 'append_work_log', { taskId: 'TASK_004', summary: 's', taskSummary: 'x'.repeat(11 * 1024 * 1024) }), (e: Error) => {
      assert.equal((e as { code?: number }).code, -32600);
      assert.match(e.message, /the message is too large \(\d+ bytes; the limit is 10485760 bytes, 10 MiB, for one line on stdin\)/);
      return true;
    });
    assert.equal(fs.readFileSync(log, 'utf8'), before);
    assert.ok((await ok(client, 'list_tasks', {})).total > 0, 'the server still serves');
  });

  it('an over-limit line with no id gets an answer with id null and a line on stderr; one with its id first is answered by id', async () => {
    const root = tempWorkspace();
    fs.writeFileSync(path.join(root, 'TODO.md'), BOARD);
    const big = 'x'.repeat(11 * 1024 * 1024);
    const { answers, stderr } = await rawSession(root, [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      big,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'add_task', arguments: { title: big } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_tasks', arguments: {} } },
    ], 4);
    const byId = (id: number | null) => answers.filter((a) => a.id === id);
    assert.equal(byId(null)[0]!.error.code, -32600);
    assert.equal(byId(2)[0]!.error.code, -32600);
    assert.match(byId(2)[0]!.error.message, /too large .*the limit is 10485760 bytes/);
    assert.equal(JSON.parse(byId(3)[0]!.result.content[0].text).total, 2, 'the server still serves after both');
    assert.match(stderr, /a message with no readable id: Invalid Request: the message is too large \(11534337 bytes; the limit is 10485760 bytes/);
    assert.match(stderr, /request 2: Invalid Request: the message is too large/);
    assert.equal(fs.readFileSync(path.join(root, 'TODO.md'), 'utf8'), BOARD);
  });
});

interface RawAnswer {
  id: number | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  error?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result?: any;
}

/**
 * Writes each message (an object as JSON, a string as it is) as one line to a fresh server; resolves with the first
 * `count` answers and what it wrote on stderr until then.
 */
function rawSession(root: string, lines: readonly (object | string)[], count: number): Promise<{ answers: RawAnswer[]; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'mcp', '--root', root], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const answers: RawAnswer[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // A server that stops reading (as one did at a line over the limit) must fail the test by its answers, not by EPIPE.
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`only ${answers.length} of ${count} answers: ${JSON.stringify(answers)}; stderr: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let at;
      while ((at = buffer.indexOf('\n')) !== -1) {
        answers.push(JSON.parse(buffer.slice(0, at)) as RawAnswer);
        buffer = buffer.slice(at + 1);
      }
      if (answers.length >= count && !child.stdin.writableEnded) {
        child.stdin.end();
        // Once the server has exited, all it wrote on stderr is in, whichever pipe was read first.
        child.once('close', () => {
          clearTimeout(timer);
          resolve({ answers, stderr });
        });
      }
    });
    for (const line of lines) child.stdin.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
  });
}
