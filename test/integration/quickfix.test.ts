// Quick fixes and fix-all on a copy of the malformed board, through the same
// provider VS Code's lightbulb calls: each fix removes its own problem and
// nothing else, and touches nothing outside the task it fixes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, waitForDisk } from './support';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Agent Task Board');
}

/** Codes with their counts, sorted: what "the same problems" means across an edit that moves lines. */
function codeCounts(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(codeOf).sort();
}

function quickFixes(uri: vscode.Uri, range: vscode.Range): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

/** Lines `[first, last]` of the task item holding `line`: from its `- ` line to the line before the next item or fence. */
function itemLines(lines: readonly string[], line: number): [number, number] {
  let first = line;
  while (first > 0 && !/^- /.test(lines[first]!)) first--;
  let last = line + 1;
  while (last < lines.length && !/^(- |```)/.test(lines[last]!)) last++;
  return [first, last - 1];
}

function offsetIn(text: string, position: vscode.Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + position.character;
}

async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
}

describe('quick fixes on the malformed board', function () {
  this.timeout(120_000);
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let original: string;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const source = vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'malformed', 'TODO.md');
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'quickfix-malformed', 'TODO.md');
    await vscode.workspace.fs.copy(source, uri, { overwrite: true });
    await waitFor('the copy to be accepted', () =>
      vscode.commands.executeCommand<{ tasks: unknown[] } | undefined>('_agentTaskBoard.enforcement.accepted', uri.toString()),
    );
    doc = await vscode.workspace.openTextDocument(uri);
    original = doc.getText();
    await waitFor('the diagnostics', () => ours(uri).length >= 8);
    // VS Code answers the first code-action request on a document it has just loaded with nothing, even though
    // the provider returned fixes (seen in the provider's own log): wait until it answers before judging fixes.
    const first = ours(uri)[0]!;
    await waitFor('VS Code to offer the quick fixes of a freshly opened board', async () => (await quickFixes(uri, first.range)).length > 0);
  });

  // The workspace copy is shared with the other suites: leave it as it was.
  after(async () => {
    await setText(doc, original);
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true, useTrash: false });
  });

  it('each fix removes its own problem, nothing else, and edits only its task', async () => {
    const problems = ours(uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    const baseline = codeCounts(ours(uri));
    const tried: string[] = [];
    for (const problem of problems) {
      const code = codeOf(problem);
      // The API command does not hand back CodeAction.diagnostics; the fixture has one problem per line, and
      // the provider offers the fixes of the problems on the requested lines.
      assert.equal(problems.filter((p) => p.range.start.line === problem.range.start.line).length, 1);
      const actions = (await quickFixes(uri, problem.range)).filter((a) => a.kind?.value === 'quickfix');
      for (const action of actions) {
        assert.ok(action.edit, `${code}: "${action.title}" carries an edit`);
        const lines = original.split('\n');
        const [first, last] = itemLines(lines, problem.range.start.line);
        for (const [, edits] of action.edit.entries()) {
          for (const e of edits) {
            assert.ok(e.range.start.line >= first && e.range.end.line <= last + 1, `${code}: "${action.title}" stays inside its task (lines ${first + 1}-${last + 1})`);
          }
        }
        assert.equal(await vscode.workspace.applyEdit(action.edit), true);
        const expected = [...baseline];
        expected.splice(expected.indexOf(code), 1);
        await waitFor(`${code} fixed by "${action.title}" and nothing else (now ${codeCounts(ours(uri)).join(', ')})`, () =>
          JSON.stringify(codeCounts(ours(uri))) === JSON.stringify(expected),
        );
        // Every byte outside the edited range is what it was.
        const changed = doc.getText();
        const ranges = [...action.edit.entries()].flatMap(([, edits]) => edits.map((e) => e.range));
        const start = Math.min(...ranges.map((r) => offsetIn(original, r.start)));
        const end = Math.max(...ranges.map((r) => offsetIn(original, r.end)));
        assert.equal(changed.slice(0, start), original.slice(0, start), 'nothing before the edit changed');
        assert.equal(changed.slice(changed.length - (original.length - end)), original.slice(end), 'nothing after the edit changed');
        tried.push(code);
        await setText(doc, original);
        await waitFor('the problems to come back', () => JSON.stringify(codeCounts(ours(uri))) === JSON.stringify(baseline));
      }
    }
    assert.deepEqual(
      [...new Set(tried)].sort(),
      ['bad-indent', 'bad-priority', 'claim-without-agent', 'duplicate-id', 'missing-status', 'tab-indent', 'unknown-status', 'unquoted-colon'],
      'every fixable problem of the fixture had its fixes tried',
    );
  });

  it('fix-all leaves no error that has a fix', async () => {
    const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, doc.lineCount, 0),
      vscode.CodeActionKind.SourceFixAll.value,
    );
    const fixAll = all.find((a) => a.title === 'Fix all task-file problems');
    assert.ok(fixAll?.edit, 'the fix-all source action is offered');
    assert.equal(fixAll.kind?.value, 'source.fixAll.agentTaskBoard');
    assert.equal(await vscode.workspace.applyEdit(fixAll.edit), true);
    assert.notEqual(doc.getText(), original);
    await waitFor('no fixable error left', async () => {
      for (const d of ours(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error)) {
        const actions = await quickFixes(uri, d.range);
        if (actions.length > 0) return false;
      }
      return true;
    });
    assert.match(doc.getText(), /TASK_011: "Fix bug: login fails on empty password"/);
    assert.doesNotMatch(doc.getText(), /\t/);
  });
});

describe('quick fixes: fix-all and folder-relative globs', function () {
  this.timeout(120_000);
  const folder = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, name);

  after(async () => {
    await vscode.workspace.getConfiguration('agentTaskBoard').update('files.boards', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of ['qf-renumber', 'qf-rel', 'qf-elsewhere']) {
      await vscode.workspace.fs.delete(folder(name), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });

  /** Writes a board on disk and waits until enforcement has taken its `tasks` tasks as accepted. */
  async function writeAccepted(uri: vscode.Uri, text: string, tasks: number): Promise<void> {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await waitForDisk('the board accepted', async () =>
      (await vscode.commands.executeCommand<{ tasks: unknown[] } | undefined>('_agentTaskBoard.enforcement.accepted', uri.toString()))?.tasks.length === tasks,
    );
  }

  it('fix-all renumbers a duplicate id without resetting the claimed task to todo, and the save keeps it', async () => {
    const uri = vscode.Uri.joinPath(folder('qf-renumber'), 'TODO.md');
    const text = ['# TODO', '', '```yaml', '- TASK_301: "Login form"', '  assigned_agent: alice', '  status: in_progress', '',
      '- TASK_301: "Signup form"', '  assigned_agent: bob', '  status: claimed', '```', ''].join('\n');
    await writeAccepted(uri, text, 2);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('the duplicate-id diagnostic', () => ours(uri).some((d) => codeOf(d) === 'duplicate-id'));
    // The command says what it did: one problem fixed.
    assert.deepEqual(await vscode.commands.executeCommand('agentTaskBoard.fixAllProblems'), { fixed: 1 });
    await waitFor('the duplicate id renumbered', () => !/TASK_301: "Signup form"/.test(doc.getText()));
    const fixed = doc.getText();
    assert.match(fixed, /TASK_\d+: "Signup form"\n {2}assigned_agent: bob\n {2}status: claimed/, fixed);
    assert.match(fixed, /TASK_301: "Login form"\n {2}assigned_agent: alice\n {2}status: in_progress/);
    assert.equal(await doc.save(), true);
    const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.equal(disk, fixed, 'the save reverted nothing');
    await waitFor('no lifecycle error on the renumbered task', () => !ours(uri).some((d) => ['new-task-not-todo', 'illegal-transition'].includes(codeOf(d))));
  });

  it('a renumber, as a quick fix and by fix-all, takes an id no other board of the workspace uses', async () => {
    const board = (...items: [string, string][]) => ['# TODO', '', '```yaml', ...items.flatMap(([id, title]) => [`- ${id}: "${title}"`, '  status: todo']), '```', ''].join('\n');
    await writeAccepted(vscode.Uri.joinPath(folder('qf-elsewhere'), 'docs', 'TODO.md'), board(['QF-2', 'Other'], ['QF-3', 'Another']), 2);
    const uri = vscode.Uri.joinPath(folder('qf-elsewhere'), 'TODO.md');
    await writeAccepted(uri, board(['QF-1', 'Login form'], ['QF-1', 'Signup form']), 2);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('the duplicate-id diagnostic', () => ours(uri).some((d) => codeOf(d) === 'duplicate-id'));
    const duplicate = ours(uri).find((d) => codeOf(d) === 'duplicate-id')!;
    assert.deepEqual((await quickFixes(uri, duplicate.range)).map((a) => a.title), ['Renumber to QF-4']);
    assert.deepEqual(await vscode.commands.executeCommand('agentTaskBoard.fixAllProblems'), { fixed: 1 });
    await waitFor('the duplicate renumbered', () => doc.getText().includes('- QF-4: "Signup form"'));
    assert.equal(doc.getText(), board(['QF-1', 'Login form'], ['QF-4', 'Signup form']));
    assert.equal(await doc.save(), true);
  });

  it('a claim no agent could make is refused before the agent picker asks for one', async () => {
    const uri = vscode.Uri.joinPath(folder('qf-claimdup'), 'TODO.md');
    const text = ['# TODO', '', '```yaml', '- TASK_321: "Login form"', '  assigned_agent:', '  status: todo', '',
      '- TASK_321: "Signup form"', '  assigned_agent:', '  status: todo', '```', ''].join('\n');
    await writeAccepted(uri, text, 2);
    // No agent given: a picker would wait for one; the refusal comes first instead.
    const claimed = vscode.commands.executeCommand<{ ok: boolean; message?: string }>('agentTaskBoard.claim', { file: uri.toString(), id: 'TASK_321', status: 'todo' });
    const outcome = await Promise.race([claimed, new Promise<'picker'>((r) => setTimeout(() => r('picker'), 5_000))]);
    if (outcome === 'picker') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    if (outcome === 'picker') assert.fail('the agent picker was shown for a claim nobody can make');
    assert.equal(outcome?.ok, false);
    assert.match(outcome?.message ?? '', /qf-claimdup\/TODO\.md:8: TASK_321 appears 2 times \(lines 4, 8\)/);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), text);
  });

  it('offers quick fixes in a board matched by a folder-relative glob', async () => {
    await vscode.workspace.getConfiguration('agentTaskBoard').update('files.boards', '{**/TODO.md,qf-rel/BOARD.md}', vscode.ConfigurationTarget.Workspace);
    const uri = vscode.Uri.joinPath(folder('qf-rel'), 'BOARD.md');
    const text = ['# Board', '', '```yaml', '- TASK_311: "Relative glob task"', '  priority: hihg', '  status: todo', '```', ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [problem] = await waitFor('the bad-priority diagnostic', () => {
      const found = ours(uri).filter((d) => codeOf(d) === 'bad-priority');
      return found.length > 0 && found;
    });
    const actions = await waitFor('the quick fix', async () => {
      const found = (await quickFixes(uri, problem!.range)).filter((a) => a.kind?.value === 'quickfix');
      return found.length > 0 && found;
    });
    assert.ok(actions.some((a) => a.edit), actions.map((a) => a.title).join(', '));
  });
});
