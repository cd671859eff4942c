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
  /** The first failures' whole messages: CI keeps only the end of a run's output, where the summary prints them. */
  details: string[];
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // Each failure with the first line of its error, so the run's summary can say what failed; the first ones whole.
    const failures: string[] = [];
    const details: string[] = [];
    runner.on('fail', (test, error: unknown) => {
      failures.push(`${test.fullTitle()}: ${firstLine(error)}`);
      if (details.length < DETAILED_FAILURES) details.push(`${test.fullTitle()}:\n${whole(error)}`);
    });
    runner.once('end', () => {
      const file = process.env.ATB_TEST_RESULTS;
      if (!file) return;
      const stats = runner.stats ?? this.stats;
      const results: TierResults = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures, details };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(results, null, 2));
    });
  }
}

/** How many failures keep their whole message, and how much of it. */
const DETAILED_FAILURES = 2;
const DETAIL_LINES = 50;

/**
 * An error's message; its stack, or its name, when the message is empty. Under `--parallel` an error reaches the
 * reporter as the plain object a worker serialised (no Error, but its message, stack and name), which String()
 * would print as `[object Object]`.
 */
function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { message, stack, name } = error as { message?: unknown; stack?: unknown; name?: unknown };
    const text = [message, stack, name].find((part) => typeof part === 'string' && part !== '');
    if (text !== undefined) return text as string;
  }
  return String(error);
}

function whole(error: unknown): string {
  const lines = messageOf(error).split('\n');
  const kept = lines.slice(0, DETAIL_LINES).map((l) => (l.length > 300 ? `${l.slice(0, 299)}…` : l));
  if (lines.length > DETAIL_LINES) kept.push(`… ${lines.length - DETAIL_LINES} more lines`);
  return kept.join('\n');
}

function firstLine(error: unknown): string {
  const line = messageOf(error).split('\n', 1)[0].trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

export = CountingReporter;
