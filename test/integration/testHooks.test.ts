// The test hooks (src/extension/testHooks.ts) exist when VS Code runs the
// extension under test, as here, and the measurement hooks come from their
// own bundle: the running dist/extension.js holds neither `node:inspector` nor
// `--expose-gc`. That they are absent outside test is shown by the e2e tier
// (test/e2e/packaged.test.ts), whose host loads the extension as a user's does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MemoryReport, StoreState } from '../../src/extension/diagnosticsCommands';
import { TEST_HOOKS, UI_COMMANDS } from './hookNames';
import { waitFor } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

describe('test hooks under test', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
  });

  it('are all registered, beside the internal commands the UI runs', async () => {
    // getCommands(true) would leave out every command whose name starts with an underscore.
    const internal = (await vscode.commands.getCommands(false)).filter((c) => c.startsWith('_agentTaskBoard.')).sort();
    assert.deepEqual(internal, [...TEST_HOOKS, ...UI_COMMANDS].sort());
  });

  it("wait for the store's next change: at once for a count already passed, else until a task file changes", async () => {
    const state = (): Thenable<StoreState> => vscode.commands.executeCommand<StoreState>('_agentTaskBoard.storeState');
    // Its timeout is longer than the test's: a wait that only its timeout ended would fail the test.
    const changed = (after: number): Thenable<number> => vscode.commands.executeCommand<number>('_agentTaskBoard.storeChanged', after, 600_000);
    const before = (await state()).changeCount;
    assert.equal(await changed(before - 1), before, 'a count already passed: answered at once, with the count now');
    const waiting = changed(before);
    const dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'hook-change');
    const file = path.join(dir, 'TODO.md');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, '# TODO\n\n```yaml\n- HOOK_1: "Seen"\n  status: todo\n```\n');
    try {
      const after = await waiting;
      assert.ok(after > before, `woken by a change (${before} → ${after}), not by its timeout`);
      await waitFor('the new board in the store', async () => (await state()).files.some((f) => f.file.endsWith('/hook-change/TODO.md')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }).timeout(90_000);

  it('measure the host from dist/testHooks.js, not from the bundle users run', async () => {
    const memory = await vscode.commands.executeCommand<MemoryReport>('_agentTaskBoard.memory');
    assert.ok(memory.heapUsed > 0);
    const dist = path.join(extension.extensionPath, 'dist');
    const shipped = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
    const hooks = fs.readFileSync(path.join(dist, 'testHooks.js'), 'utf8');
    for (const needle of ['node:inspector', '--expose-gc']) {
      assert.equal(shipped.includes(needle), false, `dist/extension.js holds ${needle}`);
      assert.equal(hooks.includes(needle), true, `dist/testHooks.js lacks ${needle}`);
    }
  });
});
