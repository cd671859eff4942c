// What lint reports for one text of a task file: the one function behind the
// CLI's and the MCP server's `lint`, the editor's diagnostics and its fix-all
// (docs/architecture.md, "Layers"). Stale claims and the lifecycle are judged
// on top of it by each adapter, which alone knows the clock's threshold and
// the accepted state.
import { lintBoard, type IdsElsewhere } from './board/lintBoard';
import { strayByteProblems } from './byteText';
import { lintChecklist } from './checklist/lintChecklist';
import { isoDate } from './checklist/isoDate';
import { DEFAULT_LIFECYCLE, type Lifecycle } from './lifecycleModel';
import { loneCrProblems } from './lineBreaks';
import type { ParsedFile, Problem } from './model';

/**
 * The problems of a parsed file: the board and checklist rules (which include
 * their parse problems), or the parse problems of a work log or an agent file,
 * each once, a warning on each line holding bytes that are not UTF-8, and one on line ends that are a CR alone in a
 * file whose other lines end in LF.
 * `today` dates the fixes that write a completion date; `lifecycle` is the
 * repository's (the statuses lint accepts and offers); `idsElsewhere`, the ids the
 * workspace's other task files use, which a board's renumber and new-id fixes avoid.
 */
export function lintFile(parsed: ParsedFile, text: string, today: string = isoDate(new Date()), lifecycle: Lifecycle = DEFAULT_LIFECYCLE, idsElsewhere?: IdsElsewhere): Problem[] {
  const problems = lintByKind(parsed, text, today, lifecycle, idsElsewhere);
  const lone = loneCrProblems(parsed.file, text);
  const stray = strayByteProblems(parsed.file, text);
  if (lone.length === 0 && stray.length === 0) return problems;
  return [...problems, ...lone, ...stray].sort((a, b) => a.span.start - b.span.start);
}

function lintByKind(parsed: ParsedFile, text: string, today: string, lifecycle: Lifecycle, idsElsewhere: IdsElsewhere | undefined): Problem[] {
  switch (parsed.kind) {
    case 'board':
      return once(lintBoard(parsed, text, lifecycle, idsElsewhere));
    case 'checklist':
      return once(lintChecklist(parsed, text, today, lifecycle));
    default:
      return once(parsed.problems);
  }
}

/** The same problem reported twice (same code, place and message) is kept once, the first time. */
function once(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\0${p.span.start}\0${p.span.end}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
