// Which parser reads a file kind: the one place that decides it (docs/architecture.md,
// "File kinds"). The index, the store's worker, the CLI and the editor's own
// parses all come here, so they cannot read one text two ways.
import { parseAgentDefinition } from './agents/parseAgentDefinition';
import { parseBoard, type TaskSink } from './board/parseBoard';
import { rereadBoard } from './board/reparseBoard';
import { parseChecklist } from './checklist/parseChecklist';
import type { FileKind, ParsedBoard, ParsedChecklist, ParsedFile, SourceText } from './model';
import { parseWorkLog } from './worklog/parseWorkLog';

/**
 * The parse of `src` as a file of `kind`. Never throws on user text. A board's
 * tasks are told to `sink` as they are read (see parseBoard).
 */
export function parseFile(kind: 'board' | 'checklist', src: SourceText, sink?: TaskSink): ParsedBoard | ParsedChecklist;
export function parseFile(kind: FileKind, src: SourceText, sink?: TaskSink): ParsedFile;
export function parseFile(kind: FileKind, src: SourceText, sink?: TaskSink): ParsedFile {
  switch (kind) {
    case 'board':
      return parseBoard(src, sink);
    case 'checklist':
      return parseChecklist(src);
    case 'worklog':
      return parseWorkLog(src);
    case 'agent':
      return parseAgentDefinition(src);
  }
}

/**
 * The parse of `src` as a file of `kind`, given the parse of an earlier text
 * of the same file under the same lifecycle: a board edited inside one item
 * is read from the parse it had (board/reparseBoard.ts); anything else is read
 * whole. The same result as `parseFile` either way.
 */
export function reparseFile(kind: FileKind, src: SourceText, previous: { readonly kind: FileKind; readonly text: string; readonly parsed: ParsedFile } | undefined): ParsedFile {
  return rereadFile(kind, src, previous).parsed;
}

/** `reparseFile`'s parse, with the index of the one task read again when a board was read from its parse before. */
export function rereadFile(kind: FileKind, src: SourceText, previous: { readonly kind: FileKind; readonly text: string; readonly parsed: ParsedFile } | undefined): { readonly parsed: ParsedFile; readonly rereadIndex?: number } {
  if (kind === 'board' && previous?.kind === 'board' && previous.parsed.kind === 'board') {
    const reread = rereadBoard(previous.text, previous.parsed, src);
    if (reread) return { parsed: reread.board, rereadIndex: reread.index };
  }
  return { parsed: parseFile(kind, src) };
}
