// One markdown-it instance for the block structure of checklists and work
// logs. Only block tokens and their `.map` line ranges are used, so the inline
// pass and the typographic rules are switched off: they cost time and change
// nothing we read. `html: false`: raw HTML in a task file is text, never markup.
import MarkdownIt from 'markdown-it';

type Token = ReturnType<MarkdownIt['parse']>[number];
export type BlockToken = Token;

let md: MarkdownIt | undefined;

/**
 * The instance, made on first use: a command-line run that reads no checklist
 * and no work log (`list` or `claim` on a board) never makes it, and its
 * bundle then never loads markdown-it (see esbuild.mjs, lazy libraries).
 */
function markdown(): MarkdownIt {
  if (!md) {
    md = new MarkdownIt({ html: false });
    md.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);
  }
  return md;
}

/**
 * Block tokens of `text`, whose `.map` lines are the lines of `LineIndex`
 * (split on `\n` only). A leading BOM is dropped first (markdown-it would read
 * `\uFEFF# Title` as a paragraph; the BOM sits inside line 0, so no line
 * moves). A lone `\r` is a line break to markdown-it but not to `LineIndex`,
 * so it is read as a space.
 */
export function blockTokens(text: string): BlockToken[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return markdown().parse(body.replace(/\r(?!\n)/g, ' '), {});
}

/** Heading level of a `heading_open` token (`h2` → 2). */
export function headingLevel(token: BlockToken): number {
  return Number(token.tag.slice(1)) || 1;
}
