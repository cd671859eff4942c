// The board under a repository's own lifecycle, in a real VS Code driven by
// Chromium: `.agent-task-board.yml` with review and blocked gives five
// columns, a blocked card a chip in the column it stopped in, and drags that
// go only where the lifecycle allows: in progress → done is refused (review
// comes first), in progress → review is written to the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { screenshotsDir, useWorkbench } from '../host';
import { dragCardToColumn, openBoard, until } from './boardSupport';

const SETTINGS = ['lifecycle: [todo, claimed, in_progress, review, done]', 'side_statuses:', '  blocked: [claimed, in_progress]', '  cancelled: any', ''].join('\n');

function item(id: string, title: string, status: string, agent = ''): string {
  return [`- ${id}: "${title}"`, `  assigned_agent:${agent ? ` ${agent}` : ''}`, `  status: ${status}`].join('\n');
}

function lifecycleWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-lifecycle-e2e-'));
  fs.writeFileSync(path.join(dir, '.agent-task-board.yml'), SETTINGS);
  const items = [
    item('FLOW_1', 'Write the importer', 'in_progress', 'ann'),
    item('FLOW_2', 'Wait for the API keys', 'blocked', 'bob'),
    item('FLOW_3', 'Plan the export', 'todo'),
    item('FLOW_4', 'Check the parser', 'review', 'carl'),
    item('FLOW_5', 'Ship the CLI', 'done', 'dee'),
  ];
  fs.writeFileSync(path.join(dir, 'TODO.md'), ['# TODO', '', '```yaml', items.join('\n\n'), '```', ''].join('\n'));
  return dir;
}

describe('Board webview under the repository lifecycle', function () {
  this.timeout(180_000);
  const workspace = lifecycleWorkspace();
  const session = useWorkbench({ workspace });
  let board: Frame;
  const todoPath = () => path.join(session.host.workspace, 'TODO.md');
  const card = (id: string): Locator => board.locator(`.card[data-key$="#${id}"]`);
  const columnOf = (id: string) => card(id).evaluate((e) => e.closest('.cell')?.getAttribute('data-status'));

  const dragToColumn = (source: Locator, status: string): Promise<void> => dragCardToColumn(session.workbench.page, board, source, status);

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  before(async function () {
    this.timeout(120_000);
    board = await openBoard(session.workbench);
    await card('FLOW_4').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('shows a column per main status, review among them, and blocked as a chip where it stopped', async () => {
    const heads = await board.locator('.column-head .column-title').allTextContents();
    assert.deepEqual(heads, ['To do', 'Claimed', 'In progress', 'Review', 'Done']);
    assert.equal(await columnOf('FLOW_4'), 'review');
    assert.equal(await columnOf('FLOW_2'), 'in_progress');
    assert.equal(await card('FLOW_2').locator('.card-side').textContent(), 'Blocked');
    // Every column is as wide as the others: five of them share the board.
    const widths = await board.locator('.column-head').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
    assert.ok(Math.max(...widths) - Math.min(...widths) <= 1, widths.join(', '));
    // The status bar counts the lifecycle's statuses in its order; a side status only while a task is in it.
    const counts = session.workbench.page.locator('.statusbar-item[aria-label^="Agent tasks:"]').first();
    await counts.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await counts.getAttribute('aria-label'), 'Agent tasks: 1 to do, 0 claimed, 1 in progress, 1 review, 1 done, 1 blocked. Click to show the Tasks view.');
    fs.mkdirSync(screenshotsDir, { recursive: true });
    await session.workbench.page.screenshot({ path: path.join(screenshotsDir, 'board-lifecycle.png') });
  });

  it('refuses a drag from In progress to Done, where review comes first, and leaves the file alone', async () => {
    const before = fs.readFileSync(todoPath(), 'utf8');
    await dragToColumn(card('FLOW_1'), 'done');
    await board.locator('.status', { hasText: 'cannot move' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await board.locator('.status').textContent()) ?? '', /FLOW_1: A task cannot move from In progress to Done: the lifecycle is To do → Claimed → In progress → Review → Done\. From In progress it can go to Review/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fs.readFileSync(todoPath(), 'utf8'), before);
  });

  it('moves a card from In progress to Review by a drag, and writes review to the file', async () => {
    await dragToColumn(card('FLOW_1'), 'review');
    await until('FLOW_1 in review on disk', () => /FLOW_1[^-]*status: review/.test(fs.readFileSync(todoPath(), 'utf8')));
    await until('FLOW_1 shown in Review', async () => (await columnOf('FLOW_1')) === 'review');
  });

  it('filters the board to the blocked tasks', async () => {
    await board.locator('select.filter-status').selectOption('blocked');
    await until('only FLOW_2 shown', async () => (await board.locator('.card .card-id').allTextContents()).join() === 'FLOW_2');
    await board.locator('select.filter-status').selectOption('');
  });
});
