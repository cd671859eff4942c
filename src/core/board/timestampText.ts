// Reading the timestamps agents write in task fields and turning readable ones
// into ISO 8601. Only explicit shapes count (the work log's reader: ISO-like
// `YYYY-MM-DD[ HH:MM[:SS]]`, day-first `DD/MM/YYYY`, `Nov 5, 2026`,
// `5 November 2026`): a lenient `Date.parse` invents dates (`TBD 2024` became
// 1 January 2024), and `fix` would write them into the board.
import { readTimestamp as readWrittenTimestamp } from '../worklog/readTimestamp';

const ISO_STRICT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export type TimestampReading =
  | { readonly kind: 'iso' }
  | { readonly kind: 'readable'; readonly iso: string }
  | { readonly kind: 'unreadable' };

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Classifies a timestamp: already ISO 8601, readable (with the ISO form to
 * write instead), or unreadable (`yesterday`, `TBD 2024`). The whole value must
 * be one date with an optional time; numeric dates are day-first
 * (`05/11/2026` is 5 November). A time without a zone is taken as UTC.
 */
export function readTimestamp(written: string): TimestampReading {
  const t = written.trim();
  if (ISO_STRICT.test(t)) return { kind: 'iso' };
  const read = readWrittenTimestamp(t);
  if (!read || read.index !== 0 || read.timeText.length !== t.length || read.unreadable || read.date === undefined) {
    return { kind: 'unreadable' };
  }
  const time = read.time;
  const iso = time
    ? `${read.date}T${two(time.hour)}:${two(time.minute)}:${two(time.second ?? 0)}${time.zone ?? 'Z'}`
    : `${read.date}T00:00:00Z`;
  return { kind: 'readable', iso };
}
