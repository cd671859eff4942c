// The test hooks (src/extension/testHooks.ts) exist when VS Code runs the
// extension under test, as here, and the measurement hooks come from their
// own bundle: the running dist/extension.js holds neither `node:inspector` nor
// `--expose-gc`. That they are absent outside test is shown by the e2e tier
// (test/e2e/packaged.test.ts), whose host loads the extension as a user's does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MemoryReport } from '../../src/extension/diagnosticsCommands';
import { TEST_HOOKS, UI_COMMANDS } from './hookNames';

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
