// npm test's reporter (test/host/countingReporter.ts) as the tiers run it: with
// mocha's --parallel, where a failure reaches it as the plain object a worker
// serialised, each failed test is still named with the first line of its error
// in the results file the summary prints.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../host/paths';

describe('npm test reporter under --parallel', function () {
  this.timeout(60_000);

  it('names each failure with its message, not [object Object]', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-reporter-'));
    try {
      // Two files, so mocha runs them in two workers.
      for (const name of ['one', 'two']) {
        fs.writeFileSync(
          path.join(dir, `${name}.spec.js`),
          `const assert = require('node:assert/strict');\ndescribe('${name}', () => {\n  it('throws', () => { throw new Error('${name} went wrong'); });\n  it('asserts', () => assert.equal(1, 2));\n});\n`,
        );
      }
      const results = path.join(dir, 'results.json');
      const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
      const reporter = path.join(repoRoot, 'out', 'test', 'host', 'countingReporter.js');
      const run = spawnSync(process.execPath, [mocha, '--reporter', reporter, '--parallel', '--jobs', '2', path.join(dir, 'one.spec.js'), path.join(dir, 'two.spec.js')], {
        env: { ...process.env, ATB_TEST_RESULTS: results },
        encoding: 'utf8',
      });
      assert.equal(run.status, 4, run.stdout + run.stderr);
      const { failed, failures } = JSON.parse(fs.readFileSync(results, 'utf8')) as { failed: number; failures: string[] };
      assert.equal(failed, 4);
      assert.deepEqual([...failures].sort(), [
        'one asserts: Expected values to be strictly equal:',
        'one throws: one went wrong',
        'two asserts: Expected values to be strictly equal:',
        'two throws: two went wrong',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
