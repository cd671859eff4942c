// `agent-task-board git-setup [--check]`: makes git merge the task files with
// `merge-file` (.gitattributes lines for the default task-file globs, and the
// driver command in the repository's config), or with --check says what is missing.
import { DEFAULT_GLOBS } from '../core/fileKinds';
import { applyGitSetup, isSetUp, nothingMissing, overriddenMerges, planGitSetup, type GitSetupPlan } from '../node/gitSetup';

/** The globs whose files the driver merges: boards, checklists and work logs (agent definitions merge by lines). */
export const MERGED_GLOBS: readonly string[] = [DEFAULT_GLOBS.board, DEFAULT_GLOBS.checklist, DEFAULT_GLOBS.worklog];

export interface GitSetupOutcome {
  readonly plan: GitSetupPlan;
  readonly applied: boolean;
}

export function gitSetup(root: string, cliPath: string, check: boolean): GitSetupOutcome {
  const plan = planGitSetup(root, MERGED_GLOBS, cliPath);
  if (check || isSetUp(plan)) return { plan, applied: false };
  applyGitSetup(plan);
  // What git makes of the lines now there: another attribute file may still give those files another merge.
  return { plan: { ...plan, overridden: overriddenMerges(plan.topLevel, MERGED_GLOBS) }, applied: !nothingMissing(plan) };
}

/**
 * Whether the task files merge with the driver after the command: with `--check`, whether nothing is missing or
 * overridden; else (what was missing is now written) whether git gives them another merge anyway. Exit 1 when not.
 */
export function setUpAfter({ plan }: GitSetupOutcome, check: boolean): boolean {
  return check ? isSetUp(plan) : plan.overridden.length === 0;
}

/** What a person reads: each missing (or added) line and setting, and each file git merges otherwise. */
export function describeGitSetup({ plan, applied }: GitSetupOutcome): string {
  if (isSetUp(plan)) return `${plan.topLevel}: task files already merge with agent-task-board merge-file.\n`;
  const verb = applied ? 'added' : 'missing';
  const lines = [
    ...plan.attributeLines.map((l) => `.gitattributes ${verb}: ${l}`),
    ...plan.config.map(([key, value]) => `git config ${applied ? 'set' : 'missing'}: ${key} = ${value}`),
    ...plan.overridden.map(
      (o) => `overridden: git merges ${o.path} with merge=${o.merge} (a later .gitattributes line, a nested .gitattributes or .git/info/attributes says so; \`git check-attr merge -- ${o.path}\`)`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
