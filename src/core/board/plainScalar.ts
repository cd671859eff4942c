// Plain (unquoted) scalar values resolved exactly as `yaml` resolves them
// under the YAML 1.2 core schema, by asking its own tag resolvers, so the
// fast path can never disagree with it on `4`, `0x1F`, `.inf`, `~` or `True`.
import { Document, isScalar } from 'yaml';

interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

let tags: readonly ScalarTag[] | undefined;
const OPTIONS = { intAsBigInt: false };

function coreTags(): readonly ScalarTag[] {
  tags ??= (new Document().schema.tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test);
  return tags;
}

/**
 * The only plain texts starting with a letter that the core schema reads as
 * anything but a string: null, true and false in their three spellings (its
 * null and bool tags' tests; every number starts with a digit, a sign, a dot).
 */
const NON_STRING_WORD = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/**
 * Could this plain text be anything but a string? Cheap, and never wrong the
 * other way: only a text that passes is handed to yaml's resolvers (loading
 * yaml), so `T1`, `todo` or `fix` are strings without it.
 */
function mayBeNonString(text: string): boolean {
  const c = text.charCodeAt(0);
  // digits, + - . ~
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126) return true;
  return text.length <= 5 && NON_STRING_WORD.test(text);
}

/** The value of a plain scalar written as `text` (already trimmed, non-empty). */
export function resolvePlainScalar(text: string): unknown {
  if (!mayBeNonString(text)) return text;
  for (const tag of coreTags()) {
    if (tag.test!.test(text)) {
      let failed = false;
      const value = tag.resolve(text, () => (failed = true), OPTIONS);
      // Some resolvers (null, bool) hand back a Scalar node rather than the value.
      return failed ? text : isScalar(value) ? value.value : value;
    }
  }
  return text;
}
