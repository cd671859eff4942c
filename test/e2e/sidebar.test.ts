// A workspace with no task files: the Tasks view shows its welcome content,
// whose "Create TODO.md" button writes the template board, which then fills
// the tree and the status bar; the board says the same, with the same button.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useWorkbench } from '../host';

describe('Sidebar welcome view in the browser', function () {
  this.timeout(180_000);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-empty-workspace-'));
  fs.writeFileSync(path.join(empty, 'README.md'), '# Nothing to do here yet\n');
  const session = useWorkbench({ workspace: empty });
  after(() => fs.rmSync(empty, { recursive: true, force: true }));

  it('offers Create TODO.md when there are no task files, and the new board fills the tree', async () => {
    const { workbench, host } = session;
    const { page } = workbench;
    await workbench.clickActivityBar('Agent Tasks');

    const welcome = page.locator('.welcome-view-content', { hasText: 'No task board' });
    await welcome.waitFor({ state: 'visible', timeout: 60_000 });
    await workbench.screenshot('sidebar-welcome');
    await welcome.locator('a.monaco-button, .monaco-button', { hasText: 'Create TODO.md' }).first().click();

    const todo = path.join(host.workspace, 'TODO.md');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !fs.existsSync(todo)) await page.waitForTimeout(200);
    const text = fs.readFileSync(todo, 'utf8');
    assert.match(text, /^# TODO\n/);
    assert.match(text, /- TASK_001: "Describe the first task"\n {2}priority: medium\n {2}assigned_agent:\n {2}status: todo\n/);
    assert.match(text, /\n## Session History\n/);

    await workbench.treeItem('TASK_001: Describe the first task').first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.statusbar-item', { hasText: /1\s+0\s+0\s+0/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const shot = await workbench.screenshot('sidebar-after-create-todo');
    assert.ok(fs.statSync(shot).size > 0);
  });

  it('says on the board that there is no task file, and its Create TODO.md button fills the board beside the new file', async () => {
    const { workbench, host } = session;
    const { page } = workbench;
    const todo = path.join(host.workspace, 'TODO.md');
    fs.rmSync(todo, { force: true });
    await workbench.treeItem('TASK_001: Describe the first task').first().waitFor({ state: 'detached', timeout: 20_000 });
    await workbench.resize({ width: 1400, height: 900 });
    await workbench.runCommand('Agent Task Board: Open Board');
    const board = await workbench.webviewFrame('.board-empty:not([hidden])', 60_000);
    const note = board.locator('.board-empty');
    assert.equal(await note.locator('.board-empty-title').textContent(), 'No task files in this workspace yet.');
    await workbench.screenshot('board-empty');

    await note.locator('button', { hasText: 'Create TODO.md' }).click();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !fs.existsSync(todo)) await page.waitForTimeout(200);
    assert.match(fs.readFileSync(todo, 'utf8'), /- TASK_001: "Describe the first task"\n/);
    // The board stays in view, beside the new file, and shows its task.
    await board.locator('.card[data-key$="#TASK_001"]').waitFor({ state: 'visible', timeout: 20_000 });
    await note.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.locator('.editor-group-container .tab', { hasText: 'TODO.md' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await workbench.screenshot('board-after-create-todo');
    // A board with no task yet is still a task file: the board does not offer to create one.
    fs.writeFileSync(todo, '# TODO\n\nNothing planned yet.\n');
    await board.locator('.card[data-key$="#TASK_001"]').waitFor({ state: 'detached', timeout: 20_000 });
    await page.waitForTimeout(500);
    assert.equal(await note.isVisible(), false, 'the note is hidden while TODO.md exists');
  });
});
