// Reading the timestamps agents write and turning readable ones into ISO 8601.

const ISO_STRICT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SPACED = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC)?$/i;
const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export type TimestampReading =
  | { readonly kind: 'iso' }
  | { readonly kind: 'readable'; readonly iso: string }
  | { readonly kind: 'unreadable' };

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  return `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`;
}

/**
 * Classifies a timestamp: already ISO 8601, readable (with the ISO form to
 * write instead), or unreadable (`yesterday`). `05/11/2026` is read day-first
 * unless the first number cannot be a day of a month pair that way.
 */
export function readTimestamp(written: string): TimestampReading {
  const t = written.trim();
  if (ISO_STRICT.test(t)) return { kind: 'iso' };
  let m = SPACED.exec(t);
  if (m) {
    const iso = build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    return iso ? { kind: 'readable', iso } : { kind: 'unreadable' };
  }
  m = SLASHED.exec(t);
  if (m) {
    let day = +m[1]!;
    let month = +m[2]!;
    if (month > 12 && day <= 12) [day, month] = [month, day];
    const iso = build(+m[3]!, month, day, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    return iso ? { kind: 'readable', iso } : { kind: 'unreadable' };
  }
  // Spelled-out dates ("Nov 5, 2026 10:00") are readable when they name a year.
  if (/\b\d{4}\b/.test(t)) {
    const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$|GMT|UTC/.test(t) ? t : `${t} UTC`);
    if (!Number.isNaN(ms)) return { kind: 'readable', iso: new Date(ms).toISOString().replace('.000Z', 'Z') };
  }
  return { kind: 'unreadable' };
}
