// Smoke test of the UI harness: the "Agent Tasks" activity-bar item opens the
// view, and the view shows the demo workspace's board (TODO.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { useWorkbench } from '../host';

describe('Agent Tasks view in the browser', function () {
  this.timeout(120_000);
  const session = useWorkbench();

  it('shows the TODO.md board after clicking the activity-bar item', async () => {
    const { workbench } = session;
    await workbench.clickActivityBar('Agent Tasks');
    // A file row (the first, file-list tree) or the row of TODO.md's claimed task TASK_003 (the task tree).
    const row = workbench.treeItem('TODO.md').or(workbench.treeItem('TASK_003'));
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok((await row.count()) >= 1);
    const file = await workbench.screenshot('agent-tasks-view');
    assert.ok(fs.statSync(file).size > 0);
  });

  it('lays the workbench out at each size the harness resizes the page to', async () => {
    const { workbench } = session;
    const root = workbench.page.locator('.monaco-workbench');
    for (const size of [{ width: 1600, height: 1000 }, { width: 1280, height: 1200 }, { width: 1280, height: 800 }]) {
      await workbench.resize(size);
      const box = await root.boundingBox();
      assert.deepEqual(box && { width: box.width, height: box.height }, size);
    }
  });
});
