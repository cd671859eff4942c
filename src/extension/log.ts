// The extension's own log: the "Agent Task Board" channel of the Output view,
// a LogOutputChannel, so VS Code stamps each line, honours the log level the
// user sets and keeps the file with the window's logs. What fails out of
// sight of any command (a view's update in a later turn, the start-up git
// set-up offer) is written here, where a user and the tests can read it.
import * as vscode from 'vscode';
import { registerTestHooks } from './testHooks';

let channel: vscode.LogOutputChannel | undefined;
/** Under test, what was written to the channel, as `level: message` (the `_agentTaskBoard.logLines` hook). */
let written: string[] | undefined;

/** Opens the channel; disposing the result closes it. */
export function registerLog(underTest: boolean): vscode.Disposable {
  channel ??= vscode.window.createOutputChannel('Agent Task Board', { log: true });
  written = underTest ? [] : undefined;
  const hooks = registerTestHooks(underTest, { '_agentTaskBoard.logLines': () => [...(written ?? [])] });
  return new vscode.Disposable(() => {
    hooks.dispose();
    channel?.dispose();
    channel = undefined;
    written = undefined;
  });
}

/** Logs a failure no command reports; before the channel opens (or after it closes), to the console. */
export function logError(message: string, error?: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error);
  const line = detail ? `${message}: ${detail}` : message;
  written?.push(`error: ${line}`);
  if (channel) channel.error(line);
  else console.error(`Agent Task Board: ${line}`);
}

/** Logs something that went wrong but changes nothing the user relies on. */
export function logWarning(message: string): void {
  written?.push(`warning: ${message}`);
  if (channel) channel.warn(message);
  else console.warn(`Agent Task Board: ${message}`);
}
