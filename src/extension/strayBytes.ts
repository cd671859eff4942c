// Files that are UTF-8 but for a few stray bytes (a Windows-1252 em dash).
// VS Code opens them as UTF-8 and shows each stray byte as U+FFFD; a save
// then writes U+FFFD's three bytes in place of the user's byte. The
// extension writes task files only through the editor (WorkspaceEdit, then
// save), so it refuses to move or revert in such a file and says why; the
// command line and the MCP server write it with the bytes kept
// (src/core/byteText.ts).
import * as vscode from 'vscode';
import { decodeKeepingBytes, strayByteProblems } from '../core/byteText';
import { LineIndex } from '../core/text';

/** Why the editor must not write `uri`, when its bytes on disk are not all UTF-8; undefined otherwise. */
export async function strayBytesRefusal(uri: vscode.Uri, name: string): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined; // missing or unreadable: the caller's own checks say so
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // Stray bytes: name the first line that holds one.
  }
  const text = decodeKeepingBytes(bytes);
  const first = strayByteProblems(name, text)[0];
  const line = first ? new LineIndex(text).lineAt(first.span.start) + 1 : undefined;
  return vscode.l10n.t(
    '{0}: line {1} holds bytes that are not UTF-8. The editor shows them as � and saving would write � in their place, so nothing was changed. Move the task with the agent-task-board command line, which keeps the bytes, or re-save the file as UTF-8.',
    name,
    String(line ?? '?'),
  );
}
