// Smoke test of the UI harness: the "Agent Tasks" activity-bar item opens the
// view, which lists the board file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { useWorkbench } from '../host';

describe('Agent Tasks view in the browser', function () {
  this.timeout(120_000);
  const session = useWorkbench();

  it('shows TODO.md after clicking the activity-bar item', async () => {
    const { workbench } = session;
    await workbench.clickActivityBar('Agent Tasks');
    const row = workbench.treeItem('TODO.md');
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await row.count(), 1);
    const file = await workbench.screenshot('agent-tasks-view');
    assert.ok(fs.statSync(file).size > 0);
  });
});
