import type { Order } from "../domain/index.ts";
import type { TradeRecord } from "../engine/index.ts";
import type { BacktestRun } from "./backtest-runner.ts";
import { type BacktestStatistics, computeStatistics, finiteOrNull } from "./statistics.ts";

const DAY_MS = 86_400_000;

/** One trade as printed in `--format json` (times ISO-8601 UTC, durations in days, missing = null). */
export interface TradeOutput {
  instrument: string;
  side: "LONG" | "SHORT";
  size: number;
  entryTime: string;
  exitTime: string;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  returnPct: number | null;
  fees: number;
  funding: number;
  durationDays: number;
  exitReason: string;
  maePct: number | null;
  mfePct: number | null;
  stopLoss: number | null;
  rMultiple: number | null;
  /** The strategy's reason for the entry (e.g. the confluence signal and its reasoning), when it gave one. */
  signal?: unknown;
}

/** One order of the order log. */
export interface OrderOutput {
  id: string;
  instrument: string;
  side: string;
  type: string;
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
  status: string;
  filledQuantity: number;
  averageFillPrice: number | null;
  tag: string;
  reason: string | null;
  createdAt: string;
}

/** Statistics as printed: `start`/`end` as ISO strings, every number finite or null. */
export type StatisticsOutput = Omit<BacktestStatistics, "start" | "end"> & { start: string; end: string };

/** The `--format json` document of `hlbot backtest`. */
export interface BacktestOutput {
  stats: StatisticsOutput;
  trades: TradeOutput[];
  equity: { timestamps: number[]; values: number[] };
  perf: { bars: number; loadMs: number; runMs: number; barsPerSecond: number };
  orders: OrderOutput[];
  openPositions: Record<string, number>;
  risk: RiskOutput;
}

/** The risk manager's part of a run: denials by reason code, every state change, the final state. */
export interface RiskOutput {
  enabled: boolean;
  denials: Record<string, number>;
  stateChanges: Array<{ time: string; from: string; to: string; code: string; reason: string }>;
  finalState: string | null;
  deniedOrders: Array<{ time: string; orderId: string; instrument: string; code: string; message: string }>;
}

const iso = (time: number): string => new Date(time).toISOString();

/** Trade record → printable trade. */
export function tradeOutput(trade: TradeRecord): TradeOutput {
  return {
    instrument: trade.instrumentId,
    side: trade.side,
    size: trade.side === "LONG" ? trade.quantity : -trade.quantity,
    entryTime: iso(trade.entryTime),
    exitTime: iso(trade.exitTime),
    entryPrice: trade.entryPrice,
    exitPrice: trade.exitPrice,
    pnl: trade.pnl,
    returnPct: finiteOrNull(trade.returnPct),
    fees: trade.fees,
    funding: trade.funding,
    durationDays: trade.durationMs / DAY_MS,
    exitReason: trade.exitReason,
    maePct: finiteOrNull(trade.maePct),
    mfePct: finiteOrNull(trade.mfePct),
    stopLoss: finiteOrNull(trade.stopLossPrice),
    rMultiple: finiteOrNull(trade.rMultiple),
    ...(trade.entrySignal !== undefined ? { signal: trade.entrySignal } : {}),
  };
}

function orderOutput(order: Order): OrderOutput {
  return {
    id: order.id,
    instrument: order.instrumentId,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    price: finiteOrNull(order.price),
    triggerPrice: finiteOrNull(order.triggerPrice),
    status: order.status,
    filledQuantity: order.filledQuantity,
    averageFillPrice: finiteOrNull(order.averageFillPrice),
    tag: order.tag,
    reason: order.reason ?? null,
    createdAt: iso(order.createdAt),
  };
}

/** Builds the JSON document of a run (statistics included). */
export function buildBacktestOutput(run: BacktestRun, loadMs: number): BacktestOutput {
  const stats = computeStatistics({
    timestamps: run.timestamps,
    equity: run.equity,
    closes: run.closes,
    trades: run.trades,
    warmupBars: run.warmupBars,
  });
  return {
    stats: { ...stats, start: iso(stats.start), end: iso(stats.end) },
    trades: run.trades.map(tradeOutput),
    equity: {
      timestamps: Array.from(run.timestamps),
      values: Array.from(run.equity, (value) => finiteOrNull(value) ?? 0),
    },
    perf: {
      bars: run.bars,
      loadMs: Math.round(loadMs * 1000) / 1000,
      runMs: Math.round(run.runMs * 1000) / 1000,
      barsPerSecond: run.runMs > 0 ? Math.round(run.bars / (run.runMs / 1000)) : 0,
    },
    orders: run.orders.map(orderOutput),
    openPositions: { ...run.openPositions },
    risk: riskOutput(run),
  };
}

function riskOutput(run: BacktestRun): RiskOutput {
  const gate = run.riskGate;
  if (gate === undefined)
    return { enabled: false, denials: {}, stateChanges: [], finalState: null, deniedOrders: [] };
  return {
    enabled: true,
    denials: { ...gate.denials },
    stateChanges: gate.stateChanges.map((change) => ({
      time: iso(change.atMs),
      from: change.from,
      to: change.to,
      code: change.code,
      reason: change.reason,
    })),
    finalState: gate.state.tradingState,
    deniedOrders: gate.deniedOrders.map((denial) => ({
      time: iso(denial.time),
      orderId: denial.orderId,
      instrument: denial.instrumentId,
      code: denial.code,
      message: denial.message,
    })),
  };
}
