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
    // Each failure with the first line of its error, so the run's summary can say what failed.
    runner.on('fail', (test, error: unknown) => failures.push(`${test.fullTitle()}: ${firstLine(error)}`));
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

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0].trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

export = CountingReporter;
