// Where a board's YAML front matter ends: its `tasks:` list is read as task items (agent progress files),
// and the checkbox and table readers skip it.

/**
 * The offset where YAML front matter ends (the start of its closing `---` or `...` line), or 0 when the text
 * does not open with front matter.
 */
export function frontMatterEnd(text: string): number {
  const at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', at)) return 0;
  // A `key:` line right after the opening rule: a board may also open with a plain `---` rule.
  const first = /^---[ \t]*\r?\n(?=[A-Za-z_][\w-]*:)/.exec(text.slice(at, at + 200));
  if (!first) return 0;
  const close = /^(?:---|\.\.\.)[ \t]*\r?$/m.exec(text.slice(at + first[0].length));
  return close ? at + first[0].length + close.index : 0;
}
