// Proves the harness runs inside a real extension host: the extension
// activates and its contributed command answers with the demo workspace's
// task files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'agent-task-board.agent-task-board';

describe('extension in the real VS Code host', () => {
  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('lists the demo workspace task files with agentTaskBoard.listTaskFiles', async () => {
    const files = await vscode.commands.executeCommand<Array<{ kind: string; path: string }>>('agentTaskBoard.listTaskFiles');
    // Other suites share this workspace copy and add boards in their own
    // subfolders; the demo's own files are at the top level and in .claude/.
    const demoFiles = files.filter((f) => !f.path.includes('/') || f.path.startsWith('.claude/'));
    assert.deepEqual(demoFiles, [
      { kind: 'agent', path: '.claude/agents/backend-engineer.md' },
      { kind: 'agent', path: '.claude/agents/eng-backend.md' },
      { kind: 'agent', path: '.claude/agents/frontend-engineer.md' },
      { kind: 'checklist', path: '.claude/tasks/backend-engineer-tasks.md' },
      { kind: 'checklist', path: '.claude/tasks/frontend-engineer-tasks.md' },
      { kind: 'worklog', path: 'BACKEND_WORK_LOG.md' },
      { kind: 'board', path: 'TODO.md' },
    ]);
  });
});
