/** Milliseconds in one UTC day. */
export const DAY_MS = 86_400_000;

/** Start (00:00:00.000 UTC) of the UTC day containing `timeMs`, in ms since the epoch. */
export function utcDayStart(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS) * DAY_MS;
}

/** The UTC date of `timeMs` as `YYYY-MM-DD`. */
export function utcDate(timeMs: number): string {
  return new Date(utcDayStart(timeMs)).toISOString().slice(0, 10);
}
