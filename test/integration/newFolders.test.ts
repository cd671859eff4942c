// Task files made in new folders, in the real extension host, with no rescan
// asked for: VS Code's own watcher on Linux does not see inside a folder made
// with `mkdir -p` (it watches the top folder only from its event on), so
// without the store's own watch (ownFolderWatch.ts) these boards are never
// listed, and no later change to them is seen.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StoreState } from '../../src/extension/diagnosticsCommands';
import { waitFor } from './support';

const board = (id: string, title: string): string =>
  `# New folders\n\n\`\`\`yaml\n- ${id}: "${title}"\n  priority: high\n  assigned_agent:\n  status: todo\n\`\`\`\n`;

const checklist = (title: string): string => `# Backend tasks\n\n- [ ] ${title}\n`;

describe('task files in folders made while VS Code runs', function () {
  this.timeout(60_000);
  let root: string;
  let dir: string;

  before(async () => {
    await vscode.extensions.getExtension('agent-task-board.agent-task-board')?.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    dir = path.join(root, 'made-later');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (relative: string, text: string): string => {
    const full = path.join(dir, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return vscode.Uri.file(full).toString();
  };
  const listed = (file: string) => async (): Promise<boolean> => {
    const s = await vscode.commands.executeCommand<StoreState>('_agentTaskBoard.storeState');
    return Boolean(s?.files.some((f) => f.file === file));
  };

  it('lists a board written at once into nested new folders, and follows its later writes and its removal', async () => {
    const file = write('a/b/c/TODO.md', board('NEST_1', 'First'));
    await waitFor('the board in nested new folders', listed(file), 20_000);
    // A later write there: only a watch of that folder tells of it.
    fs.writeFileSync(vscode.Uri.parse(file).fsPath, board('NEST_2', 'Second'));
    await waitFor('the rewrite seen', async () => {
      const s = await vscode.commands.executeCommand<StoreState>('_agentTaskBoard.storeState', { tasks: true });
      return s?.tasks?.some((t) => t.file === file && t.id === 'NEST_2');
    }, 20_000);
    fs.rmSync(path.join(dir, 'a'), { recursive: true });
    await waitFor('the board gone', async () => !(await listed(file)()), 20_000);
  });

  it('forgets the boards of a deleted folder, and follows a folder renamed with its boards', async () => {
    // A folder VS Code watches itself (made alone, the board written after): deleting it is told as the folder alone.
    fs.mkdirSync(path.join(dir, 'gone'), { recursive: true });
    await new Promise((r) => setTimeout(r, 300));
    const gone = write('gone/TODO.md', board('GONE_1', 'Deleted with its folder'));
    await waitFor('the board to be deleted', listed(gone), 20_000);
    await vscode.workspace.fs.delete(vscode.Uri.file(path.join(dir, 'gone')), { recursive: true, useTrash: false });
    await waitFor('the board of the deleted folder gone', async () => !(await listed(gone)()), 20_000);

    const before = write('moving/inner/TODO.md', board('MOVE_1', 'Moved with its folder'));
    await waitFor('the board to be moved', listed(before), 20_000);
    fs.renameSync(path.join(dir, 'moving'), path.join(dir, 'moved'));
    const after = vscode.Uri.file(path.join(dir, 'moved', 'inner', 'TODO.md')).toString();
    await waitFor('the board at its new path, and not at the old one', async () => (await listed(after)()) && !(await listed(before)()), 20_000);
  });

  it("lists an agent's checklist made with its .claude/tasks folders, and a work log in folders made later under them", async () => {
    const first = write('clone/.claude/tasks/backend-tasks.md', checklist('Write the importer'));
    await waitFor('the checklist in new .claude/tasks folders', listed(first), 20_000);
    // Folders made later under one VS Code does not watch: a work log two levels down.
    const second = write('clone/.claude/logs/2026/BACKEND_WORK_LOG.md', '# Backend work log\n\n## 2026-12-04 10:00 - NEST_1\nStarted.\n');
    await waitFor('the work log in folders made later', listed(second), 20_000);
  });
});
