// Mocha glue for UI tests: one host + Chromium per `describe`, screenshot and
// host logs kept when a test fails, everything stopped afterwards.
import * as path from 'node:path';
import { startHost, TEST_SETTINGS, type Host, type HostOptions } from './codeServer';
import { resultsDir, slug } from './paths';
import { openWorkbench, type Workbench, type WorkbenchOptions } from './workbench';

export interface WorkbenchSession {
  /** Valid inside `it`/`beforeEach` (set up by the `before` hook this registers). */
  readonly host: Host;
  readonly workbench: Workbench;
}

/**
 * Call at the top of a `describe`: registers before/afterEach/after hooks that
 * start code-server on a copy of the workspace, open the workbench with the
 * extension loaded, save a screenshot + logs for each failed test under
 * .test-results/e2e/<test>/ and stop everything at the end.
 */
export function useWorkbench(options: HostOptions & WorkbenchOptions = {}): WorkbenchSession {
  let host: Host | undefined;
  let workbench: Workbench | undefined;
  const session: WorkbenchSession = {
    get host() {
      if (!host) throw new Error('useWorkbench: the host is not started (use it inside it/beforeEach)');
      return host;
    },
    get workbench() {
      if (!workbench) throw new Error('useWorkbench: the workbench is not open (use it inside it/beforeEach)');
      return workbench;
    },
  };

  before(async function () {
    this.timeout(180_000);
    host = await startHost({ ...options, settings: { ...TEST_SETTINGS, ...options.settings } });
    workbench = await openWorkbench(host, options);
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const dir = path.join(resultsDir, 'e2e', slug(test.fullTitle()));
    host?.saveLogs(dir);
    if (workbench) await workbench.screenshot(`failed-${test.fullTitle()}`).catch(() => undefined);
  });

  after(async function () {
    this.timeout(30_000);
    await workbench?.close();
    await host?.stop();
  });

  return session;
}
