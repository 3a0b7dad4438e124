import type { TradeRecord } from "../../engine/index.ts";
import { maxPriceDecimals } from "../../venues/hyperliquid/index.ts";
import type { LiveTrade } from "./parity-session.ts";

/** One row of the parity report: a live trade, its backtest twin, or both. */
export interface TradeComparison {
  readonly status: "matched" | "live-only" | "backtest-only";
  readonly side: "long" | "short";
  readonly liveTradeId: string | null;
  readonly live: TradeFigures | null;
  readonly backtest: TradeFigures | null;
  /** Live minus backtest; null unless matched. Times in ms, prices in ticks, fees/funding in USDC. */
  readonly entryTimeDiffMs: number | null;
  readonly exitTimeDiffMs: number | null;
  readonly entryPriceDiffTicks: number | null;
  readonly exitPriceDiffTicks: number | null;
  /** Backtest fees and funding scaled to the live size (sizing may differ; the rates may not). */
  readonly feeDiff: number | null;
  readonly fundingDiff: number | null;
  readonly withinTolerance: boolean;
  /** Why a matched trade is out of tolerance, in words. */
  readonly problems: readonly string[];
}

/** The figures of one trade on one side. Times ms UTC. */
export interface TradeFigures {
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly size: number;
  readonly fees: number;
  readonly funding: number;
  readonly exitReason: string;
}

/** Totals of a comparison. */
export interface ParitySummary {
  readonly liveTrades: number;
  readonly backtestTrades: number;
  readonly matched: number;
  readonly liveOnly: number;
  readonly backtestOnly: number;
  readonly maxPriceDiffTicks: number;
  /** Sum of live fees minus scaled backtest fees over matched trades, USDC. */
  readonly feeDiff: number;
  readonly fundingDiff: number;
  readonly withinTolerance: boolean;
}

/** Tolerances: prices within `priceTicks` ticks; fees equal up to what those ticks and rounding explain. */
export interface ParityTolerance {
  readonly priceTicks: number;
  /** Highest fee rate of the fee model (taker), to bound fee differences caused by tolerated price differences. */
  readonly maxFeeRate: number;
}

/** Hyperliquid's price tick around `price`: 5 significant figures, at most `6 − szDecimals` decimals. */
export function hyperliquidTick(price: number, sizeDecimals: number): number {
  const integerDigits = price >= 1 ? Math.floor(Math.log10(price)) + 1 : 0;
  const leadingZeros = price > 0 && price < 1 ? -Math.floor(Math.log10(price)) - 1 : 0;
  const decimals = Math.max(0, Math.min(5 - integerDigits + leadingZeros, maxPriceDecimals(sizeDecimals)));
  return Number(`1e-${decimals}`);
}

function figuresOfLive(trade: LiveTrade): TradeFigures {
  return {
    entryTime: trade.entryTime,
    exitTime: trade.exitTime,
    entryPrice: trade.entryPrice,
    exitPrice: trade.exitPrice,
    size: trade.size,
    fees: trade.fees,
    funding: trade.funding,
    exitReason: trade.exitReason,
  };
}

function figuresOfBacktest(trade: TradeRecord): TradeFigures {
  return {
    entryTime: trade.entryTime,
    exitTime: trade.exitTime,
    entryPrice: trade.entryPrice,
    exitPrice: trade.exitPrice,
    size: trade.quantity,
    fees: trade.fees,
    funding: trade.funding,
    exitReason: trade.exitReason,
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * Pairs live trades with backtest trades (same side, entry in the same bar) and measures the
 * differences. A matched pair is within tolerance when both exits fall in the same bar, entry and exit
 * prices differ by at most `priceTicks` ticks, and the fees (backtest scaled to the live size) differ by
 * no more than those ticks can explain plus 1e-6 USDC of rounding per fill. Funding is reported, not judged.
 */
export function compareTrades(
  live: readonly LiveTrade[],
  backtest: readonly TradeRecord[],
  options: { intervalMs: number; sizeDecimals: number; tolerance: ParityTolerance },
): { trades: TradeComparison[]; summary: ParitySummary } {
  const { intervalMs, sizeDecimals, tolerance } = options;
  const bar = (time: number) => Math.floor(time / intervalMs);
  const used = new Set<number>();
  const rows: TradeComparison[] = [];
  for (const trade of live) {
    const side = trade.side === "long" ? "LONG" : "SHORT";
    const index = backtest.findIndex(
      (candidate, at) =>
        !used.has(at) && candidate.side === side && bar(candidate.entryTime) === bar(trade.entryTime),
    );
    const twin = index >= 0 ? backtest[index] : undefined;
    if (twin === undefined) {
      rows.push(unmatched("live-only", trade.side, trade.id, figuresOfLive(trade), null));
      continue;
    }
    used.add(index);
    rows.push(matched(trade, twin));
  }
  backtest.forEach((trade, index) => {
    if (used.has(index)) return;
    rows.push(
      unmatched(
        "backtest-only",
        trade.side === "LONG" ? "long" : "short",
        null,
        null,
        figuresOfBacktest(trade),
      ),
    );
  });
  rows.sort((left, right) => timeOf(left) - timeOf(right));

  function matched(trade: LiveTrade, twin: TradeRecord): TradeComparison {
    const problems: string[] = [];
    const ticks = (livePrice: number, backtestPrice: number) =>
      round((livePrice - backtestPrice) / hyperliquidTick(backtestPrice, sizeDecimals), 3);
    const entryTicks = ticks(trade.entryPrice, twin.entryPrice);
    const exitTicks = ticks(trade.exitPrice, twin.exitPrice);
    const scale = twin.quantity > 0 ? trade.size / twin.quantity : 0;
    const feeDiff = round(trade.fees - twin.fees * scale, 8);
    const fundingDiff = round(trade.funding - twin.funding * scale, 8);
    if (bar(trade.exitTime) !== bar(twin.exitTime)) {
      problems.push(
        `exit ${new Date(trade.exitTime).toISOString()} vs ${new Date(twin.exitTime).toISOString()} in the backtest`,
      );
    }
    if (Math.abs(entryTicks) > tolerance.priceTicks) problems.push(`entry price ${entryTicks} ticks off`);
    if (Math.abs(exitTicks) > tolerance.priceTicks) problems.push(`exit price ${exitTicks} ticks off`);
    const explained =
      tolerance.maxFeeRate *
        tolerance.priceTicks *
        trade.size *
        (hyperliquidTick(twin.entryPrice, sizeDecimals) + hyperliquidTick(twin.exitPrice, sizeDecimals)) +
      2e-6;
    if (Math.abs(feeDiff) > explained) problems.push(`fees differ by ${feeDiff} USDC`);
    return {
      status: "matched",
      side: trade.side,
      liveTradeId: trade.id,
      live: figuresOfLive(trade),
      backtest: figuresOfBacktest(twin),
      entryTimeDiffMs: trade.entryTime - twin.entryTime,
      exitTimeDiffMs: trade.exitTime - twin.exitTime,
      entryPriceDiffTicks: entryTicks,
      exitPriceDiffTicks: exitTicks,
      feeDiff,
      fundingDiff,
      withinTolerance: problems.length === 0,
      problems,
    };
  }

  const matchedRows = rows.filter((row) => row.status === "matched");
  const summary: ParitySummary = {
    liveTrades: live.length,
    backtestTrades: backtest.length,
    matched: matchedRows.length,
    liveOnly: rows.filter((row) => row.status === "live-only").length,
    backtestOnly: rows.filter((row) => row.status === "backtest-only").length,
    maxPriceDiffTicks: Math.max(
      0,
      ...matchedRows.flatMap((row) => [
        Math.abs(row.entryPriceDiffTicks ?? 0),
        Math.abs(row.exitPriceDiffTicks ?? 0),
      ]),
    ),
    feeDiff: round(
      matchedRows.reduce((sum, row) => sum + (row.feeDiff ?? 0), 0),
      8,
    ),
    fundingDiff: round(
      matchedRows.reduce((sum, row) => sum + (row.fundingDiff ?? 0), 0),
      8,
    ),
    withinTolerance: rows.every((row) => row.withinTolerance),
  };
  return { trades: rows, summary };
}

function unmatched(
  status: "live-only" | "backtest-only",
  side: "long" | "short",
  liveTradeId: string | null,
  live: TradeFigures | null,
  backtest: TradeFigures | null,
): TradeComparison {
  return {
    status,
    side,
    liveTradeId,
    live,
    backtest,
    entryTimeDiffMs: null,
    exitTimeDiffMs: null,
    entryPriceDiffTicks: null,
    exitPriceDiffTicks: null,
    feeDiff: null,
    fundingDiff: null,
    withinTolerance: false,
    problems: [
      status === "live-only" ? "no backtest trade entered in the same bar" : "the bot made no such trade",
    ],
  };
}

function timeOf(row: TradeComparison): number {
  return (row.live ?? row.backtest)?.entryTime ?? 0;
}
