// The offer to let git merge task files task by task, in the real extension
// host: made once per workspace (remembered in its workspace state), and Set up
// writes .gitattributes for the configured globs (as an editor edit: an open,
// unsaved .gitattributes keeps its changes) and the driver in the repository's config, after which a real `git merge` of two branches that both
// added a task to TODO.md goes through the driver without a conflict.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OfferOutcome } from '../../src/extension/gitSetup/gitSetupOffer';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

describe('Git merge set-up offer', function () {
  this.timeout(60_000);
  const root = (): string => {
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'no workspace folder');
    return f.uri.fsPath;
  };
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root(), encoding: 'utf8', stdio: 'pipe' });
  const offer = (answer: 'setUp' | undefined, forget = false): Thenable<OfferOutcome> =>
    vscode.commands.executeCommand<OfferOutcome>('_agentTaskBoard.gitSetup.offer', answer, forget);
  const scratch = (): string => path.join(root(), 'merge-check');
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('agentTaskBoard');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    git('init', '-q', '-b', 'main');
  });

  after(async () => {
    await config().update('files.workLogs', undefined, vscode.ConfigurationTarget.Workspace);
    for (const p of ['.git', '.gitattributes', 'merge-check']) fs.rmSync(path.join(root(), p), { recursive: true, force: true });
  });

  it('is made once per workspace: a dismissed offer writes nothing and is not made again', async () => {
    const first = await offer(undefined, true);
    assert.ok(first.offered, 'an offer in a git repository that is not set up');
    assert.match(first.offered, /Let git merge the task files of .* task by task\?/);
    // The default board glob `**/{TODO,todo}.md` is written out: .gitattributes has no braces.
    assert.match(first.offered, /TODO\.md, todo\.md, \*\*\/\.claude\/tasks\/\*-tasks\.md, \*WORK_LOG\.md/);
    assert.equal(fs.existsSync(path.join(root(), '.gitattributes')), false);
    assert.deepEqual(await offer('setUp'), {}, 'remembered: not offered again');
    assert.equal(fs.existsSync(path.join(root(), '.gitattributes')), false);
  });

  it('Set up writes the configured globs and the driver, and git merge then merges TODO.md task by task', async () => {
    await config().update('files.workLogs', '**/*_LOG.md', vscode.ConfigurationTarget.Workspace);
    // .gitattributes is open with an unsaved edit: the lines go into the editor, the edit stays, nothing is saved for the user.
    const attributes = path.join(root(), '.gitattributes');
    fs.writeFileSync(attributes, '*.png binary');
    const doc = await vscode.workspace.openTextDocument(attributes);
    await vscode.window.showTextDocument(doc);
    const unsaved = new vscode.WorkspaceEdit();
    unsaved.insert(doc.uri, new vscode.Position(0, 0), '# binary files\n');
    assert.ok(await vscode.workspace.applyEdit(unsaved));
    const outcome = await offer('setUp', true);
    assert.match(outcome.offered ?? '', /\*_LOG\.md/);
    const wanted = 'TODO.md merge=agent-task-board\ntodo.md merge=agent-task-board\n**/.claude/tasks/*-tasks.md merge=agent-task-board\n*_LOG.md merge=agent-task-board\n';
    assert.equal(doc.getText(), `# binary files\n*.png binary\n${wanted}`);
    assert.equal(doc.isDirty, true);
    assert.equal(fs.readFileSync(attributes, 'utf8'), '*.png binary', 'the unsaved edit is the user\'s to save');
    assert.ok(await doc.save());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(fs.readFileSync(attributes, 'utf8'), `# binary files\n*.png binary\n${wanted}`);
    assert.match(git('config', '--local', '--get', 'merge.agent-task-board.driver'), /^cli=\S*dist\/cli\.js; .*node "\$cli" merge-file %O %A %B %P --marker-size=%L; .*git merge-file .*; fi\n$/);
    assert.deepEqual(await offer('setUp', true), {}, 'set up: nothing to offer');
    fs.writeFileSync(attributes, '# binary files\n*.png binary\n');
    assert.deepEqual(await offer('setUp'), {}, 'found set up once: not looked at again');
    assert.equal(fs.readFileSync(attributes, 'utf8'), '# binary files\n*.png binary\n');
    fs.writeFileSync(attributes, `# binary files\n*.png binary\n${wanted}`);

    // Two branches each append a task to the same block: a line merge conflicts, the driver does not.
    const item = (id: string): string => `- ${id}: "Title of ${id}"\n  status: todo\n  assigned_agent:\n`;
    const board = (...ids: string[]): string => `# Board\n\n\`\`\`yaml\n${ids.map(item).join('\n')}\`\`\`\n`;
    const file = path.join(scratch(), 'TODO.md');
    fs.mkdirSync(scratch(), { recursive: true });
    fs.writeFileSync(file, board('TASK_001'));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'agent');
    fs.writeFileSync(file, board('TASK_001', 'TASK_003'));
    git('commit', '-q', '-am', 'agent adds TASK_003');
    git('checkout', '-q', 'main');
    fs.writeFileSync(file, board('TASK_001', 'TASK_002'));
    git('commit', '-q', '-am', 'main adds TASK_002');
    git('merge', '-q', '--no-edit', 'agent');
    assert.equal(fs.readFileSync(file, 'utf8'), board('TASK_001', 'TASK_002', 'TASK_003'));
  });
});
