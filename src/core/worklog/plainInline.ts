// Work-log text shown where markdown is not rendered (tree labels and
// descriptions, quick picks): the inline marks agents write (`code`, **bold**,
// _emphasis_, [links](url)) would show as raw punctuation, so they go and
// their text stays.

/** `text` with its inline markdown marks removed; block structure is not touched. */
export function plainInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => code.trim())
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[\s(])([*_])(?=\S)([^*_]*?\S)\2(?=$|[\s).,;:!?])/g, '$1$3');
}
