/** `YYYY-MM-DD` of `date` in local time: the day a person sees on their calendar when they tick an item. */
export function isoDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
