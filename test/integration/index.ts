// Entry point the extension host loads (extensionTestsPath): runs every
// compiled test/integration/**/*.test.js with mocha, the same way under
// code-server (npm test) and desktop VS Code (npm run test:desktop).
import * as fs from 'node:fs';
import * as path from 'node:path';
// Default import: mocha 12 is an ES module, and require() of it yields a namespace whose default is the class.
import Mocha from 'mocha';
import CountingReporter from '../host/countingReporter';

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

/**
 * `untrusted*.test.js` need a workspace in Restricted Mode: they run only in the
 * session started with ATB_INTEGRATION_UNTRUSTED=1 (`runIntegration --untrusted`),
 * and only they run there.
 */
function isUntrustedSuite(file: string): boolean {
  return path.basename(file).startsWith('untrusted');
}

/** `ATB_INTEGRATION_FILES=tree,mcpWrites` runs only the suites whose file names contain one of the words. */
function isSelected(file: string): boolean {
  const words = process.env.ATB_INTEGRATION_FILES?.split(',').filter(Boolean);
  return !words?.length || words.some((w) => path.basename(file).includes(w));
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: CountingReporter });
  // `ATB_INTEGRATION_GREP=lock` runs only the tests whose titles match.
  if (process.env.ATB_INTEGRATION_GREP) mocha.grep(process.env.ATB_INTEGRATION_GREP);
  const untrusted = process.env.ATB_INTEGRATION_UNTRUSTED === '1';
  for (const file of testFiles(__dirname)) if (isUntrustedSuite(file) === untrusted && isSelected(file)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
