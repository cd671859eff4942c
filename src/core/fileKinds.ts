// Which task files a workspace path is, by glob (docs/architecture.md, "File kinds").
//
// The matcher is ours, not a dependency: the globs are short, come from our own
// settings, and need only `**`, `*`, `?`, `{a,b}` and `[...]` on posix paths;
// a few dozen lines keep the extension bundle small and the behaviour plain.
// Semantics: `*` and `?` never cross a `/`; `**` as a whole segment matches
// zero or more segments; dot files are matched like any other (so
// `**/node_modules/**` also excludes `.cache/node_modules`); case matters, as
// it does for VS Code's own watcher globs on Linux, so the extension (which
// hands the same settings to VS Code) and the CLI list the same files. The
// defaults therefore spell out the names agents write: `TODO.md` and
// `todo.md`; any `*WORK_LOG.md` (`WORK_LOG.md`, `AI_WORK_LOG.md`, ...).
// `.claude/tasks/todo.md` is a board, not a checklist: it is one plan of
// checkable items under headings such as Plan and Review, whose status is the
// box, not the section, and no agent is named by its file name.
import type { FileKind } from './model';

export const DEFAULT_GLOBS: Readonly<Record<FileKind, string>> = {
  board: '**/{TODO,todo}.md',
  checklist: '**/.claude/tasks/*-tasks.md',
  worklog: '**/*WORK_LOG.md',
  agent: '**/.claude/agents/*.md',
};

export const DEFAULT_EXCLUDES: readonly string[] = ['**/node_modules/**', '**/.git/**'];

/** Checked most specific first, so `.claude/agents/TODO.md` is an agent file. */
const KIND_ORDER: readonly FileKind[] = ['checklist', 'agent', 'worklog', 'board'];

/**
 * The kind of task file `relativePath` is, or undefined when it matches no
 * glob or matches an exclude. Backslashes and a leading `./` are accepted.
 */
export function fileKindOf(
  relativePath: string,
  globs: Readonly<Record<FileKind, string>> = DEFAULT_GLOBS,
  excludes: readonly string[] = DEFAULT_EXCLUDES,
): FileKind | undefined {
  const path = relativePath.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
  if (excludes.some((glob) => globMatches(glob, path))) return undefined;
  return KIND_ORDER.find((kind) => globs[kind] !== undefined && globs[kind] !== '' && globMatches(globs[kind], path));
}

const compiled = new Map<string, RegExp>();

/** Whether the posix path matches the glob. */
export function globMatches(glob: string, path: string): boolean {
  let re = compiled.get(glob);
  if (!re) {
    re = new RegExp(`^${globSource(glob.replace(/\\/g, '/').replace(/^(?:\.\/)+/, ''))}$`);
    if (compiled.size > 500) compiled.clear();
    compiled.set(glob, re);
  }
  return re.test(path);
}

function globSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const segmentStart = i === 0 || glob[i - 1] === '/';
      const segmentEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (segmentStart && segmentEnd) {
        if (glob[i + 2] === '/') {
          out += '(?:[^/]*/)*'; // `**/`: zero or more whole segments
          i += 2;
        } else {
          out += '.*'; // a trailing `**`: everything below
          i += 1;
        }
        continue;
      }
      out += '[^/]*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        out += body.startsWith('!') ? `[^/${body.slice(1)}]` : `[${body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\\]{}]/g, '\\$&');
  }
  return out + ')'.repeat(braces);
}

/**
 * The brace-free globs `glob` stands for (`**\/{TODO,todo}.md` is
 * `**\/TODO.md` and `**\/todo.md`), for tools without braces: `.gitattributes`.
 */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open === -1) return [glob];
  let depth = 0;
  const cuts: number[] = [];
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const head = glob.slice(0, open);
      const tails = expandBraces(glob.slice(i + 1));
      const bounds = [open, ...cuts, i];
      const options = bounds.slice(1).map((end, k) => glob.slice(bounds[k]! + 1, end));
      return options.flatMap((o) => expandBraces(o)).flatMap((o) => tails.map((t) => head + o + t));
    } else if (c === ',' && depth === 1) cuts.push(i);
  }
  return [glob]; // an unclosed brace is a literal
}
