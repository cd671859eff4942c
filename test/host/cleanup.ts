// Guaranteed cleanup: every child the harness starts is registered here and
// ended when the run ends — normally, on failure, or on SIGINT/SIGTERM — so
// no code-server or Chromium outlives a test run.
type AsyncCleanup = () => Promise<void>;

const processGroups = new Set<number>();
const cleanups = new Set<AsyncCleanup>();
let installed = false;
let stopping = false;

/** Kills a whole process group (the child was spawned `detached`, so its pid is the group id). */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function trackProcessGroup(pid: number): () => void {
  install();
  processGroups.add(pid);
  return () => processGroups.delete(pid);
}

export function trackCleanup(cleanup: AsyncCleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup, bounded in time, then kills what is left. */
export async function cleanupAll(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.race([
    Promise.allSettled(pending.map((c) => c())),
    new Promise((resolve) => setTimeout(resolve, 5000).unref()),
  ]);
  for (const pid of processGroups) killGroup(pid, 'SIGKILL');
  processGroups.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  // Last resort, synchronous: whatever is still running dies with us.
  process.on('exit', () => {
    for (const pid of processGroups) killGroup(pid, 'SIGKILL');
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    // `on`, not `once`: a second Ctrl-C during cleanup must not kill us before the children.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n[host] ${signal}: stopping code-server and Chromium\n`);
      void cleanupAll().finally(() => process.exit(code));
    });
  }
}
