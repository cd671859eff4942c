// Faults in the real extension host, each with a clear message and no data
// lost: a board deleted or renamed while open or while a move waits for the
// lock; a read-only board; binary and non-UTF-8 files with a board's name; a
// 50 MB board; globs reaching node_modules and a symlink loop; a work log that
// names tasks no board holds.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { acquireLock } from '../../src/node/lockedWrite';
import type { StoreState } from '../../src/extension/diagnosticsCommands';
import type { MoveResult } from '../../src/extension/taskMover';
import type { TreeSnapshot } from '../../src/extension/tree/registerTaskTree';
import { nudgeRescan, waitFor } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

const board = (prefix: string): string =>
  `# Faults\n\n\`\`\`yaml\n- ${prefix}_001: "First fault task"\n  priority: high\n  assigned_agent:\n  status: todo\n\n- ${prefix}_002: "Second fault task"\n  priority: low\n  assigned_agent:\n  status: todo\n\`\`\`\n`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long a move waits for a save a test holds (the product waits 10 s). */
const SAVE_WAIT_TEST_MS = 2000;

async function state(): Promise<StoreState> {
  const s = await vscode.commands.executeCommand<StoreState>('_agentTaskBoard.storeState', { tasks: true });
  assert.ok(s, 'the store-state command returned nothing');
  return s;
}

/**
 * Polls the store until `check` holds. The tests are about what the store does
 * with a file, not about the file watcher's delivery (which can lag by many
 * seconds on a loaded machine), so after a while a rescan is asked for, the
 * way a settings change does it; but never while a parse is under way: a
 * rescan reads the file again and starts its parse over, and on a loaded
 * machine a large file asked for every few seconds never finished (the 50 MB
 * test timed out that way). The wait ends after `idleMs` in which the store
 * made no progress (no parse started, took tasks or ended), and after
 * `totalMs` in all.
 */
async function until<T>(
  what: string,
  check: (s: StoreState) => T | undefined | false,
  idleMs = 30_000,
  totalMs = idleMs,
): Promise<T> {
  const started = Date.now();
  const end = started + totalMs;
  let deadline = started + idleMs;
  let nudgeAt = started + 3000;
  let progress = '[]';
  for (;;) {
    const s = await state();
    const found = check(s);
    if (found) return found;
    const now = Date.now();
    const parsing = JSON.stringify(s.parsing);
    if (parsing !== progress) {
      progress = parsing;
      deadline = Math.min(now + idleMs, end);
    }
    if (s.parsing.length > 0) nudgeAt = now + 3000;
    else if (now > nudgeAt) {
      nudgeAt = now + 5000;
      await nudgeRescan();
    }
    if (now > deadline) {
      const why = now >= end ? `${totalMs / 1000} s in all` : `${idleMs / 1000} s without progress`;
      throw new Error(`timed out waiting for: ${what} (${why})\n${JSON.stringify({ files: s.files, unreadable: s.unreadable, parsing: s.parsing }, null, 1)}`);
    }
    await sleep(100);
  }
}

function claim(file: vscode.Uri, id: string): Thenable<MoveResult | undefined> {
  return vscode.commands.executeCommand<MoveResult | undefined>('agentTaskBoard.claim', { file: file.toString(), id, status: 'todo' }, 'fault-agent');
}

describe('faults: extension host', function () {
  this.timeout(120_000);
  let root: string;
  let dir: string;
  const write = (relative: string, content: string | Buffer): vscode.Uri => {
    const full = path.join(dir, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return vscode.Uri.file(full);
  };
  const inStore = (uri: vscode.Uri) => (s: StoreState) => s.files.some((f) => f.file === uri.toString());
  /** The lock file the editor takes for `uri` (by its real path). */
  const lockOf = (uri: vscode.Uri): string => `${fs.realpathSync(uri.fsPath)}.lock`;
  const acceptedStatus = async (uri: vscode.Uri, id: string): Promise<string | undefined> => {
    const snapshot = await vscode.commands.executeCommand<{ tasks: { id: string; status?: string }[] } | undefined>('_agentTaskBoard.enforcement.accepted', uri.toString());
    return snapshot?.tasks.find((t) => t.id === id)?.status;
  };

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    dir = path.join(root, 'faults');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    // rmSync does not follow the loop's links; the read-only board's folder is writable, so it goes too.
    for (const d of [dir, path.join(root, 'node_modules')]) fs.rmSync(d, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('agentTaskBoard').update('files.boards', undefined, vscode.ConfigurationTarget.Workspace);
    // Leave the store as the next suites expect it: nothing of ours in it.
    await until('the fault files gone from the store', (s) =>
      !s.files.some((f) => f.file.includes('/faults/') || f.file.includes('/node_modules/')) && !s.unreadable.some((u) => u.file.includes('/faults/')),
    );
  });

  it('refuses a claim in a read-only board with a message naming it, and leaves the bytes alone', async () => {
    const uri = write('readonly/TODO.md', board('RO'));
    fs.chmodSync(uri.fsPath, 0o444);
    await until('the read-only board', inStore(uri));
    const result = await claim(uri, 'RO_001');
    assert.ok(result && !result.ok, 'the claim was not refused');
    assert.match(result.message, /faults\/readonly\/TODO\.md is read-only; nothing was written/);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), board('RO'));
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(!doc?.isDirty, 'the refused move was left in the editor');
    assert.equal(fs.existsSync(`${uri.fsPath}.lock`), false);
  });

  it('moves a task in a board with mixed line ends (VS Code gives the buffer one EOL on load)', async () => {
    const mixed = board('EOL').replace('priority: high\n', 'priority: high\r\n').replace('status: todo\n\n', 'status: todo\r\n\n');
    assert.ok(mixed.includes('\r\n') && /[^\r]\n/.test(mixed));
    const uri = write('mixed-eol/TODO.md', mixed);
    await until('the mixed-EOL board', inStore(uri));
    await vscode.workspace.openTextDocument(uri);
    const result = await claim(uri, 'EOL_001');
    assert.deepEqual(result, { ok: true });
    // VS Code saves the whole file with the one EOL it chose; the claim is there.
    const saved = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(saved, /EOL_001: "First fault task"\r?\n {2}priority: high\r?\n {2}assigned_agent: fault-agent\r?\n {2}status: claimed/);
    assert.match(saved, /EOL_002: "Second fault task"[\s\S]*status: todo/);
  });

  it('lists a board with CR-only line ends, and moves a task in it', async () => {
    const cr = board('CRONLY').replace(/\n/g, '\r');
    const uri = write('cr-only/TODO.md', cr);
    const s = await until('the CR-only board', (st) => (st.tasks!.some((t) => t.id === 'CRONLY_002') ? st : undefined));
    const listed = s.tasks!.filter((t) => t.file === uri.toString()).map((t) => `${t.id}:${t.status}`);
    assert.deepEqual(listed, ['CRONLY_001:todo', 'CRONLY_002:todo']);
    assert.deepEqual(await claim(uri, 'CRONLY_001'), { ok: true });
    // VS Code saves the file with the one EOL it chose on load; the claim is there, the other task untouched.
    const saved = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(saved, /CRONLY_001: "First fault task"(\r\n|\n|\r) {2}priority: high\1 {2}assigned_agent: fault-agent\1 {2}status: claimed/);
    assert.match(saved, /CRONLY_002: "Second fault task"[\s\S]*status: todo/);
  });

  it('refuses a claim in a board deleted while open, and does not bring it back', async () => {
    const uri = write('deleted/TODO.md', board('DEL'));
    await until('the board', inStore(uri));
    await vscode.window.showTextDocument(uri);
    fs.unlinkSync(uri.fsPath);
    const result = await claim(uri, 'DEL_001');
    assert.ok(result && !result.ok, 'the claim was not refused');
    assert.match(result.message, /faults\/deleted\/TODO\.md (was deleted or renamed|could not be opened)/);
    assert.equal(fs.existsSync(uri.fsPath), false, 'the deleted board was written again');
    await until('the deleted board gone from the store', (s) => !inStore(uri)(s));
  });

  it('refuses a claim in a board renamed while open; the renamed file keeps its bytes', async () => {
    const uri = write('renamed/TODO.md', board('REN'));
    await until('the board', inStore(uri));
    await vscode.window.showTextDocument(uri);
    const moved = path.join(path.dirname(uri.fsPath), 'OLD-TODO.md');
    fs.renameSync(uri.fsPath, moved);
    const result = await claim(uri, 'REN_001');
    assert.ok(result && !result.ok, 'the claim was not refused');
    assert.match(result.message, /faults\/renamed\/TODO\.md (was deleted or renamed|could not be opened)/);
    assert.equal(fs.readFileSync(moved, 'utf8'), board('REN'));
    assert.equal(fs.existsSync(uri.fsPath), false);
  });

  it('refuses a claim whose board is deleted while the move waits for the lock', async () => {
    const uri = write('midmove/TODO.md', board('MID'));
    await until('the board', inStore(uri));
    // An agent holds the lock; the extension's move waits behind it; the agent deletes the board and lets go.
    const release = await acquireLock(uri.fsPath, `${uri.fsPath}.lock`, {});
    const pending = claim(uri, 'MID_001');
    await sleep(300);
    fs.unlinkSync(uri.fsPath);
    release();
    const result = await pending;
    assert.ok(result && !result.ok, 'the claim was not refused');
    assert.match(result.message, /faults\/midmove\/TODO\.md was deleted or renamed; nothing was written/);
    assert.equal(fs.existsSync(uri.fsPath), false, 'the deleted board was written again');
    assert.equal(fs.existsSync(`${uri.fsPath}.lock`), false);
  });

  it('a move whose save VS Code refuses changes neither the accepted state nor, later, the file', async () => {
    const text = board('SAVEFAIL');
    const uri = write('save-refused/TODO.md', text);
    await until('the board', inStore(uri));
    await waitFor('the board accepted', async () => (await acceptedStatus(uri, 'SAVEFAIL_001')) === 'todo');
    const doc = await vscode.workspace.openTextDocument(uri);
    // A writer that ignores the lock changes the file the moment the move lands in the buffer:
    // VS Code then refuses the save ("File Modified Since").
    const agentText = `${text}\n<!-- written by an agent that ignores the lock -->\n`;
    let wrote = false;
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (wrote || e.document.uri.toString() !== uri.toString() || e.contentChanges.length === 0) return;
      wrote = true;
      fs.writeFileSync(uri.fsPath, agentText);
    });
    let result: MoveResult | undefined;
    try {
      result = await claim(uri, 'SAVEFAIL_001');
    } finally {
      sub.dispose();
    }
    assert.ok(wrote, 'the move reached the buffer');
    assert.ok(result && !result.ok, `the claim was reported saved: ${JSON.stringify(result)}`);
    assert.match(result.message, /SAVEFAIL_001 was moved in the editor but could not be saved/);
    assert.equal(await acceptedStatus(uri, 'SAVEFAIL_001'), 'todo', 'the accepted state did not follow a move that never reached the disk');
    // The user discards the unsaved move; the next move saves, and must not bring the discarded one back.
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the buffer back to the disk', () => !doc.isDirty && doc.getText() === agentText);
    const second = await claim(uri, 'SAVEFAIL_002');
    assert.deepEqual(second, { ok: true });
    const disk = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(disk, /- SAVEFAIL_001: "First fault task"\n  priority: high\n  assigned_agent:\n  status: todo\n/, `the discarded claim is not in the file:\n${disk}`);
    assert.match(disk, /- SAVEFAIL_002:[^]*status: claimed/);
    assert.ok(disk.includes('<!-- written by an agent that ignores the lock -->'), "the agent's write is kept");
  });

  /**
   * Runs `body` while a markdown formatter that runs on save holds every save of `pattern` until
   * `letGo` is called: VS Code's save waits for it (until the user cancels).
   */
  async function withSlowFormatter(pattern: string, body: (formatting: () => boolean, letGo: () => void) => Promise<void>): Promise<void> {
    let formatting = false;
    let letGo: () => void = () => undefined;
    const formatted = new Promise<void>((resolve) => (letGo = resolve));
    const formatter = vscode.languages.registerDocumentFormattingEditProvider(
      { language: 'markdown', pattern },
      {
        provideDocumentFormattingEdits: async () => {
          formatting = true;
          await Promise.race([formatted, sleep(60_000)]);
          return [];
        },
      },
    );
    const editor = vscode.workspace.getConfiguration('editor', { languageId: 'markdown' });
    await editor.update('formatOnSave', true, vscode.ConfigurationTarget.Workspace, true);
    // A move waits SAVE_WAIT_MS (10 s) for its save before it answers: the same path, waited out in 2 s.
    await vscode.commands.executeCommand('_agentTaskBoard.setSaveWait', SAVE_WAIT_TEST_MS);
    try {
      await body(() => formatting, letGo);
    } finally {
      letGo();
      formatter.dispose();
      await vscode.commands.executeCommand('_agentTaskBoard.setSaveWait');
      await editor.update('formatOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
  }

  const claimed = (prefix: string) => new RegExp(`${prefix}_001: "First fault task"\n {2}priority: high\n {2}assigned_agent: fault-agent\n {2}status: claimed`);


  it('answers a move whose save a formatter holds, and keeps the lock until the save ends', async () => {
    const uri = write('slow-save/TODO.md', board('SLOW'));
    await until('the board', inStore(uri));
    await waitFor('the board accepted', async () => (await acceptedStatus(uri, 'SLOW_001')) === 'todo');
    await withSlowFormatter('**/slow-save/TODO.md', async (formatting, letGo) => {
      let answered = false;
      const pending = claim(uri, 'SLOW_001').then((r) => ((answered = true), r));
      await waitFor('the save to reach the formatter', formatting);
      assert.ok(fs.existsSync(lockOf(uri)), 'the move saves without the lock');
      // The move answers while the formatter still holds the save...
      assert.deepEqual(await waitFor('the move to answer', () => answered && pending), { ok: true });
      // ...and an agent is kept out until the save ends: its write could be lost under the late save.
      await assert.rejects(acquireLock(uri.fsPath, lockOf(uri), { timeoutMs: 1000 }), /could not take the lock .*held by VS Code \(Agent Task Board, saving an edit\), pid/);
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), board('SLOW'));
      // The Output channel names the save that holds the lock, and then says when it ended.
      const logged = async (pattern: RegExp) => (await vscode.commands.executeCommand<string[]>('_agentTaskBoard.logLines')).some((line) => pattern.test(line));
      assert.ok(await logged(/^warning: \S*slow-save\/TODO\.md: the save of "Claim SLOW_001" has not ended after 2 s \(document version \d+, unsaved\); the file's lock is kept until it ends\. If it never ends, see "A save that never ends" in the README\.$/));
      letGo();
      await waitFor('the claim on disk', () => claimed('SLOW').test(fs.readFileSync(uri.fsPath, 'utf8')));
      await waitFor('the lock released', () => !fs.existsSync(lockOf(uri)));
      assert.ok(await logged(/^warning: \S*slow-save\/TODO\.md: the save of "Claim SLOW_001" ended after \d+\.\d s \(saved\)\.$/));
      await waitFor('the claim accepted', async () => (await acceptedStatus(uri, 'SLOW_001')) === 'claimed');
    });
  });

  it("lets an agent waiting on the lock write after the held save lands; both changes are kept", async () => {
    const uri = write('held-save/TODO.md', board('HELD'));
    await until('the board', inStore(uri));
    await withSlowFormatter('**/held-save/TODO.md', async (formatting, letGo) => {
      const pending = claim(uri, 'HELD_001');
      await waitFor('the save to reach the formatter', formatting);
      assert.deepEqual(await pending, { ok: true });
      // An agent's update under the lock, as the command line makes it: it waits, then reads what is on disk.
      const agent = (async () => {
        const release = await acquireLock(uri.fsPath, lockOf(uri), { timeoutMs: 30_000 });
        try {
          const text = fs.readFileSync(uri.fsPath, 'utf8');
          fs.writeFileSync(uri.fsPath, text.replace('- HELD_002: "Second fault task"', '- HELD_002: "Second fault task, renamed"'));
        } finally {
          release();
        }
      })();
      await sleep(500);
      letGo();
      await agent;
      const disk = fs.readFileSync(uri.fsPath, 'utf8');
      assert.match(disk, claimed('HELD'));
      assert.match(disk, /- HELD_002: "Second fault task, renamed"/);
    });
  });

  it('lists a binary board as unreadable and never parses it; lists a board with stray bytes, refusing to move in it', async () => {
    const binary = Buffer.concat([Buffer.from(board('BIN')), Buffer.from([0, 0xff, 0, 1])]);
    const latin1 = Buffer.from(board('LAT').replace('First', 'Première'), 'latin1');
    // Past 1 MB the store reads through vscode.workspace.fs (a Uint8Array, not a Buffer): a NUL at its end is seen too.
    const largeBinary = Buffer.concat([Buffer.from(board('BIGBIN')), Buffer.alloc(1536 * 1024, '\n'), Buffer.from([0])]);
    const bin = write('binary/TODO.md', binary);
    const largeBin = write('large-binary/TODO.md', largeBinary);
    const lat = write('latin1/TODO.md', latin1);
    const listed = await until('the binary files unreadable, the Latin-1 one listed', (s) => {
      const b = s.unreadable.find((u) => u.file === bin.toString());
      const large = s.unreadable.find((u) => u.file === largeBin.toString());
      return b && large && s.tasks!.some((t) => t.id === 'LAT_001') ? [b, large] : undefined;
    });
    for (const unreadable of listed) assert.match(unreadable.message, /binary/);
    const s = await state();
    assert.ok(!s.tasks!.some((t) => t.id.startsWith('BIN_') || t.id.startsWith('BIGBIN_')), 'tasks were read from a binary file');
    assert.ok(!s.unreadable.some((u) => u.file === lat.toString()), 'the Latin-1 board is read');
    // What VS Code itself makes of the file: UTF-8 with U+FFFD for the stray byte. A save would write that.
    const doc = await vscode.workspace.openTextDocument(lat);
    assert.ok(doc.getText().includes('Premi\uFFFDre'), doc.getText());
    const moved = await claim(lat, 'LAT_001');
    assert.ok(moved && !moved.ok, `a move in the file was made: ${JSON.stringify(moved)}`);
    assert.match(moved.message, /latin1\/TODO\.md: line \d+ holds bytes that are not UTF-8\. .*saving would write \uFFFD in their place, so nothing was changed/);
    assert.ok(!doc.isDirty, 'the buffer was not edited');
    assert.deepEqual(fs.readFileSync(bin.fsPath), binary);
    assert.deepEqual(fs.readFileSync(largeBin.fsPath), largeBinary);
    assert.deepEqual(fs.readFileSync(lat.fsPath), latin1);
  });

  it('parses a 50 MB board off the host thread: its tasks are listed, and the host keeps answering', async function () {
    // Bounded by progress in `until` (two minutes without any, nine in all), not by this clock.
    this.timeout(600_000);
    // Items with a long note: 50 MB in some 100,000 tasks (the bench loads one of 350,000 and times the event loop).
    const note = 'x'.repeat(400);
    const item = (i: number): string => `- BIG_${i}: "Big board task ${i}"\n  priority: low\n  assigned_agent:\n  status: todo\n  notes: "${note}"\n\n`;
    const parts = ['# Huge\n\n```yaml\n'];
    let size = 0;
    let count = 0;
    for (; size < 50 * 1024 * 1024; count++) {
      const s = item(count);
      parts.push(s);
      size += s.length;
    }
    parts.push('```\n');
    const full = path.join(dir, 'big', 'TODO.md');
    fs.mkdirSync(path.dirname(full), { recursive: true });
    const before = (await state()).taskCount;
    const rebuilds = async (): Promise<number> => (await vscode.commands.executeCommand<{ count: number }>('_agentTaskBoard.treeRebuilds'))!.count;
    const rebuildsBefore = await rebuilds();
    await vscode.commands.executeCommand('_agentTaskBoard.eventLoop.start');
    const text = parts.join('');
    await fs.promises.writeFile(full, text);
    const uri = vscode.Uri.file(full);
    // The watcher may see the file while it is still being written, and a read of part of it can be parsed and
    // listed before the change that completes it is read: wait for the whole text, which the store must reach.
    const whole = (st: StoreState): boolean => st.files.some((f) => f.file === uri.toString() && f.length === text.length);
    await until('the 50 MB board parsed', whole, 120_000, 540_000);
    const loop = await vscode.commands.executeCommand<{ maxMs: number }>('_agentTaskBoard.eventLoop.stop');
    assert.ok(loop && Number.isFinite(loop.maxMs), 'the event-loop monitor reported nothing');
    const s = await state();
    assert.ok(!s.unreadable.some((u) => u.file === uri.toString()), 'the 50 MB board was listed as unreadable');
    const big = s.tasks!.filter((t) => t.file === uri.toString());
    // Once (under the processes tier's load) the store held the whole text and none of its tasks: say what it held.
    const held = { before, count, bigTasks: big.length, file: s.files.find((f) => f.file === uri.toString()), parsing: s.parsing, scans: s.scans };
    assert.equal(s.taskCount, before + count, JSON.stringify(held));
    assert.equal(big.length, count);
    assert.deepEqual([big[0]!.id, big[0]!.status, big[count - 1]!.id], ['BIG_0', 'todo', `BIG_${count - 1}`]);
    // The tree sorts a board this large in slices, over later turns, and its todo group comes to count every todo
    // task of the workspace. Not the first rebuild after the write: one for an earlier change (a part of the file
    // read while it was being written) can end while the store's event for the whole text is still in its
    // coalescing window, and a snapshot then (it finishes the rebuild under way) showed 17 of 105,320.
    const todoTasks = s.tasks!.filter((t) => t.status === 'todo').length;
    let todo: number | false | undefined;
    for (const deadline = Date.now() + 120_000; ; await sleep(100)) {
      const tree = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
      assert.ok(tree && tree.rows.length > 0, 'the tree stopped answering');
      const group = tree.rows.find((r) => r.node.type === 'group' && r.node.key === 'status:todo');
      todo = group?.node.type === 'group' && group.node.count;
      if (todo === todoTasks) break;
      if (Date.now() > deadline) assert.fail(`the tree's todo group counts ${todo} of ${todoTasks} todo tasks two minutes on`);
    }
    assert.ok((await rebuilds()) > rebuildsBefore, 'the tree was rebuilt');
    fs.rmSync(full);
    await until('the big board forgotten', (st) => !st.files.some((f) => f.file === uri.toString()), 60_000);
  });

  it('lists a board that turned binary and back to its old bytes again, and tells the views', async () => {
    const text = board('BACK');
    const uri = write('binary-and-back/TODO.md', text);
    await until('the board in the store', (s) => s.tasks!.some((t) => t.id === 'BACK_001'));
    write('binary-and-back/TODO.md', Buffer.concat([Buffer.from(text), Buffer.from([0])]));
    await until('the board unreadable', (s) => s.unreadable.some((u) => u.file === uri.toString()));
    const written = Date.now();
    write('binary-and-back/TODO.md', text);
    // The text is the one the store held before: nothing to take again, but the views must hear it is readable.
    const told = await until('a change event naming the board, readable again', (s) =>
      s.lastChange && s.lastChange.at >= written && s.lastChange.files.includes(uri.toString()) && !s.unreadable.some((u) => u.file === uri.toString()) ? s : undefined,
    );
    assert.ok(told.tasks!.some((t) => t.id === 'BACK_001'));
  });

  it('keeps a task file made while a rescan still reads: the rescan forgets only what it did not find and nothing read since', async () => {
    // A board large enough that the rescan's read of it (decoded in turns, parsed in the worker) takes a while.
    const items: string[] = [];
    for (let i = 0; i < 60_000; i++) items.push(`- SLOW_${i}: "Slow scan task ${i}"\n  priority: low\n  assigned_agent:\n  status: todo\n\n`);
    const big = write('slow-scan/TODO.md', `# Slow scan\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n`);
    fs.mkdirSync(path.join(dir, 'made-during-scan'), { recursive: true });
    const config = vscode.workspace.getConfiguration('agentTaskBoard');
    const excludes = config.inspect<string[]>('files.exclude')?.workspaceValue;
    await until('the large board in the store', (s) => s.tasks!.some((t) => t.id === 'SLOW_59999'));
    try {
      // Left out, then in again: the second rescan finds the board and reads it whole, with no watcher event.
      await config.update('files.exclude', ['**/slow-scan/**'], vscode.ConfigurationTarget.Workspace);
      await until('the large board left out', (s) => !s.files.some((f) => f.file === big.toString()));
      const started = (await state()).scans.started;
      await config.update('files.exclude', excludes, vscode.ConfigurationTarget.Workspace);
      // The rescan's own read of the board under way: its search for files has ended.
      for (const deadline = Date.now() + 60_000; ; await sleep(20)) {
        const s = await state();
        if (s.scans.started > started && s.parsing.some((p) => p.file === big.toString())) break;
        if (s.scans.done > started) assert.fail('the rescan ended before its read of the large board was seen');
        if (Date.now() > deadline) assert.fail(`no rescan read the large board: ${JSON.stringify({ scans: s.scans, parsing: s.parsing })}`);
      }
      const late = write('made-during-scan/TODO.md', board('LATE'));
      const rescan = started + 1;
      const listed = (s: StoreState) => s.files.some((f) => f.file === late.toString());
      for (const deadline = Date.now() + 120_000; ; await sleep(50)) {
        const s = await state();
        if (s.scans.done >= rescan) break;
        if (Date.now() > deadline) assert.fail(`the rescan did not end: ${JSON.stringify(s.scans)}`);
      }
      // Read on its watcher's event, it stays: nothing will tell the store of it again. (No rescan is asked for
      // here, as `until` does: one would find the file again.)
      await sleep(1500);
      const s = await state();
      assert.ok(listed(s), `the file made during the rescan was forgotten: ${JSON.stringify(s.files.map((f) => f.file).filter((f) => f.includes('/faults/')))}`);
      assert.ok(s.tasks!.some((t) => t.id === 'LATE_001'));
    } finally {
      await config.update('files.exclude', excludes, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(path.dirname(big.fsPath), { recursive: true, force: true });
      fs.rmSync(path.join(dir, 'made-during-scan'), { recursive: true, force: true });
    }
  });

  it('knows a large board written again unchanged by its digest, and reads it again once it changes', async () => {
    // Over 1 MB: read through the large-file path (scanned, digested, decoded a piece per turn, parsed in the worker).
    const items: string[] = [];
    for (let i = 0; i < 14_000; i++) items.push(`- SAME_${i}: "Same again task ${i}"\n  priority: low\n  assigned_agent:\n  status: todo\n\n`);
    const text = `# Same again\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n`;
    assert.ok(text.length > 1024 * 1024, `${text.length} characters`);
    const uri = write('same-again/TODO.md', text);
    const task = (s: StoreState, id: string) => s.tasks!.find((t) => t.file === uri.toString() && t.id === id);
    await until('the large board in the store', (s) => s.files.some((f) => f.file === uri.toString() && f.length === text.length) && task(s, 'SAME_13999'));
    const first = (await state()).largeReads;
    // The same bytes again: read (the watcher, or the rescan `until` asks for), known by their digest, not decoded.
    write('same-again/TODO.md', text);
    const again = await until('the unchanged board read again', (s) => s.largeReads.read > first.read && s);
    assert.equal(again.largeReads.decoded, first.decoded, JSON.stringify({ first, again: again.largeReads }));
    assert.equal(task(again, 'SAME_13999')?.status, 'todo');
    // One status changed, the length kept: read, decoded and parsed again.
    const changed = text.replace('- SAME_13999: "Same again task 13999"\n  priority: low\n  assigned_agent:\n  status: todo', '- SAME_13999: "Same again task 13999"\n  priority: low\n  assigned_agent:\n  status: done');
    assert.equal(changed.length, text.length);
    write('same-again/TODO.md', changed);
    const after = await until('the changed board parsed', (s) => task(s, 'SAME_13999')?.status === 'done' && s);
    assert.ok(after.largeReads.decoded > again.largeReads.decoded, JSON.stringify({ again: again.largeReads, after: after.largeReads }));
    fs.rmSync(path.dirname(uri.fsPath), { recursive: true, force: true });
    await until('the large board forgotten', (s) => !s.files.some((f) => f.file === uri.toString()));
  });

  it('never reads node_modules, even when a glob names it, and survives a symlink loop', async () => {
    const hidden = vscode.Uri.file(path.join(root, 'node_modules', 'dep', 'TODO.md'));
    fs.mkdirSync(path.dirname(hidden.fsPath), { recursive: true });
    fs.writeFileSync(hidden.fsPath, board('DEP'));
    const looped = write('loop/a/TODO.md', board('LOOP'));
    fs.symlinkSync(path.join(dir, 'loop', 'a'), path.join(dir, 'loop', 'a', 'back'), 'dir');
    fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'a', 'up'), 'dir');
    // A glob that reaches into node_modules and through the loop; setting it rescans the workspace, and the
    // test waits for that scan to end (the loop board itself may be seen earlier, from the new folder's event).
    const config = vscode.workspace.getConfiguration('agentTaskBoard');
    const startedBefore = (await state()).scans.started;
    try {
      await config.update('files.boards', '{**/TODO.md,node_modules/**/TODO.md,faults/loop/**/TODO.md}', vscode.ConfigurationTarget.Workspace);
      const s = await until('the loop board found, and the rescan ended', (st) => (st.scans.done > startedBefore && inStore(looped)(st) ? st : undefined), 60_000);
      assert.ok(!s.files.some((f) => f.file.includes('/node_modules/')), 'a node_modules file was read');
      assert.ok(!s.tasks!.some((t) => t.id.startsWith('DEP_')));
      const loopTasks = s.tasks!.filter((t) => t.id.startsWith('LOOP_'));
      // Found at its own path, perhaps also through the links, but the walk ended.
      assert.ok(loopTasks.length >= 2);
    } finally {
      await config.update('files.boards', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('never reads a task file through a symlink that leads out of the workspace (file or folder)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'TODO.md'), board('SYMOUT'));
      fs.mkdirSync(path.join(dir, 'links'), { recursive: true });
      fs.symlinkSync(path.join(outside, 'TODO.md'), path.join(dir, 'links', 'TODO.md'));
      fs.symlinkSync(outside, path.join(dir, 'links', 'elsewhere'), 'dir');
      // A board inside the workspace, written last: once a scan that ended after it has it, the scan saw the links too.
      const inside = write('links/inside/TODO.md', board('SYMIN'));
      const startedBefore = (await state()).scans.started;
      await nudgeRescan();
      const s = await until('the inside board after a rescan', (st) => (st.scans.done > startedBefore && inStore(inside)(st) ? st : undefined), 60_000);
      assert.deepEqual(
        s.files.filter((f) => f.file.includes('/faults/links/')).map((f) => f.file.slice(f.file.indexOf('/faults/links/'))),
        ['/faults/links/inside/TODO.md'],
      );
      assert.ok(!s.tasks!.some((t) => t.id.startsWith('SYMOUT_')), 'a task from outside the workspace was listed');
      // Opening the linked board in an editor does not bring it in either.
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, 'links', 'TODO.md')));
      await sleep(500);
      assert.ok(!(await state()).tasks!.some((t) => t.id.startsWith('SYMOUT_')), 'an open linked board was listed');
    } finally {
      fs.rmSync(path.join(dir, 'links'), { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('drops a board that is replaced by a symlink leading out of the workspace', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'TODO.md'), board('SWAPOUT'));
      const uri = write('swapped/TODO.md', board('SWAPIN'));
      await until('the board', (s) => s.tasks!.some((t) => t.id === 'SWAPIN_001'));
      // Replaced in one step (a link renamed over it), as an agent's tool may: no delete event comes first.
      const link = path.join(dir, 'swapped', 'link.tmp');
      fs.symlinkSync(path.join(outside, 'TODO.md'), link);
      fs.renameSync(link, uri.fsPath);
      const s = await until('the board gone from the store', (st) => (!inStore(uri)(st) ? st : undefined));
      assert.ok(!s.tasks!.some((t) => t.id.startsWith('SWAPIN_') || t.id.startsWith('SWAPOUT_')), 'the linked board is still listed');
    } finally {
      fs.rmSync(path.join(dir, 'swapped'), { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists work-log entries that name unknown tasks, linked to no task, without failing', async () => {
    const before = await state();
    const log = [
      '# Fault log',
      '',
      '## 2026-11-20 10:00 — GHOST_404',
      '',
      '**Task Summary:** Finished GHOST_404, which no board holds.',
      '',
      '## 2026-11-20 11:00 — GHOST_405',
      '',
      '**Task Summary:** Started GHOST_405.',
      '',
    ].join('\n');
    const uri = write('log/FAULT_WORK_LOG.md', log);
    const after = await until('the log entries', (s) => (inStore(uri)(s) && s.entryCount >= before.entryCount + 2 ? s : undefined));
    assert.ok(after.entryCount >= before.entryCount + 2);
    assert.ok(!after.tasks!.some((t) => t.id.startsWith('GHOST_')), 'an entry became a task');
    const tree = await vscode.commands.executeCommand<TreeSnapshot>('_agentTaskBoard.treeSnapshot');
    assert.ok(tree && tree.rows.length > 0);
    assert.ok(!JSON.stringify(tree.rows.map((r) => r.label)).includes('GHOST_'), 'an unknown task appeared in the tree');
  });
});
