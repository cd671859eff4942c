// Stress in the real extension host: a simulated agent process rewrites the
// board several times a second (read-modify-write of the whole file under the
// CLI's `<file>.lock`, as a careful agent does: it adds tasks and edits
// descriptions) while claims and moves are made from the extension (the move
// commands → moveTask) and from the CLI (`dist/cli.js claim|start|done`).
// Every attempted write and its outcome is recorded; at the end every write
// that reported success is in the file, every other one was refused with a
// message, and the file parses.
//
// Runs ATB_STRESS_SECONDS (default 10 in `npm test`; 60 for the full run).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseBoard } from '../../src/core/board/parseBoard';
import type { MoveKind, Status } from '../../src/core/model';
import type { StoreState } from '../../src/extension/diagnosticsCommands';
import type { MoveResult } from '../../src/extension/taskMover';
import { nudgeRescan } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';
const SECONDS = Number(process.env.ATB_STRESS_SECONDS ?? 10);
const INITIAL_TASKS = 40;

/** What one side tried and what it was told. */
interface Attempt {
  readonly side: 'agent' | 'extension' | 'cli';
  readonly op: string;
  readonly id: string;
  readonly ok: boolean;
  readonly message: string;
  /** For moves: the agent that claimed. For description edits: the token written. */
  readonly detail?: string;
}

const MOVE_TARGET: Record<MoveKind, Status> = { claim: 'claimed', start: 'in_progress', complete: 'done', release: 'todo' };
const ORDER: Status[] = ['todo', 'claimed', 'in_progress', 'done'];

function initialBoard(): string {
  const items = [];
  for (let i = 1; i <= INITIAL_TASKS; i++) {
    const id = `TASK_${String(i).padStart(3, '0')}`;
    items.push(`- ${id}: "Stress task ${i}"\n  priority: medium\n  assigned_agent:\n  status: todo\n  description: "d"\n`);
  }
  return `# Stress board\n\n## Tasks\n\n\`\`\`yaml\n${items.join('\n')}\`\`\`\n\n## Session History\n\n- 2026-11-20T00:00:00Z board created\n`;
}

/**
 * The simulated agent: a separate node process using the CLI's own locked
 * write (lockedUpdate: O_EXCL lock, re-read, temp file, rename). One JSON
 * line per attempt on stdout.
 */
const AGENT_SCRIPT = `
'use strict';
const [lockedWritePath, file, seconds, seed] = process.argv.slice(2);
const { lockedUpdate } = require(lockedWritePath);
let state = Number(seed);
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const end = Date.now() + Number(seconds) * 1000;
  for (let seq = 1; Date.now() < end; seq++) {
    const add = random() < 0.5;
    const id = add ? 'AG_' + String(seq).padStart(4, '0') : 'TASK_' + String(1 + Math.floor(random() * ${INITIAL_TASKS})).padStart(3, '0');
    const token = 'e' + seq;
    let record;
    try {
      const changed = await lockedUpdate(file, (text) => {
        if (add) {
          const close = text.indexOf('\\n\`\`\`\\n');
          const item = '\\n- ' + id + ': "Agent task ' + seq + '"\\n  priority: low\\n  assigned_agent:\\n  status: todo\\n  description: "d"\\n';
          return { write: true, text: text.slice(0, close + 1) + item + text.slice(close + 1), result: true };
        }
        const at = text.indexOf('- ' + id + ': ');
        const line = at < 0 ? -1 : text.indexOf('  description: "', at);
        if (line < 0) return { write: false, result: false };
        const quote = text.indexOf('"\\n', line + 16);
        return { write: true, text: text.slice(0, quote) + ' ' + token + text.slice(quote), result: true };
      }, { timeoutMs: 15000 });
      record = { side: 'agent', op: add ? 'add' : 'describe', id, ok: changed, message: changed ? '' : id + ' has no description line', detail: token };
    } catch (err) {
      record = { side: 'agent', op: add ? 'add' : 'describe', id, ok: false, message: String(err && err.message || err), detail: token };
    }
    process.stdout.write(JSON.stringify(record) + '\\n');
    await sleep(80 + random() * 120);
  }
})();
`;

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', (err) => resolve({ code: -1, stdout, stderr: String(err) }));
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function nextMove(status: Status | undefined): MoveKind | undefined {
  switch (status) {
    case 'todo':
      return 'claim';
    case 'claimed':
      return 'start';
    case 'in_progress':
      return 'complete';
    default:
      return undefined;
  }
}

describe('stress: an agent rewriting the board while the extension and the CLI move tasks', function () {
  this.timeout((SECONDS + 120) * 1000);
  let dir: string;
  let board: string;
  let agentScript: string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'no workspace folder');
    dir = path.join(root, 'stress');
    fs.mkdirSync(dir, { recursive: true });
    board = path.join(dir, 'TODO.md');
    fs.writeFileSync(board, initialBoard());
    agentScript = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atb-stress-')), 'agent.js');
    fs.writeFileSync(agentScript, AGENT_SCRIPT);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(agentScript), { recursive: true, force: true });
    // Leave the store as the next suites expect it: without the stress board.
    const uri = vscode.Uri.file(board).toString();
    for (let i = 0; i < 300; i++) {
      const state = await vscode.commands.executeCommand<StoreState>('_agentTaskBoard.storeState');
      if (!state.files.some((f) => f.file === uri)) return;
      if (i % 30 === 29) await nudgeRescan();
      await sleep(100);
    }
    throw new Error('the stress board stayed in the store after it was deleted');
  });

  it(`loses no write in ${SECONDS} s, and the file parses`, async () => {
    const uri = vscode.Uri.file(board);
    const file = uri.toString();
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const lockedWrite = path.join(__dirname, '..', '..', 'src', 'node', 'lockedWrite.js');
    assert.ok(fs.existsSync(cli), `${cli} is missing (node esbuild.mjs)`);
    assert.ok(fs.existsSync(lockedWrite), `${lockedWrite} is missing (tsc -p .)`);
    // Wait for the store to hold the board: the extension moves what it sees.
    for (let i = 0; ; i++) {
      const state = await vscode.commands.executeCommand<StoreState>('_agentTaskBoard.storeState');
      if (state.files.some((f) => f.file === file)) break;
      assert.ok(i < 600, 'the stress board never reached the store');
      if (i % 100 === 99) await nudgeRescan();
      await sleep(50);
    }

    const attempts: Attempt[] = [];
    const end = Date.now() + SECONDS * 1000;

    const agent = run(process.execPath, [agentScript, lockedWrite, board, String(SECONDS), '7']).then((r) => {
      for (const line of r.stdout.split('\n')) if (line.trim()) attempts.push(JSON.parse(line) as Attempt);
      assert.equal(r.stderr.trim(), '', `the agent process wrote to stderr: ${r.stderr}`);
    });

    const extensionSide = (async () => {
      let n = 0;
      while (Date.now() < end) {
        n++;
        const state = await vscode.commands.executeCommand<StoreState>('_agentTaskBoard.storeState', { tasks: true });
        const movable = (state.tasks ?? []).filter((t) => t.file === file && nextMove(t.status) && (t.status === 'todo' || t.agent === 'ext-agent'));
        const task = movable[(n * 7) % Math.max(movable.length, 1)];
        if (task) {
          const move = nextMove(task.status)!;
          const command = `agentTaskBoard.${move}`;
          const result = await vscode.commands.executeCommand<MoveResult | undefined>(command, { file, id: task.id, status: task.status }, 'ext-agent');
          assert.ok(result, `${command} returned nothing`);
          attempts.push({ side: 'extension', op: move, id: task.id, ok: result.ok, message: result.ok ? '' : result.message, detail: 'ext-agent' });
          // A real user answers a failed save; here: put the editor back to the disk, so the next move starts clean.
          const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file);
          if (doc?.isDirty) {
            await vscode.window.showTextDocument(doc, { preview: false });
            await vscode.commands.executeCommand('workbench.action.files.revert');
            attempts.push({ side: 'extension', op: 'revert-unsaved', id: task.id, ok: true, message: 'the editor held an unsaved move' });
          }
        }
        await sleep(150 + ((n * 53) % 150));
      }
    })();

    const cliSide = (async () => {
      let n = 0;
      while (Date.now() < end) {
        n++;
        const parsed = parseBoard({ file: 'TODO.md', text: fs.readFileSync(board, 'utf8') });
        const movable = parsed.tasks.filter((t) => t.kind === 'board' && nextMove(t.status) && (t.status === 'todo' || t.assignedAgent === 'cli-agent'));
        const task = movable[(n * 11) % Math.max(movable.length, 1)];
        if (task) {
          const move = nextMove(task.status)!;
          const verb = move === 'complete' ? 'done' : move;
          const r = await run(process.execPath, [cli, verb, task.id, '--agent', 'cli-agent', '--expect', task.status!, '--root', dir, '--json', 'TODO.md']);
          let ok = false;
          let message = r.stderr.trim();
          try {
            const outcome = JSON.parse(r.stdout) as { ok: boolean; message?: string };
            ok = outcome.ok && r.code === 0;
            if (!outcome.ok) message = outcome.message ?? message;
          } catch {
            ok = false;
          }
          attempts.push({ side: 'cli', op: move, id: task.id, ok, message: ok ? '' : message || `exit ${r.code}`, detail: 'cli-agent' });
        }
        await sleep(200 + ((n * 37) % 200));
      }
    })();

    await Promise.all([agent, extensionSide, cliSide]);

    // The editor must not hold anything the disk lacks.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file);
    assert.ok(!doc?.isDirty, 'the board was left with unsaved changes in the editor');
    assert.equal(fs.existsSync(`${board}.lock`), false, 'a lock was left behind');

    const text = fs.readFileSync(board, 'utf8');
    const parsed = parseBoard({ file: 'TODO.md', text });
    assert.deepEqual(
      parsed.problems.filter((p) => p.severity === 'error').map((p) => p.message),
      [],
      'the final board has parse errors',
    );
    const byId = new Map(parsed.tasks.map((t) => [t.id, t]));

    const lost: string[] = [];
    for (const a of attempts) {
      if (!a.ok) {
        if (!a.message.trim()) lost.push(`${a.side} ${a.op} ${a.id} failed without a message`);
        continue;
      }
      const task = byId.get(a.id);
      if (a.op === 'revert-unsaved') continue;
      if (!task) {
        lost.push(`${a.side} ${a.op} ${a.id}: reported done, but the task is not in the file`);
        continue;
      }
      if (a.op === 'describe') {
        const description = String(task.fields.description ?? '');
        if (!description.split(' ').includes(a.detail!)) lost.push(`agent describe ${a.id}: token ${a.detail} missing from "${description}"`);
      }
    }
    // Successful moves on one task form one chain (compare-and-swap lets one writer win each step):
    // the task's status is the furthest of them, and the claim's agent holds it.
    const movesById = new Map<string, Attempt[]>();
    for (const a of attempts) {
      if (!a.ok || !(a.op in MOVE_TARGET)) continue;
      const list = movesById.get(a.id) ?? [];
      list.push(a);
      movesById.set(a.id, list);
    }
    for (const [id, moves] of movesById) {
      const task = byId.get(id)!;
      const kinds = moves.map((m) => m.op);
      if (new Set(kinds).size !== kinds.length) lost.push(`${id}: one step won twice (${kinds.join(', ')})`);
      const furthest = moves.map((m) => MOVE_TARGET[m.op as MoveKind]).sort((x, y) => ORDER.indexOf(y) - ORDER.indexOf(x))[0]!;
      if (task.status !== furthest) lost.push(`${id}: moves ${kinds.join(', ')} reported done, but the file says ${task.status}`);
      const claim = moves.find((m) => m.op === 'claim');
      if (claim && task.kind === 'board' && task.assignedAgent !== claim.detail) {
        lost.push(`${id}: claimed by ${claim.detail}, but the file says ${task.assignedAgent}`);
      }
    }
    // And nothing moved that nobody reported moving.
    for (const task of parsed.tasks) {
      if (task.status !== 'todo' && !movesById.has(task.id)) lost.push(`${task.id} is ${task.status} but no move of it succeeded`);
    }

    const summary = (['agent', 'extension', 'cli'] as const).map((side) => {
      const mine = attempts.filter((a) => a.side === side);
      return `${side}: ${mine.filter((a) => a.ok).length} written, ${mine.filter((a) => !a.ok).length} refused`;
    });
    console.log(`stress (${SECONDS} s): ${summary.join('; ')}`);
    for (const side of ['agent', 'extension', 'cli'] as const) {
      assert.ok(attempts.some((a) => a.side === side && a.ok), `the ${side} side never wrote: ${summary.join('; ')}`);
    }
    const involved = new Set(lost.map((l) => /(?:^| )([A-Z]+_\d+)/.exec(l)?.[1]));
    const trail = attempts.filter((a) => involved.has(a.id)).map((a) => `${a.side} ${a.op} ${a.id} ${a.ok ? 'ok' : `refused: ${a.message}`}`);
    assert.deepEqual(lost, [], `writes lost or unexplained (${summary.join('; ')}); attempts on those tasks:\n${trail.join('\n')}`);
  });
});
