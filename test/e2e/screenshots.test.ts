// The README's pictures, taken from the real VS Code by driving it as a person
// would: the Tasks tree next to the open TODO.md, a quick fix offered on a task
// written in the one-line shorthand, and the board. With ATB_UPDATE_SCREENSHOTS=1
// they are written to docs/images/ (commit them); otherwise to .test-results/,
// so every test run still proves the pictures can be taken.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { demoWorkspace, repoRoot, screenshotsDir, useWorkbench } from '../host';
import { stageExtension } from '../host/stageExtension';

const update = process.env.ATB_UPDATE_SCREENSHOTS === '1';
const outDir = update ? path.join(repoRoot, 'docs', 'images') : path.join(screenshotsDir, 'readme');

/** The demo workspace plus what the pictures need to show: a priority to normalise and a shorthand task to fix. */
/**
 * Clicks a task's row until the editor shows the task. Just after start-up the tree is refreshed as the
 * diagnostics come (a row's problems), and a click that lands while its row is drawn again opens nothing.
 */
async function openFromRow(page: Page, row: Locator, id: string): Promise<void> {
  const shown = page.locator('.editor-instance .view-lines', { hasText: id }).first();
  for (let attempt = 1; ; attempt++) {
    await row.click();
    try {
      await shown.waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

function prepareWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-shots-'));
  const workspace = path.join(dir, 'demo-workspace');
  fs.cpSync(demoWorkspace, workspace, { recursive: true });
  const todo = path.join(workspace, 'TODO.md');
  const text = fs.readFileSync(todo, 'utf8');
  const withShorthand = text.replace(
    /(- TASK_007:[^\n]*\n(?: {2}[^\n]*\n)*)/,
    '$1\n- TASK_008: "Add a health-check endpoint" (backend-engineer)\n',
  );
  assert.notEqual(withShorthand, text, 'the demo TODO.md no longer has TASK_007 to add a task after');
  fs.writeFileSync(todo, withShorthand);
  return workspace;
}

async function save(page: Page, name: string): Promise<string> {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, name);
  // Let tooltips, hovers and animations settle; the cursor is parked off the views.
  await page.mouse.move(1, 1);
  await page.waitForTimeout(500);
  await page.screenshot({ path: file });
  return file;
}

function assertPng(file: string): void {
  const head = fs.readFileSync(file).subarray(0, 8);
  assert.deepEqual([...head], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  assert.ok(fs.statSync(file).size > 10_000, `${file} is suspiciously small`);
}

describe('README screenshots from the real host', function () {
  this.timeout(180_000);
  const workspace = prepareWorkspace();
  // Installed rather than loaded for development, so the window title is the workspace's, and from the
  // files the .vsix holds (labels from package.nls.json), as users see it.
  const extension = path.join(path.dirname(workspace), 'extension');
  stageExtension(repoRoot, extension);
  const session = useWorkbench({ workspace, installExtensions: [extension], extensionDevelopmentPath: null, settings: { 'editor.minimap.enabled': false } });

  after(() => fs.rmSync(path.dirname(workspace), { recursive: true, force: true }));

  it('tree.png: the Tasks view next to TODO.md', async () => {
    const { workbench } = session;
    const { page } = workbench;
    await workbench.resize({ width: 1280, height: 760 });
    await workbench.clickActivityBar('Agent Tasks');
    const row = workbench.treeItem('TASK_003: Add JWT refresh-token rotation').first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    await openFromRow(page, row, 'TASK_003');
    // A wider sidebar, so task titles are readable in the picture: drag the sash on its right edge.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    assert.ok(sidebar, 'no sidebar');
    const edge = sidebar.x + sidebar.width;
    await page.mouse.move(edge, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge + 130, sidebar.y + sidebar.height / 2, { steps: 8 });
    await page.mouse.up();
    const headers = await page.locator('.part.sidebar .pane-header h3.title').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.deepEqual(headers, ['Tasks', 'Work Log']);
    assert.match((await workbench.treeItem('Claimed').first().getAttribute('aria-label')) ?? '', /^Claimed, (1 task|[02-9] tasks)$/);
    assertPng(await save(page, 'tree.png'));
  });

  it('quick-fix.png: the fix offered for a shorthand task', async () => {
    const { workbench } = session;
    const { page } = workbench;
    const row = workbench.treeItem('TASK_008').first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await openFromRow(page, row, 'TASK_008');
    // The diagnostic arrives after the editor opens: wait for its squiggle, then ask for the fixes on its line.
    await page.locator('.editor-instance .squiggly-warning').first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .action-item, .context-view .monaco-list-row', { hasText: 'Rewrite as a full task item' }).first();
    await fix.waitFor({ state: 'visible', timeout: 30_000 });
    assertPng(await save(page, 'quick-fix.png'));
    await page.keyboard.press('Escape');
  });

  it('board.png: the board with the demo tasks', async () => {
    const { workbench } = session;
    const { page } = workbench;
    await workbench.resize({ width: 1440, height: 820 });
    // The board is the picture: hide the sidebar and the editors first (a later layout change would reload the webview).
    await workbench.runCommand('View: Close Primary Side Bar');
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Agent Task Board: Open Board');
    const board = await workbench.webviewFrame('.card', 60_000);
    await board.locator('.card[data-key$="#TASK_003"]').waitFor({ state: 'visible', timeout: 30_000 });
    // Clicking a card selects it and shows its fields and work-log entries beside the columns.
    await board.locator('.card[data-key$="#TASK_002"] .card-title').click();
    await board.locator('.details', { hasText: 'TASK_002' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'TODO.md' }).count(), 0, 'a click opened the file');
    assert.match((await board.locator('.summary').textContent()) ?? '', /^\d+ tasks$/);
    assert.equal((await board.locator('.card[data-key$="#TASK_003"] .card-stale').textContent())?.trim(), 'stale');
    assertPng(await save(page, 'board.png'));
  });
});
