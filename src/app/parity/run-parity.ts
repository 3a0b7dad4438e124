import { runBacktest } from "../../backtest/index.ts";
import { ValidationError } from "../../core/errors.ts";
import { intervalToMs, parseIsoTimestampText } from "../../data/index.ts";
import { createInstrument } from "../../domain/index.ts";
import { type PreTradeCheck, parseSizing, type Strategy } from "../../engine/index.ts";
import type { Database } from "../../storage/index.ts";
import { HYPERLIQUID_BASE_FEES, takerFeeRate } from "../../venues/matching/index.ts";
import { loadStrategyDefinition, parseStrategyParams } from "../run-backtest.ts";
import { compareTrades, type ParitySummary, type TradeComparison } from "./parity-compare.ts";
import { loadParityCandles, loadParityFunding, venueViewSeries } from "./parity-market.ts";
import { loadParitySession } from "./parity-session.ts";

/** The `hlbot parity` flags. */
export interface ParityRequest {
  botId: string;
  /** Recorded candle file the session traded on (the simulator's `--data`); default: the candles table. */
  dataFile?: string | undefined;
  /** Funding file; default: beside `dataFile`, then `funding_rates`, then the simulator's baseline. */
  fundingFile?: string | undefined;
  /** `venue` of stored candles and funding (default `hyperliquid`). */
  venue?: string | undefined;
  /** Closed bars the strategy warms up on before the session, as the trading node does (default 500). */
  historyBars?: number | undefined;
  /** Session start (ISO); default: the bar of the bot's first fill. */
  from?: string | undefined;
  /** Session end (ISO); default: the bot's last fill. */
  to?: string | undefined;
}

/** The parity report. */
export interface ParityReport {
  bot: { id: string; name: string; strategy: string; symbol: string; interval: string; mode: string };
  params: Record<string, unknown>;
  session: { from: string; to: string };
  candles: string;
  funding: string;
  /** How the replay fills the node's market orders, in words. */
  fillModel: string;
  trades: TradeComparison[];
  summary: ParitySummary;
}

/** Replay account: large enough that margin never decides; sizes are compared per unit. */
const REPLAY_CASH = 1_000_000;
/** What the bot supervisor gives every trading node. */
const NODE_LEVERAGE = 3;
const NODE_SIZING = "risk:0.01";

function parseTime(text: string, option: "--from" | "--to"): number {
  const time = parseIsoTimestampText(text.trim());
  if (Number.isNaN(time)) {
    throw new ValidationError(`${option} ${JSON.stringify(text)} is not an ISO-8601 date or time`, {
      field: option.slice(2),
    });
  }
  return time;
}

/**
 * Wraps a strategy so that, like the trading node replaying history, every order it places before
 * `liveFrom` (the close of the bar before the session's first live bar) is refused.
 */
function gatedStrategy(
  inner: Strategy,
  liveFrom: number,
  intervalMs: number,
): { strategy: Strategy; gate: PreTradeCheck } {
  let live = false;
  const strategy: Strategy = {
    ...(inner.warmupBars === undefined ? {} : { warmupBars: inner.warmupBars }),
    ...(inner.timeframes === undefined ? {} : { timeframes: inner.timeframes }),
    onStart: (ctx) => inner.onStart?.(ctx),
    onBar: (ctx) => {
      live = ctx.time + intervalMs >= liveFrom;
      inner.onBar(ctx);
    },
    onFill: (ctx, fill) => inner.onFill?.(ctx, fill),
    onOrderRejected: (ctx, order, reason) => inner.onOrderRejected?.(ctx, order, reason),
    onRiskDenied: (ctx, order, code, message) => inner.onRiskDenied?.(ctx, order, code, message),
    onStop: (ctx) => inner.onStop?.(ctx),
  };
  const gate: PreTradeCheck = {
    check: () =>
      live
        ? { approved: true }
        : { approved: false, code: "WARMUP", message: "history replay: no orders are sent" },
  };
  return { strategy, gate };
}

/**
 * `hlbot parity --bot ID`: replays the market data a paper or live bot traded on through the backtester
 * (same strategy, params, fee model, funding; bars as the venue showed them, see `venueViewSeries`),
 * warming the strategy up on `historyBars` bars before the session with orders refused, and compares
 * the backtest's trades with the bot's stored trades.
 *
 * @throws ValidationError for a bad flag or id, or candles that do not cover the session.
 * @throws NotFoundError for an unknown bot; OperationalError for a bot without closed trades.
 */
export async function runParity(database: Database, request: ParityRequest): Promise<ParityReport> {
  const historyBars = request.historyBars ?? 500;
  if (!Number.isInteger(historyBars) || historyBars < 0 || historyBars > 100_000) {
    throw new ValidationError(
      `--history-bars must be a whole number from 0 to 100000, got ${request.historyBars}`,
      {
        field: "historyBars",
      },
    );
  }
  const from = request.from === undefined ? undefined : parseTime(request.from, "--from");
  const to = request.to === undefined ? undefined : parseTime(request.to, "--to");
  const session = await loadParitySession(database, request.botId);
  const { bot } = session;
  const intervalMs = intervalToMs(bot.interval);
  const sessionStart = from ?? Math.floor(session.firstFillTime / intervalMs) * intervalMs;
  const sessionEnd = to ?? session.lastFillTime;
  if (sessionEnd < sessionStart) {
    throw new ValidationError(
      `--to ${request.to} is before the session start ${new Date(sessionStart).toISOString()}`,
      {
        field: "to",
      },
    );
  }
  const venue = request.venue ?? "hyperliquid";
  const lastBar = Math.floor(sessionEnd / intervalMs) * intervalMs;
  const candles = await loadParityCandles(
    database,
    {
      symbol: bot.symbol,
      interval: bot.interval,
      from: sessionStart - historyBars * intervalMs,
      to: lastBar,
    },
    { file: request.dataFile, venue },
  );
  const funding = await loadParityFunding(
    database,
    { symbol: bot.symbol, venue, from: candles.series.timestamp[0] as number, to: lastBar },
    { funding: request.fundingFile, data: request.dataFile },
  );
  const definition = await loadStrategyDefinition(bot.strategyType);
  const params = parseStrategyParams(
    definition,
    Object.entries(bot.params).map(([key, value]) => `${key}=${value}`),
  );
  const { strategy, gate } = gatedStrategy(definition.create(params) as Strategy, sessionStart, intervalMs);
  const run = runBacktest({
    instruments: [
      createInstrument({
        id: `${bot.symbol}-PERP.HYPERLIQUID`,
        symbol: bot.symbol,
        lotSize: 10 ** -session.sizeDecimals,
        minNotional: 10,
      }),
    ],
    series: [venueViewSeries(candles.series)],
    funding: [funding.series],
    strategy,
    cash: REPLAY_CASH,
    leverage: NODE_LEVERAGE,
    fees: HYPERLIQUID_BASE_FEES,
    slippageBps: 0,
    intrabarPath: "stop-first",
    sizing: parseSizing(NODE_SIZING),
    preTradeCheck: gate,
  });
  const liveTrades = session.trades.filter(
    (trade) => trade.entryTime >= sessionStart && trade.exitTime <= sessionEnd,
  );
  const backtestTrades = run.trades.filter(
    (trade) => trade.entryTime >= sessionStart && trade.exitTime <= sessionEnd,
  );
  const { trades, summary } = compareTrades(liveTrades, backtestTrades, {
    intervalMs,
    sizeDecimals: session.sizeDecimals,
    tolerance: { priceTicks: 1, maxFeeRate: takerFeeRate(HYPERLIQUID_BASE_FEES) },
  });
  return {
    bot: {
      id: bot.id,
      name: bot.name,
      strategy: definition.name,
      symbol: bot.symbol,
      interval: bot.interval,
      mode: bot.mode,
    },
    params,
    session: { from: new Date(sessionStart).toISOString(), to: new Date(sessionEnd).toISOString() },
    candles: candles.description,
    funding: funding.description,
    fillModel:
      "orders sent at a bar's close fill at that close (bars replayed opening at the previous close); stops and limits trade on each bar's own range",
    trades,
    summary,
  };
}
