// Reading the timestamps agents write in task fields and turning readable ones
// into ISO 8601. Only explicit shapes count (the work log's reader: ISO-like
// `YYYY-MM-DD[ HH:MM[:SS]]`, also with `/` or `.` between year, month and day,
// day-first `DD/MM/YYYY`, `Nov 5, 2026`, `5 November 2026`): a lenient
// `Date.parse` invents dates (`TBD 2024` became 1 January 2024), and `fix`
// would write them into the board.
import { readTimestamp as readWrittenTimestamp } from '../worklog/readTimestamp';

const ISO_STRICT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export type TimestampReading =
  | { readonly kind: 'iso' }
  | { readonly kind: 'readable'; readonly iso: string }
  | { readonly kind: 'unreadable' };

const ISO: TimestampReading = { kind: 'iso' };

/** `2026-01-05T10:00:00Z`, the form the product writes (and so nearly every board holds), checked without a regex. */
function isUtcSeconds(t: string): boolean {
  if (t.length !== 20) return false;
  for (let i = 0; i < 20; i++) {
    const c = t.charCodeAt(i);
    switch (i) {
      case 4: case 7: if (c !== 45) return false; break; // -
      case 10: if (c !== 84) return false; break; // T
      case 13: case 16: if (c !== 58) return false; break; // :
      case 19: if (c !== 90) return false; break; // Z
      default: if (c < 48 || c > 57) return false;
    }
  }
  return true;
}

const UNREADABLE: TimestampReading = { kind: 'unreadable' };

/**
 * Whether an ISO-shaped text (`YYYY-MM-DD[THH:MM[:SS]]...`) names a real day and time: `2026-02-30` (which `Date`
 * reads as 2 March) and `T25:00` are no time at all, and a claim stamped so would never go stale.
 */
function realIso(t: string): boolean {
  const n = (at: number): number => (t.charCodeAt(at) - 48) * 10 + (t.charCodeAt(at + 1) - 48);
  const year = n(0) * 100 + n(2);
  const month = n(5);
  const day = n(8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)) return false;
  if (t.length <= 10) return true;
  return n(11) <= 23 && n(14) <= 59 && (t.length < 19 || t.charCodeAt(16) !== 58 || n(17) <= 60);
}

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
  if (isUtcSeconds(written)) return realIso(written) ? ISO : UNREADABLE;
  const t = written.trim();
  if (ISO_STRICT.test(t)) return realIso(t) ? ISO : UNREADABLE;
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
