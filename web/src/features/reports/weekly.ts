import type { DailyTradeStats } from "../../lib/api-types.ts";

export interface WeeklyStats {
  /** Monday of the ISO week, YYYY-MM-DD (UTC). */
  weekStart: string;
  trades: number;
  won: number;
  lost: number;
  winRate: number;
  pnl: number;
}

function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const offset = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - offset);
  return day.toISOString().slice(0, 10);
}

/** Daily statistics summed into ISO weeks (Monday first), newest first. */
export function weeklyFromDaily(days: readonly DailyTradeStats[]): WeeklyStats[] {
  const weeks = new Map<string, WeeklyStats>();
  for (const day of days) {
    const key = mondayOf(day.date);
    const week = weeks.get(key) ?? { weekStart: key, trades: 0, won: 0, lost: 0, winRate: 0, pnl: 0 };
    week.trades += day.trades;
    week.won += day.won;
    week.lost += day.lost;
    week.pnl += day.pnl;
    week.winRate = week.trades > 0 ? week.won / week.trades : 0;
    weeks.set(key, week);
  }
  return [...weeks.values()].sort((a, b) => b.weekStart.localeCompare(a.weekStart));
}
