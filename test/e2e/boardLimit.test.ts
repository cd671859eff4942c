// A task file too large for the board, in a real VS Code (code-server) driven
// by Chromium: the board leaves that file out whole, says so in its summary
// by name, and still shows every other file's cards; the Tasks view and the
// CLI are where such a file is read. (A 50 MB board's 344,000 cards once held
// the extension host for seconds and sent the page tens of megabytes.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { BOARD_CARD_LIMIT } from '../../src/extension/board/cardModel';
import { demoWorkspace, useWorkbench } from '../host';
import { openBoard, seeBoard, until } from './boardSupport';

/** The demo workspace plus huge/TODO.md, one task more than the board holds. */
function workspaceWithHugeBoard(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-board-limit-'));
  const workspace = path.join(dir, 'demo-workspace');
  fs.cpSync(demoWorkspace, workspace, { recursive: true });
  fs.mkdirSync(path.join(workspace, 'huge'));
  const items: string[] = [];
  for (let i = 1; i <= BOARD_CARD_LIMIT + 1; i++) items.push(`- HUGE_${i}: "Generated task ${i}"\n  priority: low\n  assigned_agent:\n  status: todo\n`);
  fs.writeFileSync(path.join(workspace, 'huge', 'TODO.md'), `# Huge\n\n\`\`\`yaml\n${items.join('')}\`\`\`\n`);
  return workspace;
}

describe('a task file too large for the board', function () {
  this.timeout(240_000);
  const workspace = workspaceWithHugeBoard();
  const session = useWorkbench({ workspace });
  let board: Frame;
  const summary = async (): Promise<string> => ((await board.locator('.summary').textContent()) ?? '').trim();

  after(() => fs.rmSync(path.dirname(workspace), { recursive: true, force: true }));

  it('is left out whole and named in the summary; every other file is on the board', async () => {
    board = await openBoard(session.workbench);
    const expected = `huge/TODO.md not shown: its ${(BOARD_CARD_LIMIT + 1).toLocaleString('en')} tasks are more than the board holds (use the Tasks view)`;
    await until(`the summary to name huge/TODO.md: "${expected}"`, async () => (await summary()).includes(expected), 120_000);
    assert.match(await summary(), /^14 tasks · /, 'the demo workspace\'s 14 tasks are all on the board');
    const seen = await seeBoard(board);
    assert.equal(seen.cards.length, 14);
    assert.ok(seen.cards.some((c) => c.id === 'TASK_001'), 'TODO.md is shown');
    assert.ok(!seen.cards.some((c) => c.id.startsWith('HUGE_')), 'no card of the huge file');
    const files = await board.getByRole('combobox', { name: 'Filter by file', exact: true }).locator('option').allTextContents();
    assert.ok(!files.includes('huge/TODO.md'), `the file filter does not offer it: ${files.join(', ')}`);
    assert.ok(files.includes('TODO.md'));
  });
});
