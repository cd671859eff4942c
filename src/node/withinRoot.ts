// Whether a path really lies inside a workspace root. A task file or folder
// inside the root may be a symlink to anywhere (`sub/TODO.md -> /etc/passwd`,
// `shared -> ~/other-repo`): reading it would list another file's lines as
// tasks, and writing it would change a file the user never put under the
// root. So containment is judged on real paths, the link resolved, and a
// link whose target is missing is named as such instead of failing later
// with a bare ENOENT.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type RealPath =
  | { readonly ok: true; readonly real: string }
  | { readonly ok: false; readonly why: 'outside' | 'dangling' | 'missing'; /** Without the file's name: `is a symlink to …`. */ readonly reason: string };

/** The root's real path (the root itself when it cannot be resolved; callers check the root exists first). */
export function realRoot(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

/** Whether `real` is `rootReal` or lies under it; both are real paths. */
export function isWithin(rootReal: string, real: string): boolean {
  const relative = path.relative(rootReal, real);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The real path of `file` (absolute), when it exists and lies inside the root's real path; otherwise why not. */
export function realPathWithin(rootReal: string, file: string): RealPath {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (err) {
    const target = linkTarget(file);
    if (target !== undefined) {
      return { ok: false, why: 'dangling', reason: `is a symlink to ${target}, which does not exist` };
    }
    return { ok: false, why: 'missing', reason: `does not exist (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (!isWithin(rootReal, real)) {
    return { ok: false, why: 'outside', reason: `resolves to ${real}, outside the workspace root ${rootReal}` };
  }
  return { ok: true, real };
}

/** What a symlink points at, as written in the link; undefined when `file` is not a symlink. */
export function linkTarget(file: string): string | undefined {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? fs.readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why no file can be at `full` (absolute), in words, or undefined. The file system answers a name too long with a
 * bare code (ENAMETOOLONG), and Node a NUL byte with an error about its own argument ("path" must be a string
 * without null bytes); neither says which path it was or what to change.
 */
export function pathProblem(full: string, found?: { existing: string; missing: string[] }): string | undefined {
  if (full.includes('\0')) return 'holds a NUL byte, which no file name can hold';
  // A name is found too long only by a lookup that reaches it, and a lookup stops at the first folder that is
  // missing: each missing part is looked up in the deepest folder that exists, where it would be created.
  const { existing, missing } = found ?? deepestExisting(full);
  const part = missing.find((name) => tooLong(path.join(existing, name)));
  if (part !== undefined) return `has a name ${Buffer.byteLength(part)} bytes long in it, longer than the file system allows (255 bytes on most)`;
  if (tooLong(full)) return `makes a path ${Buffer.byteLength(full)} bytes long, longer than the file system allows`;
  return undefined;
}

/** The deepest folder or file of `full` (absolute) that exists, and the names below it that do not, in order. */
export function deepestExisting(full: string): { existing: string; missing: string[] } {
  let existing = full;
  const missing: string[] = [];
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    missing.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return { existing, missing };
}

function tooLong(file: string): boolean {
  try {
    fs.lstatSync(file, { throwIfNoEntry: false });
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENAMETOOLONG';
  }
}

/** Why `root` cannot be a workspace root (missing, or not a folder), or undefined when it can. */
export function rootProblem(root: string): string | undefined {
  try {
    if (!fs.statSync(root).isDirectory()) return `the root ${root} is a file, not a folder`;
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? `the root ${root} does not exist` : `the root ${root} cannot be read (${code ?? String(err)})`;
  }
}
