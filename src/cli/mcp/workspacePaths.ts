// File arguments from agents are relative to the server's root and must stay
// inside it: an MCP client is not allowed to make the server write elsewhere.
import * as path from 'node:path';
import { toPosix } from '../discoverFiles';
import { PathOutsideRootError } from './toolResult';

/** The absolute path and the root-relative posix path of `file`, or a refusal when it leaves the root. */
export function insideRoot(root: string, file: string): { path: string; relative: string } {
  const full = path.resolve(root, file);
  const relative = path.relative(root, full);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new PathOutsideRootError(`"${file}" is not a file inside the workspace ${root}; give a path relative to it.`);
  }
  return { path: full, relative: toPosix(relative) };
}
