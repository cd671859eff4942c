// The agent a checkbox item names: an `@name` in its line. Read by the parse
// (markdownTasks.ts), written and taken out by moves (markdownEdits.ts), and
// checked before a move writes one (moves.ts), all with the one pattern here.

/** A name a mention holds: letters, digits, `_`, `.` and `-`, ending in no `.` or `-` (`@alice.` is alice's). */
const NAME = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?`;
/** `@name` at the start of the line or after a blank or an opening bracket (`(@bob)`); never inside a word (an e-mail). */
const MENTION = new RegExp(String.raw`(?<![^\s([])@(${NAME})`, 'gu');
const WHOLE_NAME = new RegExp(`^${NAME}$`, 'u');

const BRACKETED = new RegExp(String.raw`\(@${NAME}\)`, 'gu');
/** A mention with the dots that end it (`owned by @alice.`). */
const MENTION_DOTS = new RegExp(String.raw`${MENTION.source}\.*`, 'gu');

/** `text` without its mentions (a bracketed one with its brackets): a title for display, and for an id made from it. */
export function withoutMentions(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(BRACKETED, '').replace(MENTION_DOTS, '');
}

/** Whether `name` can be written as a mention and read back whole. */
export function isMentionName(name: string): boolean {
  return WHOLE_NAME.test(name);
}

/**
 * The agent a checkbox item's line names (`line`: its text after the box, up to any completion stamp): the mention
 * that ends the line, where a claim writes it (`Sync with @design on the API @zed`); else the first one (`@bob Fix
 * logout`, `Fix logout (@bob)`). `at` is where its `@` is in `line`.
 */
export function holderMention(line: string): { readonly name: string; readonly at: number; readonly end: number; readonly last: boolean } | undefined {
  if (!line.includes('@')) return undefined;
  let first: RegExpExecArray | undefined;
  let last: RegExpExecArray | undefined;
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(line); m; m = MENTION.exec(line)) {
    first ??= m;
    last = m;
  }
  if (!first || !last) return undefined;
  const ending = line.slice(last.index + last[0].length).trim() === '';
  const m = ending ? last : first;
  return { name: m[1]!, at: m.index, end: m.index + m[0].length, last: ending };
}
