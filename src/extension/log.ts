// The extension's own log: the "Agent Task Board" channel of the Output view,
// a LogOutputChannel, so VS Code stamps each line, honours the log level the
// user sets and keeps the file with the window's logs. What fails out of
// sight of any command (a view's update in a later turn, the start-up git
// set-up offer) is written here, where a user and the tests can read it.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** Opens the channel; disposing the result closes it. */
export function registerLog(): vscode.Disposable {
  channel ??= vscode.window.createOutputChannel('Agent Task Board', { log: true });
  return new vscode.Disposable(() => {
    channel?.dispose();
    channel = undefined;
  });
}

/** Logs a failure no command reports; before the channel opens (or after it closes), to the console. */
export function logError(message: string, error?: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error);
  const line = detail ? `${message}: ${detail}` : message;
  if (channel) channel.error(line);
  else console.error(`Agent Task Board: ${line}`);
}

/** Logs something that went wrong but changes nothing the user relies on. */
export function logWarning(message: string): void {
  if (channel) channel.warn(message);
  else console.warn(`Agent Task Board: ${message}`);
}
