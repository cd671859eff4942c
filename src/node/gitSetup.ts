// Making git merge task files with `agent-task-board merge-file`: the
// `.gitattributes` lines that name the driver for the task-file globs, and the
// driver's command in the repository's config. Idempotent: what is already
// there is left as it is; `planGitSetup` says what is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitCommonDir, gitConfigGet, gitConfigSet, gitMergeAttributes, gitTopLevel, gitTrackedFiles, GitError } from './git';
import { expandBraces, globMatches } from '../core/fileKinds';

export const MERGE_DRIVER = 'agent-task-board';
const DRIVER_NAME = 'Agent Task Board: merges task files task by task';

export interface GitSetupPlan {
  readonly topLevel: string;
  /** `.gitattributes` lines to add (the file at the top of the working tree). */
  readonly attributeLines: readonly string[];
  /** Config keys to set, with their values. */
  readonly config: ReadonlyArray<readonly [string, string]>;
  /**
   * Task files whose line is in `.gitattributes` but which git gives another merge (a later line, a nested
   * `.gitattributes`, `.git/info/attributes`): a path standing for the glob, and what git says of it.
   */
  readonly overridden: ReadonlyArray<{ readonly path: string; readonly merge: string }>;
}

/**
 * What `git-setup` would change in the repository around `cwd`: the
 * attributes lines missing for `globs` (task-file globs such as `**\/TODO.md`),
 * and the driver config when unset or different. `cliPath` is the script that
 * runs `merge-file`.
 */
export function planGitSetup(cwd: string, globs: readonly string[], cliPath: string): GitSetupPlan {
  const topLevel = gitTopLevel(cwd);
  if (topLevel === undefined) throw new GitError(`${cwd} is not in a git repository.`);
  const present = attributeLinesOf(readAttributes(topLevel));
  const attributeLines = globs.flatMap(expandBraces).map(attributePattern).map((p) => `${p} merge=${MERGE_DRIVER}`).filter((l) => !present.has(l));
  const wanted: Array<[string, string]> = [
    [`merge.${MERGE_DRIVER}.name`, DRIVER_NAME],
    [`merge.${MERGE_DRIVER}.driver`, driverCommand(topLevel, cliPath)],
  ];
  const config = wanted.filter(([key, value]) => gitConfigGet(topLevel, key) !== value);
  const lines = [...new Set(attributeLines)];
  return { topLevel, attributeLines: lines, config, overridden: overriddenMerges(topLevel, globs, new Set(lines)) };
}

/** The globs' files (a path standing for each glob whose line is there) that git merges otherwise than with the driver. */
export function overriddenMerges(topLevel: string, globs: readonly string[], missing: ReadonlySet<string> = new Set()): GitSetupPlan['overridden'] {
  const asked = globs.flatMap(expandBraces).filter((glob) => !missing.has(`${attributePattern(glob)} merge=${MERGE_DRIVER}`));
  if (asked.length === 0) return [];
  // A path each glob's files may have (`BACKEND_WORK_LOG.md`, `.claude/tasks/agent-tasks.md`), and the task files
  // git tracks: a nested `.gitattributes` may say otherwise only for some folder.
  const paths = new Set(asked.map((glob) => glob.replace(/^(?:\*\*\/)+/, '').replace(/\*(?=WORK_LOG)/, 'BACKEND_').replace(/\*/g, 'agent')));
  for (const file of gitTrackedFiles(topLevel)) if (asked.some((glob) => globMatches(glob, file))) paths.add(file);
  let said: Map<string, string>;
  try {
    said = gitMergeAttributes(topLevel, [...paths]);
  } catch {
    return []; // git cannot say (a glob pointing outside the repository): nothing to report, as before asking
  }
  return [...paths].filter((p) => said.get(p) !== MERGE_DRIVER).map((p) => ({ path: p, merge: said.get(p) ?? 'unspecified' }));
}

/**
 * Writes what the plan says is missing; every byte already in `.gitattributes` stays. The driver's config goes
 * first: lines naming a driver git has no command for would make git fail each merge of a task file, while a
 * command no line names yet is harmless (a locked `.git/config` then leaves nothing half done).
 */
export function applyGitSetup(plan: GitSetupPlan): void {
  applyGitConfig(plan);
  const file = attributesFile(plan);
  const text = readAttributes(plan.topLevel);
  const addition = attributesAddition(plan, text);
  if (addition !== '') fs.writeFileSync(file, text + addition);
}

export function attributesFile(plan: GitSetupPlan): string {
  return path.join(plan.topLevel, '.gitattributes');
}

/**
 * What to append to `.gitattributes` whose text is `current`: the plan's lines
 * it does not hold yet, in its line breaks, after a break if its last line has
 * none; '' when there is nothing to add.
 */
export function attributesAddition(plan: GitSetupPlan, current: string): string {
  const present = attributeLinesOf(current);
  const lines = plan.attributeLines.filter((l) => !present.has(l));
  if (lines.length === 0) return '';
  const eol = current.includes('\r\n') ? '\r\n' : '\n';
  const sep = current === '' || current.endsWith('\n') ? '' : eol;
  return sep + lines.map((l) => l + eol).join('');
}

/** Sets the driver config the plan says is missing. */
export function applyGitConfig(plan: GitSetupPlan): void {
  for (const [key, value] of plan.config) gitConfigSet(plan.topLevel, key, value);
}

/** The lines of a `.gitattributes` text, trimmed, their spaces collapsed: what a wanted line is compared with. */
function attributeLinesOf(text: string): Set<string> {
  return new Set(text.split(/\r?\n/).map((l) => l.trim().split(/\s+/).join(' ')));
}

/** Whether the task files merge with the driver: nothing to add, and nothing git reads after the lines gives them another merge. */
export function isSetUp(plan: GitSetupPlan): boolean {
  return nothingMissing(plan) && plan.overridden.length === 0;
}

/** Whether git-setup has nothing to add (an override of the lines is the repository's own choice, not set up away). */
export function nothingMissing(plan: GitSetupPlan): boolean {
  return plan.attributeLines.length === 0 && plan.config.length === 0;
}

function readAttributes(topLevel: string): string {
  try {
    return fs.readFileSync(path.join(topLevel, '.gitattributes'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * A task-file glob as a `.gitattributes` pattern. `**\/TODO.md` becomes
 * `TODO.md` (a pattern without a slash matches at any depth there); a glob
 * with a directory part keeps its leading `**\/`, which git reads the same way.
 */
export function attributePattern(glob: string): string {
  const rest = glob.replace(/^(?:\*\*\/)+/, '');
  return rest.includes('/') ? glob : rest;
}

/**
 * The driver command git runs (through the shell, from the top of the working
 * tree) for each conflicted task file: node running the CLI script directly
 * (`npx` would find it too, but costs a second node start per file).
 *
 * The repository's own `node_modules/agent-task-board` is named relative to
 * the top, as it is (a link from npm link or pnpm included), so the setting
 * works in every clone and survives upgrades; a linked worktree (`git worktree
 * add`, where parallel agents work) has no `node_modules` of its own and
 * shares the config, so the command looks in the main worktree's too. Without
 * one, the running script's absolute path. Should the script be missing when
 * git runs the command (an agent's worktree of a bare repository, a package
 * removed or upgraded away), git's own line merge writes the file with
 * conflict markers: a driver that fails leaves git our side alone, and the
 * other side's changes would be committed away unseen.
 */
export function driverCommand(topLevel: string, cliPath: string): string {
  const find = hasLocalCli(topLevel)
    ? `cli=${LOCAL_CLI}; [ -f "$cli" ] || cli="$(git rev-parse --git-common-dir)/../$cli"; `
    : `cli=${shellQuote(fs.realpathSync(cliPath))}; `;
  return (
    `${find}if [ -f "$cli" ]; then node "$cli" merge-file %O %A %B %P --marker-size=%L; ` +
    `else echo "agent-task-board: no $cli (npm install, then git-setup): %P merged line by line" >&2; ` +
    'git merge-file --marker-size=%L -L ours -L base -L theirs %A %O %B; fi'
  );
}

/** Whether the package is installed in the working tree at `topLevel`, or in the main worktree of its repository. */
function hasLocalCli(topLevel: string): boolean {
  if (fs.existsSync(path.join(topLevel, LOCAL_CLI))) return true;
  const common = gitCommonDir(topLevel);
  return common !== undefined && fs.existsSync(path.join(path.resolve(topLevel, common), '..', LOCAL_CLI));
}

/** Where `npm install -D agent-task-board` puts the command line, from the top of the working tree. */
export const LOCAL_CLI = 'node_modules/agent-task-board/dist/cli.js';

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
