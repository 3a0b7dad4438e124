import { ValidationError } from "../core/errors.ts";
import { utcDate, utcDayStart } from "./utc-day.ts";

/**
 * One UTC day's account figures, accumulated in place by the `record*` functions (no allocation per
 * update). Money in quote currency, percentages in percent units, times in ms UTC. Plain data:
 * `JSON.stringify` round-trips it.
 */
export interface DailyMetrics {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  /** 00:00 UTC of `date`. */
  dayStartMs: number;
  startingEquity: number;
  currentEquity: number;
  peakEquity: number;
  /** Realized PnL of trades closed today, before fees and funding. */
  realizedPnl: number;
  /** Unrealized PnL of open positions at the last update. */
  unrealizedPnl: number;
  /** Fees paid today (≥ 0 is a cost). */
  fees: number;
  /** Funding today (> 0 received, < 0 paid). */
  funding: number;
  /** Round trips closed today. */
  trades: number;
  won: number;
  lost: number;
  /** Largest peak-to-trough equity drop today, % of the day's peak at that time. */
  maxDrawdownPercent: number;
  maxConcurrentPositions: number;
  firstTradeMs: number | null;
  lastTradeMs: number | null;
  lastUpdatedMs: number;
}

/** The daily report in the shape of the original system (issue 6). Timestamps are ISO 8601 UTC. */
export interface DailyReport {
  date: string;
  balance: { starting: number; ending: number; peak: number };
  pnl: { realized: number; unrealized: number; total: number; percent: number };
  trades: { total: number; won: number; lost: number; win_rate: number };
  risk_metrics: { max_drawdown: number; max_concurrent_positions: number; total_fees: number };
  timestamps: { first_trade: string | null; last_updated: string };
}

function requireFinite(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new ValidationError(`daily metrics: ${field} must be a finite number, got ${value}`, { field });
  }
  return value;
}

/**
 * Starts the metrics of the UTC day containing `nowMs` from `startingEquity`.
 *
 * @throws ValidationError when equity or time is not finite.
 */
export function createDailyMetrics(startingEquity: number, nowMs: number): DailyMetrics {
  requireFinite(startingEquity, "startingEquity");
  requireFinite(nowMs, "nowMs");
  return {
    date: utcDate(nowMs),
    dayStartMs: utcDayStart(nowMs),
    startingEquity,
    currentEquity: startingEquity,
    peakEquity: startingEquity,
    realizedPnl: 0,
    unrealizedPnl: 0,
    fees: 0,
    funding: 0,
    trades: 0,
    won: 0,
    lost: 0,
    maxDrawdownPercent: 0,
    maxConcurrentPositions: 0,
    firstTradeMs: null,
    lastTradeMs: null,
    lastUpdatedMs: nowMs,
  };
}

/**
 * Rolls to the day of `nowMs` when it is later than `metrics`' day: returns fresh metrics starting at
 * the finished day's current equity, and the finished day (to persist). Same day: `finished` is null
 * and `current` is `metrics` itself.
 */
export function rollDailyMetrics(
  metrics: DailyMetrics,
  nowMs: number,
): { current: DailyMetrics; finished: DailyMetrics | null } {
  if (utcDayStart(nowMs) <= metrics.dayStartMs) return { current: metrics, finished: null };
  return { current: createDailyMetrics(metrics.currentEquity, nowMs), finished: metrics };
}

/**
 * Records the account after a price update or fill: equity, unrealized PnL and the number of open
 * positions; updates the peak, the intraday max drawdown and the max concurrent positions. Mutates
 * `metrics`; the caller rolls the day first ({@link rollDailyMetrics}).
 */
export function recordAccount(
  metrics: DailyMetrics,
  equity: number,
  unrealizedPnl: number,
  openPositions: number,
  nowMs: number,
): void {
  metrics.currentEquity = requireFinite(equity, "equity");
  metrics.unrealizedPnl = requireFinite(unrealizedPnl, "unrealizedPnl");
  if (equity > metrics.peakEquity) metrics.peakEquity = equity;
  if (metrics.peakEquity > 0) {
    const drawdown = ((metrics.peakEquity - equity) / metrics.peakEquity) * 100;
    if (drawdown > metrics.maxDrawdownPercent) metrics.maxDrawdownPercent = drawdown;
  }
  if (openPositions > metrics.maxConcurrentPositions) metrics.maxConcurrentPositions = openPositions;
  metrics.lastUpdatedMs = Math.max(metrics.lastUpdatedMs, nowMs);
}

/**
 * Records a closed round trip with realized `pnl` before fees. It counts as won when `netPnl` (after
 * fees and funding; default `pnl`) is > 0, lost when < 0, neither at 0. Mutates `metrics`.
 */
export function recordTrade(metrics: DailyMetrics, pnl: number, atMs: number, netPnl: number = pnl): void {
  metrics.realizedPnl += requireFinite(pnl, "pnl");
  requireFinite(netPnl, "netPnl");
  metrics.trades += 1;
  if (netPnl > 0) metrics.won += 1;
  else if (netPnl < 0) metrics.lost += 1;
  metrics.firstTradeMs ??= atMs;
  metrics.lastTradeMs = atMs;
  metrics.lastUpdatedMs = Math.max(metrics.lastUpdatedMs, atMs);
}

/** Adds a fee paid (quote currency, ≥ 0 is a cost). Mutates `metrics`. */
export function recordFee(metrics: DailyMetrics, fee: number, atMs: number): void {
  metrics.fees += requireFinite(fee, "fee");
  metrics.lastUpdatedMs = Math.max(metrics.lastUpdatedMs, atMs);
}

/** Adds a funding payment (> 0 received, < 0 paid). Mutates `metrics`. */
export function recordFunding(metrics: DailyMetrics, amount: number, atMs: number): void {
  metrics.funding += requireFinite(amount, "funding");
  metrics.lastUpdatedMs = Math.max(metrics.lastUpdatedMs, atMs);
}

/** Total PnL today: realized + unrealized − fees + funding. */
export function totalPnl(metrics: DailyMetrics): number {
  return metrics.realizedPnl + metrics.unrealizedPnl - metrics.fees + metrics.funding;
}

/** Total PnL in % of the starting equity (0 when the starting equity is not positive). */
export function pnlPercent(metrics: DailyMetrics): number {
  return metrics.startingEquity > 0 ? (totalPnl(metrics) / metrics.startingEquity) * 100 : 0;
}

/** Won / (won + lost) × 100, or 0 without decided trades. */
export function winRatePercent(metrics: DailyMetrics): number {
  const decided = metrics.won + metrics.lost;
  return decided > 0 ? (metrics.won / decided) * 100 : 0;
}

/**
 * The daily report: balances, PnL (percent of starting equity), trades (win rate in percent),
 * max drawdown (percent), max concurrent positions, total fees, first trade and last update as ISO
 * 8601 UTC (first trade `null` when there was none).
 */
export function toDailyReport(metrics: DailyMetrics): DailyReport {
  return {
    date: metrics.date,
    balance: { starting: metrics.startingEquity, ending: metrics.currentEquity, peak: metrics.peakEquity },
    pnl: {
      realized: metrics.realizedPnl,
      unrealized: metrics.unrealizedPnl,
      total: totalPnl(metrics),
      percent: pnlPercent(metrics),
    },
    trades: {
      total: metrics.trades,
      won: metrics.won,
      lost: metrics.lost,
      win_rate: winRatePercent(metrics),
    },
    risk_metrics: {
      max_drawdown: metrics.maxDrawdownPercent,
      max_concurrent_positions: metrics.maxConcurrentPositions,
      total_fees: metrics.fees,
    },
    timestamps: {
      first_trade: metrics.firstTradeMs === null ? null : new Date(metrics.firstTradeMs).toISOString(),
      last_updated: new Date(metrics.lastUpdatedMs).toISOString(),
    },
  };
}
