// Runs the integration suites (test/integration/**/*.test.ts, compiled) inside
// the real VS Code extension host: starts code-server on a copy of the demo
// workspace, opens the workbench with extensionTestsPath, waits for `run()`
// to settle. On failure keeps the host log and a screenshot in .test-results/.
//
// Usage: node out/test/host/runIntegration.js [--untrusted]   (npm test runs it)
//   --untrusted: the folder opens in Restricted Mode and only the
//   test/integration/untrusted*.test.ts suites run (the others only without it).
// Env: ATB_TEST_RESULTS (counts file, passed on to the extension host),
//      ATB_INTEGRATION_TIMEOUT_MS (default 600000), ATB_VERBOSE,
//      ATB_INTEGRATION_FILES=tree,board (only the suites whose file names contain one of the words).
import * as path from 'node:path';
import { cleanupAll } from './cleanup';
import { startHost } from './codeServer';
import { integrationIndex, resultsDir } from './paths';
import { openWorkbench, type Workbench } from './workbench';

async function main(): Promise<number> {
  const timeoutMs = Number(process.env.ATB_INTEGRATION_TIMEOUT_MS ?? 600_000);
  const env: Record<string, string> = {};
  if (process.env.ATB_TEST_RESULTS) env.ATB_TEST_RESULTS = path.resolve(process.env.ATB_TEST_RESULTS);
  if (process.env.ATB_INTEGRATION_FILES) env.ATB_INTEGRATION_FILES = process.env.ATB_INTEGRATION_FILES;
  const untrusted = process.argv.includes('--untrusted');
  if (untrusted) env.ATB_INTEGRATION_UNTRUSTED = '1';
  const session = untrusted ? 'integration-untrusted' : 'integration';
  const host = await startHost({ env, trusted: !untrusted });
  let workbench: Workbench | undefined;
  let code = 1;
  try {
    const exitCode = new Promise<number>((resolve) => {
      void openWorkbench(host, {
        extensionTestsPath: integrationIndex,
        onExit: resolve,
        // The extension host's console (mocha's spec output) arrives here.
        onLog: (line) => {
          // The offline gallery lookup fails on every start; it is noise, not a test result.
          if (!line.includes('ENOTFOUND open-vsx.org')) process.stdout.write(`${line.replace(/^\[(log|info)\] /, '')}\n`);
        },
      }).then(
        (opened) => (workbench = opened),
        (error: unknown) => {
          process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    });
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        process.stderr.write(`integration: the suites did not finish within ${timeoutMs / 1000} s (ATB_INTEGRATION_TIMEOUT_MS)\n`);
        resolve(1);
      }, timeoutMs).unref(),
    );
    code = await Promise.race([exitCode, timeout]);
    if (code !== 0) {
      const dir = path.join(resultsDir, session);
      host.saveLogs(dir);
      if (workbench) await workbench.screenshot(`${session}-failure`).catch(() => undefined);
      process.stderr.write(`${session}: failed (exit ${code}); host logs in ${path.relative(process.cwd(), dir)}, screenshot in .test-results/screenshots/\n`);
    }
  } finally {
    await workbench?.close();
    await host.stop();
  }
  return code;
}

main().then(
  async (code) => {
    await cleanupAll();
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`integration: ${error instanceof Error ? error.stack : String(error)}\n`);
    await cleanupAll();
    process.exit(1);
  },
);
