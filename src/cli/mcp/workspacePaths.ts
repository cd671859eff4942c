// File arguments from agents are relative to the server's root and must stay
// inside it: an MCP client is not allowed to make the server write elsewhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toPosix } from '../discoverFiles';
import { deepestExisting, linkTarget, pathProblem, realPathWithin, realRoot } from '../../node/withinRoot';
import { PathOutsideRootError } from './toolResult';

/**
 * The absolute path and the root-relative posix path of `file`, or a refusal
 * when it leaves the root — lexically (`../x`) or through a symlink: a linked
 * folder inside the root may point anywhere, so the real path of the deepest
 * part that exists must be inside the real root too. A symlink to nothing is
 * refused by name, and so is a path no file can have (a NUL byte, a name too
 * long), which every tool's file argument passes through here.
 */
export function insideRoot(root: string, file: string): { path: string; relative: string } {
  const full = path.resolve(root, file);
  const relative = path.relative(root, full);
  const refuse = (why = `is not a file inside the workspace ${root}; give a path relative to it`): never => {
    throw new PathOutsideRootError(`"${file}" ${why}.`);
  };
  if (relative === '' || isOutside(relative)) refuse();
  // One walk to the deepest folder that exists, for the name check and the real-path check (existsSync takes a NUL).
  const found = deepestExisting(full);
  const problem = pathProblem(full, found);
  if (problem) refuse(`${problem}; nothing was read or written`);
  const target = linkTarget(full);
  if (target !== undefined && !fs.existsSync(full)) refuse(`is a symlink to ${target}, which does not exist; nothing was read or written`);
  const { existing } = found;
  const real = realPathWithin(realRoot(root), existing);
  if (!real.ok || (existing === full && real.real === realRoot(root))) refuse();
  return { path: full, relative: toPosix(relative) };
}

function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}
