// The test-host API for integration and UI tests; see test/host/README.md.
export { cleanupAll } from './cleanup';
export { HARNESS_SETTINGS, TEST_SETTINGS, UNTRUSTED_SETTINGS, freePort, linkExtension, startHost, type Host, type HostOptions } from './codeServer';
export { useWorkbench, type WorkbenchSession } from './mochaSession';
export { demoWorkspace, repoRoot, resultsDir, screenshotsDir } from './paths';
export { openWorkbench, type Workbench, type WorkbenchOptions } from './workbench';
