// Task-file diagnostics in the real extension host: every core lint problem of
// the malformed board in the Problems panel with its stable code linking to the
// task line, a first-seen file accepted as it is, and stale claims as warnings
// whose Release runs the move.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { onProblemsChanged } from '../../src/extension/diagnostics/shownProblems';
import { waitFor, waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

function workspaceUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...parts);
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Agent Task Board');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** The malformed fixture, copied next to the workspace's own files. */
async function copyMalformed(folder: string): Promise<vscode.Uri> {
  const source = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'test', 'fixtures', 'malformed', 'TODO.md');
  const target = workspaceUri(folder, 'TODO.md');
  await vscode.workspace.fs.copy(source, target, { overwrite: true });
  return target;
}

describe('task-file diagnostics', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  // The workspace copy is shared with the other suites: leave it as it was.
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const folder of ['diag-malformed', 'diag-first-seen', 'diag-stale']) {
      await vscode.workspace.fs.delete(workspaceUri(folder), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });

  it('shows every lint problem of the malformed board with its code, severity and a link to the task line', async () => {
    const uri = await copyMalformed('diag-malformed');
    const text = await readDisk(uri);
    const diagnostics = await waitForDisk('the malformed board diagnostics', () => {
      const found = ours(uri);
      return found.length >= 8 && found;
    });
    const lines = text.split('\n');
    const byCode = new Map(diagnostics.map((d) => [codeOf(d), d]));
    for (const code of ['unknown-status', 'unquoted-colon', 'tab-indent', 'missing-status', 'duplicate-id', 'bad-priority', 'claim-without-agent', 'bad-indent']) {
      assert.ok(byCode.has(code), `${code} is reported`);
    }
    assert.equal(byCode.get('tab-indent')!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(byCode.get('unknown-status')!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(lines[byCode.get('tab-indent')!.range.start.line]!, /^\tpriority: low/);
    assert.match(lines[byCode.get('claim-without-agent')!.range.start.line]!, /status: claimed/);
    for (const d of diagnostics) {
      assert.equal(typeof d.code, 'object');
      const target = (d.code as { target: vscode.Uri }).target;
      assert.equal(target.with({ fragment: '' }).toString(), uri.toString());
      assert.equal(target.fragment, `L${d.range.start.line + 1}`);
    }
  });

  it('accepts a file seen for the first time as it is, while lint still flags a claim without agent', async () => {
    const uri = workspaceUri('diag-first-seen', 'TODO.md');
    const text = ['```yaml', '- TASK_201: "Held by nobody"', '  assigned_agent:', '  status: claimed', '```', ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const snapshot = await waitForDisk('the first-seen snapshot', () =>
      vscode.commands.executeCommand<{ tasks: { id: string; status?: string }[] } | undefined>('_agentTaskBoard.enforcement.accepted', uri.toString()),
    );
    assert.deepEqual(snapshot.tasks.map((t) => [t.id, t.status]), [['TASK_201', 'claimed']]);
    await waitFor('claim-without-agent', () => ours(uri).some((d) => codeOf(d) === 'claim-without-agent'));
    assert.ok(!ours(uri).some((d) => ['illegal-transition', 'new-task-not-todo'].includes(codeOf(d))), 'no lifecycle error on a first-seen file');
  });

  it('warns about a stale claim, and its Release quick fix releases the task through the move path', async () => {
    const uri = workspaceUri('diag-stale', 'TODO.md');
    const text = [
      '```yaml',
      '- TASK_301: "Claimed long ago"',
      '  priority: low',
      '  assigned_agent: ghost-agent',
      '  status: claimed',
      '  claimed_at: "2020-01-01T00:00:00Z"',
      '```',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const stale = await waitForDisk('stale-claim warning', () => ours(uri).find((d) => codeOf(d) === 'stale-claim'));
    assert.equal(stale.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(stale.message, /TASK_301/);

    await vscode.workspace.openTextDocument(uri); // the provider API command needs a model
    // The extension host may hear of the new document a moment after the model exists: ask until it answers.
    const release = await waitFor('the Release quick fix', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, stale.range, vscode.CodeActionKind.QuickFix.value);
      return actions.find((a) => a.title === 'Release TASK_301');
    });
    assert.ok(release.command, 'Release is offered as a command');
    assert.equal(release.isPreferred, true);
    await vscode.commands.executeCommand(release.command.command, ...(release.command.arguments ?? []));
    const after = await waitFor('the release on disk', async () => {
      const disk = await readDisk(uri);
      return /status: todo/.test(disk) && disk;
    });
    assert.doesNotMatch(after, /ghost-agent/);
    await waitFor('the warning to go', () => !ours(uri).some((d) => codeOf(d) === 'stale-claim'));
  });
  it("runs no check a view's problems listener queued before it was disposed (the board closed meanwhile)", async () => {
    const queued: (() => unknown)[] = [];
    const heard: string[][] = [];
    const store = { later: { enqueue: (_key: string, job: () => unknown) => void queued.push(job), cancel: () => void queued.splice(0) } };
    const problems = { changed: (files: ReadonlySet<string>) => [...files] };
    const listener = onProblemsChanged(store as never, problems as never, 'test problems', (files) => heard.push(files));
    const collection = vscode.languages.createDiagnosticCollection('atb-listener-test');
    try {
      collection.set(vscode.Uri.file('/tmp/atb-listener-test.md'), [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'x')]);
      await waitFor('the check queued', () => queued.length > 0);
      // The board closes before the later turn: its check runs, and must not reach the disposed view.
      listener.dispose();
      for (const job of queued) job();
      assert.deepEqual(heard, []);
    } finally {
      collection.dispose();
      listener.dispose();
    }
  });
});
