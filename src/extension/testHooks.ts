// The `_agentTaskBoard.*` commands that only tests and the bench call (the
// snapshots, store state, enforcement's buttons, the host measurements) are
// registered only when VS Code runs the extension under test: the integration
// tests and the host bench load it with extensionTestsPath, a user's VS Code
// never does, so theirs never holds these commands (docs/architecture.md,
// "Tests"). The few internal commands the UI itself runs (opening a task or a
// work-log entry, releasing a stale claim) are registered as usual.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as Measurement from './diagnosticsCommands';
import type { TaskStore } from './taskStore';

/** `Date.now()` in fractions of a millisecond: the bench compares these stamps with its own, taken the same way in the same host. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export function isUnderTest(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test;
}

// Each hook takes whatever the test passes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Hook = (...args: any[]) => unknown;

/** Registers each command of `hooks` when `underTest`; otherwise none. */
export function registerTestHooks(underTest: boolean, hooks: Record<string, Hook>): vscode.Disposable {
  if (!underTest) return new vscode.Disposable(() => undefined);
  return vscode.Disposable.from(...Object.entries(hooks).map(([command, hook]) => vscode.commands.registerCommand(command, hook)));
}

/**
 * The host measurements (heap after a forced GC, event-loop delay, a CPU
 * profile through `node:inspector`) live in a bundle of their own,
 * dist/testHooks.js, required only under test: dist/extension.js, the code
 * every user runs, holds neither the inspector nor the `--expose-gc` flag.
 */
export function registerMeasurementHooks(context: vscode.ExtensionContext, store: TaskStore): vscode.Disposable {
  if (!isUnderTest(context)) return new vscode.Disposable(() => undefined);
  // A path esbuild cannot follow, on purpose: the bundle stays separate.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const measurement = require(path.join(context.extensionPath, 'dist', 'testHooks.js')) as typeof Measurement;
  return measurement.registerDiagnosticsCommands(store);
}
