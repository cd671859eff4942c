// Dates and times as agents write them in work-log headings:
// `2026-11-02 15:40 UTC`, `2026-11-02T15:40:00Z`, `2026/11/02`, `17/09/2026`
// (day first: 17 September), `2 Nov 2026`, `November 2, 2026`, or a bare `14:32`
// under a date heading. A numeric date that starts with its four-digit year is
// year, month, day whatever its separator (`-`, `/`, `.`): no one writes year,
// day, month. Other numeric dates are day first when the first number is over
// 12 (`25/12/2026`) and month first when the second is (`12/25/2026`, as the US
// writes it). When both are 12 or less and differ, the date is ambiguous:
// `03/04/2026` is 3 April day first and 4 March month first; it is read as
// both and dated as neither (`ambiguous`), unless the file it is in says which:
// a log that also has `18/09/2026` writes day first, a board with `12/25/2026`
// month first (`dateConvention`: its numeric dates with the same separator
// that can be read only one way round, all the same way). A file with both,
// or neither, says nothing. Two-digit years are 20xx.

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
  /** `Z` or `+02:00`, when the text names a zone. */
  readonly zone?: string;
}

export interface ReadTimestamp {
  /** The date/time characters exactly as written. */
  readonly timeText: string;
  /** Where `timeText` starts in the text that was read. */
  readonly index: number;
  /** `YYYY-MM-DD` when the date is a real calendar day. */
  readonly date?: string;
  readonly time?: TimeOfDay;
  /** True when the text has a time but no date (`### 14:32`). */
  readonly timeOnly: boolean;
  /**
   * True when something date-like was found but it is not one real date and time: no such day or time (`31/02/2026`,
   * `25:61`), or two days (`ambiguous`).
   */
  readonly unreadable: boolean;
  /**
   * The two days (`YYYY-MM-DD`, day first then month first) a numeric date is when both ways round are real days
   * (`03/04/2026`: 3 April or 4 March). Which one the writer meant is not written: `date` is left undefined, so nothing
   * is dated, ordered or rewritten by a guess. (When the file's convention says which, the date is read so instead:
   * `readAs`.)
   */
  readonly ambiguous?: readonly [dayFirst: string, monthFirst: string];
  /** How `date` was read when the date alone is ambiguous and the file's other dates decided it. */
  readonly readAs?: DateOrder;
}

/** Day first (`18/09/2026`) or month first (`09/18/2026`). */
export type DateOrder = 'dmy' | 'mdy';

/**
 * The order a file writes its numeric dates in with `separator` (`/`, `.` or `-`), when it shows one; asked only
 * when a date is ambiguous.
 */
export type DateConvention = (separator: string) => DateOrder | undefined;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
/**
 * The zones a time may name by abbreviation, and their offsets: the ones with one meaning. `CST` (US Central, or China)
 * and `IST` (India, Ireland, Israel) name several, and are read as no zone.
 */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  HST: '-10:00', AKST: '-09:00', AKDT: '-08:00', PST: '-08:00', PDT: '-07:00', MST: '-07:00', MDT: '-06:00', CDT: '-05:00',
  EST: '-05:00', EDT: '-04:00', BRT: '-03:00', WET: 'Z', WEST: '+01:00', BST: '+01:00', CET: '+01:00', CEST: '+02:00',
  EET: '+02:00', EEST: '+03:00', MSK: '+03:00', SGT: '+08:00', HKT: '+08:00', AWST: '+08:00', JST: '+09:00', KST: '+09:00',
  ACST: '+09:30', ACDT: '+10:30', AEST: '+10:00', AEDT: '+11:00', NZST: '+12:00', NZDT: '+13:00',
};
/** Abbreviations that are English words as well: zones only in capitals (see `zoneOf`). */
const ZONES_THAT_ARE_WORDS: ReadonlySet<string> = new Set(['WEST', 'WET']);
/** A zone, never the start of a word (`14:00 zoom sync`, `10:00 ESTIMATE`). */
const ZONE = `(?:Z|UTC|GMT|[+-]\\d{2}:?\\d{2}|${Object.keys(ZONE_OFFSETS).join('|')})(?![a-z])`;
const TIME = `(?:[T ]|,? +(?:at +)?)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?(?: *([ap]\\.?m\\.?))?(?: *(${ZONE}))?`;
const TIME_ONLY = new RegExp(`^(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?: *([ap]\\.?m\\.?))?(?: *(${ZONE}))?(?![\\d:])`, 'i');

/**
 * A numeric date not year first: `07/09/2026`, `7.9.26`, `07-09-2026` (number, separator, number, year). Not a version
 * number: a dotted date with a two-digit year is written day first, so `4.17.21` (lodash's) is none, nor is one after
 * `v` or `@` (`v1.2.26`) or with a fourth part (`1.2.26.4`).
 */
const NUMERIC = '(?<![\\d/.@vV-])(?!\\d{1,2}\\.(?:1[3-9]|[2-9]\\d)\\.\\d{2}(?!\\d))(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?!\\.\\d)';

const PATTERNS: ReadonlyArray<{ re: RegExp; order: 'ymd' | 'dmy' | 'dMy' | 'Mdy' }> = [
  { re: new RegExp(`(?<![\\d])(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?:${TIME})?(?![\\d])`, 'i'), order: 'ymd' },
  { re: new RegExp(`${NUMERIC}(?:${TIME})?(?![\\d])`, 'i'), order: 'dmy' },
  { re: new RegExp(`(?<![\\d])(\\d{1,2})(?:st|nd|rd|th)? +${MONTH},? +(\\d{4})(?:${TIME})?`, 'i'), order: 'dMy' },
  { re: new RegExp(`(?<![a-z])${MONTH} +(\\d{1,2})(?:st|nd|rd|th)?,? +(\\d{4})(?:${TIME})?`, 'i'), order: 'Mdy' },
];

/**
 * The first date (with its time) in `text`, else a time at its start, else undefined. An ambiguous numeric date is
 * read as `convention` (the file's, from `dateConvention`) says, when it says.
 */
export function readTimestamp(text: string, convention?: DateConvention): ReadTimestamp | undefined {
  let best: { m: RegExpExecArray; order: string } | undefined;
  for (const { re, order } of PATTERNS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.m.index)) best = { m, order };
  }
  if (best) return fromDateMatch(best.m, best.order, convention);
  const lead = text.length - text.trimStart().length;
  const t = TIME_ONLY.exec(text.slice(lead));
  if (t) {
    const { zone, text: timeText } = zoneOf(t[0], t[5]);
    const time = readTime(t[1], t[2], t[3], t[4], zone);
    return { timeText, index: lead, time, timeOnly: true, unreadable: time === undefined };
  }
  return undefined;
}

function fromDateMatch(m: RegExpExecArray, order: string, convention: DateConvention | undefined): ReadTimestamp {
  let y: number;
  let mo: number;
  let d: number;
  let rest: string[];
  if (order === 'ymd') {
    [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    rest = m.slice(5);
  } else if (order === 'dmy') {
    [d, mo, y] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (m[4]!.length === 2) y += 2000;
    if (mo > 12 && d <= 12) [d, mo] = [mo, d]; // `12/25/2026`: the second number is no month, so it is the day
    rest = m.slice(5);
  } else if (order === 'dMy') {
    [d, mo, y] = [Number(m[1]), MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1, Number(m[3])];
    rest = m.slice(4);
  } else {
    [mo, d, y] = [MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1, Number(m[2]), Number(m[3])];
    rest = m.slice(4);
  }
  const date = isRealDay(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : undefined;
  const hasTime = rest[0] !== undefined;
  const { zone, text: matched } = zoneOf(m[0], rest[4]);
  const time = hasTime ? readTime(rest[0], rest[1], rest[2], rest[3], zone) : undefined;
  const badTime = hasTime && time === undefined;
  const ambiguous =
    order === 'dmy' && date !== undefined && !badTime && d <= 12 && mo <= 12 && d !== mo
      ? ([date, `${pad(y, 4)}-${pad(d)}-${pad(mo)}`] as const)
      : undefined;
  // Asked only now, so a file is scanned for its convention only when it holds an ambiguous date.
  const readAs = ambiguous ? convention?.(m[2]!) : undefined;
  if (ambiguous && readAs) {
    return { timeText: matched.trim(), index: m.index, date: ambiguous[readAs === 'dmy' ? 0 : 1], time, timeOnly: false, unreadable: false, readAs };
  }
  return {
    timeText: matched.trim(),
    index: m.index,
    date: ambiguous ? undefined : date,
    time,
    timeOnly: false,
    unreadable: date === undefined || badTime || ambiguous !== undefined,
    ...(ambiguous && { ambiguous }),
  };
}

const NUMERIC_DATES = new RegExp(`${NUMERIC}(?![\\d])`, 'g');

/**
 * How `text` writes numeric dates, per separator, found in one pass the first time it is asked: day first when some
 * date with that separator can only be read day first (`18/09/2026`) and none only month first (`09/18/2026`), month
 * first the other way round; undefined when it holds both, or neither (`07/09/2026` and `05/05/2026` say nothing).
 */
export function dateConvention(text: string): DateConvention {
  let orders: Map<string, DateOrder | null> | undefined;
  return (separator) => (orders ??= numericDateOrders(text)).get(separator) ?? undefined;
}

/** Per separator, the one order its unambiguous numeric dates in `text` are written in; null when they disagree. */
function numericDateOrders(text: string): Map<string, DateOrder | null> {
  const orders = new Map<string, DateOrder | null>();
  for (const m of text.matchAll(NUMERIC_DATES)) {
    const [a, b] = [Number(m[1]), Number(m[3])];
    const y = Number(m[4]) + (m[4]!.length === 2 ? 2000 : 0);
    const order = a > 12 && isRealDay(y, b, a) ? 'dmy' : b > 12 && isRealDay(y, a, b) ? 'mdy' : undefined;
    if (!order) continue;
    const seen = orders.get(m[2]!);
    orders.set(m[2]!, seen === undefined || seen === order ? order : null);
  }
  return orders;
}

function readTime(
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  ampm: string | undefined,
  zone: string | undefined,
): TimeOfDay | undefined {
  let hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? undefined : Number(s);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = ampm.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || (second !== undefined && second > 59)) return undefined;
  return { hour, minute, second, zone: normalizeZone(zone) };
}

/**
 * The zone of a time's match (`matched`, ending with `zone` when it has one) and the match's text: a zone that is a
 * word there (`14:00 West region deploy`, not in capitals) is no zone, and no part of the time's text.
 */
function zoneOf(matched: string, zone: string | undefined): { readonly zone: string | undefined; readonly text: string } {
  const word = zone !== undefined && zone !== zone.toUpperCase() && ZONES_THAT_ARE_WORDS.has(zone.toUpperCase());
  return word ? { zone: undefined, text: matched.slice(0, -zone.length).trimEnd() } : { zone, text: matched };
}

function normalizeZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  const z = zone.toUpperCase();
  if (z === 'Z' || z === 'UTC' || z === 'GMT') return 'Z';
  if (Object.hasOwn(ZONE_OFFSETS, z)) return ZONE_OFFSETS[z];
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  return m ? (m[2] === '00' && m[3] === '00' ? 'Z' : `${m[1]}${m[2]}:${m[3]}`) : undefined;
}

/** ISO 8601: `2026-11-02`, `2026-11-02T15:40`, `2026-11-02T15:40:00Z`. */
export function isoTimestamp(date: string, time?: TimeOfDay): string {
  if (!time) return date;
  const sec = time.second === undefined ? '' : `:${pad(time.second)}`;
  return `${date}T${pad(time.hour)}:${pad(time.minute)}${sec}${time.zone ?? ''}`;
}

function isRealDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
