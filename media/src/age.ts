// A card's age, as a short label ("3d") and its exact time for the tooltip.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short age ("5m", "3h", "12d", "4mo", "2y"), or undefined when `createdAt` is not a readable time. */
export function formatAge(createdAt: string | undefined, now: number): string | undefined {
  if (!createdAt) return undefined;
  const t = Date.parse(createdAt);
  if (Number.isNaN(t)) return undefined;
  const ms = Math.max(0, now - t);
  if (ms < MINUTE) return 'now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  const days = Math.floor(ms / DAY);
  if (days < 60) return `${days}d`;
  if (days < 730) return `${Math.floor(days / 30)}mo`;
  return `${Math.floor(days / 365)}y`;
}
