// What the integration suites share: polling for a condition, and the nudge
// that makes the store rescan when the file watcher lags (on a loaded machine
// it was seen to deliver events tens of seconds late; the suites test what a
// write causes, not the watcher's delivery).
import * as vscode from 'vscode';

type Probe<T> = () => T | undefined | false | PromiseLike<T | undefined | false>;

/** Polls `probe` until it gives a value other than undefined or false. */
export async function waitFor<T>(what: string, probe: Probe<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A settings change the store answers with a rescan of every task file. */
export async function nudgeRescan(): Promise<void> {
  const config = vscode.workspace.getConfiguration('agentTaskBoard');
  const current = config.inspect<string[]>('files.exclude')?.workspaceValue;
  await config.update('files.exclude', ['**/.atb-rescan-nudge/**'], vscode.ConfigurationTarget.Workspace);
  await config.update('files.exclude', current, vscode.ConfigurationTarget.Workspace);
}

/** waitFor for what a write on disk causes: after 3 s, and every 5 s after that, the store is asked to rescan. */
export async function waitForDisk<T>(what: string, probe: Probe<T>, timeoutMs = 60_000): Promise<T> {
  let nudgeAt = Date.now() + 3000;
  return waitFor(
    what,
    async () => {
      const value = await probe();
      if ((value === undefined || value === false) && Date.now() > nudgeAt) {
        nudgeAt = Date.now() + 5000;
        await nudgeRescan();
      }
      return value;
    },
    timeoutMs,
  );
}
