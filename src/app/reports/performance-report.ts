import { sql } from "kysely";
import type { Database } from "../../storage/index.ts";

/** The periods a performance report covers. */
export const REPORT_PERIODS = ["day", "week", "month", "all"] as const;
/** A report period. */
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** Performance of the trades closed in a period (net PnL after fees and funding, quote currency). */
export interface PerformanceReport {
  period: ReportPeriod;
  from: string | null;
  to: string;
  totalTrades: number;
  won: number;
  lost: number;
  /** Fraction of trades with PnL > 0 (0 without trades). */
  winRate: number;
  /** Σ winning PnL / |Σ losing PnL|; null without losing trades. */
  profitFactor: number | null;
  totalPnl: number;
  averageTrade: number | null;
  bestTrade: number | null;
  worstTrade: number | null;
  /** Largest peak-to-trough fall of cumulative PnL over the period's trades, quote currency (≥ 0). */
  maxDrawdown: number;
  /** Cumulative PnL after each trade, for the report's equity chart. */
  equity: Array<{ time: string; cumulativePnl: number }>;
}

const PERIOD_START: Record<ReportPeriod, string | null> = {
  day: "1 day",
  week: "7 days",
  month: "30 days",
  all: null,
};

/** Computes the performance report of a period ending now (day = last 24 h, week = 7 days, month = 30 days). */
export async function performanceReport(
  database: Database,
  period: ReportPeriod,
  now = new Date(),
): Promise<PerformanceReport> {
  const interval = PERIOD_START[period];
  const from =
    interval === null ? null : new Date(now.getTime() - Number.parseInt(interval, 10) * 86_400_000);
  const rows = await sql<{ exit_time: Date; pnl: string }>`
    SELECT exit_time, pnl FROM trades
    WHERE exit_time <= ${now} ${from ? sql`AND exit_time > ${from}` : sql``}
    ORDER BY exit_time, id
  `.execute(database);
  const pnls = rows.rows.map((row) => Number(row.pnl));
  let cumulative = 0;
  let peak = 0;
  let maxDrawdown = 0;
  const equity = rows.rows.map((row, index) => {
    cumulative += pnls[index] ?? 0;
    peak = Math.max(peak, cumulative);
    maxDrawdown = Math.max(maxDrawdown, peak - cumulative);
    return { time: row.exit_time.toISOString(), cumulativePnl: cumulative };
  });
  const wins = pnls.filter((pnl) => pnl > 0);
  const losses = pnls.filter((pnl) => pnl < 0);
  const grossLoss = Math.abs(losses.reduce((sum, pnl) => sum + pnl, 0));
  const totalPnl = pnls.reduce((sum, pnl) => sum + pnl, 0);
  return {
    period,
    from: from?.toISOString() ?? null,
    to: now.toISOString(),
    totalTrades: pnls.length,
    won: wins.length,
    lost: losses.length,
    winRate: pnls.length > 0 ? wins.length / pnls.length : 0,
    profitFactor: grossLoss > 0 ? wins.reduce((sum, pnl) => sum + pnl, 0) / grossLoss : null,
    totalPnl,
    averageTrade: pnls.length > 0 ? totalPnl / pnls.length : null,
    bestTrade:
      pnls.length > 0 ? pnls.reduce((best, pnl) => Math.max(best, pnl), Number.NEGATIVE_INFINITY) : null,
    worstTrade:
      pnls.length > 0 ? pnls.reduce((worst, pnl) => Math.min(worst, pnl), Number.POSITIVE_INFINITY) : null,
    maxDrawdown,
    equity,
  };
}
