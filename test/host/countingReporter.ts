// Mocha's spec output plus a results file, so `npm test` can add up passed,
// failed and skipped tests across tiers (node, extension host, browser).
// The file is named by ATB_TEST_RESULTS; without it this is just `spec`.
import * as fs from 'node:fs';
import * as path from 'node:path';
// Default import: mocha 12 is an ES module, and require() of it yields a namespace whose default is the class.
import Mocha from 'mocha';

interface TierResults {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const failures: string[] = [];
    runner.on('fail', (test) => failures.push(test.fullTitle()));
    runner.once('end', () => {
      const file = process.env.ATB_TEST_RESULTS;
      if (!file) return;
      const stats = runner.stats ?? this.stats;
      const results: TierResults = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(results, null, 2));
    });
  }
}

export = CountingReporter;
