// Reading the timestamps agents write in task fields and turning readable ones
// into ISO 8601. Only explicit shapes count (the work log's reader: ISO-like
// `YYYY-MM-DD[ HH:MM[:SS]]`, also with `/` or `.` between year, month and day,
// `DD/MM/YYYY` or `MM/DD/YYYY` when one number is over 12, `Nov 5, 2026`,
// `5 November 2026`): a lenient `Date.parse` invents dates (`TBD 2024` became
// 1 January 2024), and `fix` would write them into the board. A numeric date
// whose day and month are both 12 or less (`03/04/2026`) is ambiguous: 3 April
// to whoever writes day first, 4 March in a US-written file. Both readings are
// given and neither is taken, so `fix` never writes a guess; unless the board
// says which (its other dates with that separator are all `25/12/2026`, or all
// `12/25/2026`: see dateConvention), when it is read that way.
import { readTimestamp as readWrittenTimestamp, type DateConvention, type DateOrder, type TimeOfDay } from '../worklog/readTimestamp';

const ISO_STRICT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export type TimestampReading =
  | { readonly kind: 'iso' }
  | { readonly kind: 'readable'; readonly iso: string; readonly readAs?: DateOrder }
  | { readonly kind: 'ambiguous'; readonly dayFirst: string; readonly monthFirst: string }
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
  const year = twoDigits(t, 0) * 100 + twoDigits(t, 2);
  const month = twoDigits(t, 5);
  const day = twoDigits(t, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)) return false;
  if (t.length <= 10) return true;
  return twoDigits(t, 11) <= 23 && twoDigits(t, 14) <= 59 && (t.length < 19 || t.charCodeAt(16) !== 58 || twoDigits(t, 17) <= 60);
}

/**
 * The number the two digits at `at` write. Not a closure in realIso: V8 allocated one on each call, for every
 * timestamp of a board.
 */
function twoDigits(t: string, at: number): number {
  return (t.charCodeAt(at) - 48) * 10 + (t.charCodeAt(at + 1) - 48);
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoOf(date: string, time: TimeOfDay | undefined): string {
  return time ? `${date}T${two(time.hour)}:${two(time.minute)}:${two(time.second ?? 0)}${time.zone ?? 'Z'}` : `${date}T00:00:00Z`;
}

/**
 * Classifies a timestamp: already ISO 8601, readable (with the ISO form to
 * write instead, and `readAs` when the board's `convention` decided an
 * ambiguous date), ambiguous (the ISO forms of its day-first and month-first
 * readings, `05/11/2026` being 5 November or 11 May), or unreadable
 * (`yesterday`, `TBD 2024`). The whole value must be one date with an optional
 * time. A time without a zone is taken as UTC.
 */
export function readTimestamp(written: string, convention?: DateConvention): TimestampReading {
  if (isUtcSeconds(written)) return realIso(written) ? ISO : UNREADABLE;
  const t = written.trim();
  if (ISO_STRICT.test(t)) return realIso(t) ? ISO : UNREADABLE;
  const read = readWrittenTimestamp(t, convention);
  if (!read || read.index !== 0 || read.timeText.length !== t.length) return UNREADABLE;
  if (read.ambiguous) {
    return { kind: 'ambiguous', dayFirst: isoOf(read.ambiguous[0], read.time), monthFirst: isoOf(read.ambiguous[1], read.time) };
  }
  if (read.unreadable || read.date === undefined) return UNREADABLE;
  const iso = isoOf(read.date, read.time);
  return read.readAs ? { kind: 'readable', iso, readAs: read.readAs } : { kind: 'readable', iso };
}

/**
 * The time (ms since 1970) a timestamp field names, as `readTimestamp` reads it; undefined when it names no one time
 * (`yesterday`, or `03/04/2026`, which is two days).
 */
export function timestampTime(written: string): number | undefined {
  const reading = readTimestamp(written);
  const time = reading.kind === 'iso' ? Date.parse(inUtc(written.trim())) : reading.kind === 'readable' ? Date.parse(reading.iso) : NaN;
  return Number.isNaN(time) ? undefined : time;
}

/**
 * An ISO time without a zone (`2026-11-05T10:00`, or with a space for the T) as UTC, as every other timestamp
 * without a zone is read here: `Date.parse` would take it in the machine's local time, so two agents' machines would
 * read two times.
 */
function inUtc(iso: string): string {
  return /[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso;
}

/**
 * The time (ms since 1970) of an ISO 8601 text the parsers made or found (a work-log entry's `timestamp`, a Session
 * History line's leading time), one without a zone taken as UTC; undefined when it is no time.
 */
export function isoTime(iso: string): number | undefined {
  const time = Date.parse(inUtc(iso.trim()));
  return Number.isNaN(time) ? undefined : time;
}
