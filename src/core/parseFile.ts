// Which parser reads a file kind: the one place that decides it (docs/architecture.md,
// "File kinds"). The index, the store's worker, the CLI and the editor's own
// parses all come here, so they cannot read one text two ways.
import { parseAgentDefinition } from './agents/parseAgentDefinition';
import { parseBoard } from './board/parseBoard';
import { parseChecklist } from './checklist/parseChecklist';
import type { FileKind, ParsedBoard, ParsedChecklist, ParsedFile, SourceText } from './model';
import { parseWorkLog } from './worklog/parseWorkLog';

/** The parse of `src` as a file of `kind`. Never throws on user text. */
export function parseFile(kind: 'board' | 'checklist', src: SourceText): ParsedBoard | ParsedChecklist;
export function parseFile(kind: FileKind, src: SourceText): ParsedFile;
export function parseFile(kind: FileKind, src: SourceText): ParsedFile {
  switch (kind) {
    case 'board':
      return parseBoard(src);
    case 'checklist':
      return parseChecklist(src);
    case 'worklog':
      return parseWorkLog(src);
    case 'agent':
      return parseAgentDefinition(src);
  }
}
