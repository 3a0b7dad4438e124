import { z } from "zod";
import type { Order, OrderSide } from "../domain/index.ts";
import type { Sizing } from "./sizing.ts";
import type { InstrumentReference, StrategyContext } from "./strategy.ts";

/**
 * Parameters of the position management rules (the original system's §4.2), in R = |entry − initial
 * stop|: TP1 at `tp1R` closes `tp1Fraction`, TP2 at `tp2R` closes the rest; once price reaches
 * `breakevenR` the stop moves to the entry; after TP1 a pullback of `momentumPullbackR` from the best
 * price exits the remainder; an optional time stop closes after `timeStopBars` bars.
 */
export const PositionManagementSchema = z
  .object({
    tp1R: z.coerce.number().positive().max(20).default(1).describe("first take-profit, in R"),
    tp1Fraction: z.coerce.number().gt(0).max(1).default(0.5).describe("share of the position TP1 closes"),
    tp2R: z.coerce
      .number()
      .positive()
      .max(50)
      .default(2)
      .describe("second take-profit, in R (closes the rest)"),
    breakevenR: z.coerce
      .number()
      .min(0)
      .max(20)
      .default(0.5)
      .describe("move the stop to entry once price reaches this many R (0: never)"),
    momentumPullbackR: z.coerce
      .number()
      .min(0)
      .max(20)
      .default(0.3)
      .describe("after TP1, exit the rest on a pullback of this many R from the best price (0: never)"),
    timeStopBars: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe("close after this many bars (0: no time stop)"),
  })
  .refine((params) => params.tp2R > params.tp1R, { message: "tp2R must be above tp1R", path: ["tp2R"] });

/** Parsed position management parameters. */
export type PositionManagementParams = z.infer<typeof PositionManagementSchema>;

/** Defaults of {@link PositionManagementSchema}. */
export const DEFAULT_POSITION_MANAGEMENT: PositionManagementParams = PositionManagementSchema.parse({});

/** An entry the manager should open and then manage. */
export interface ManagedEntry {
  side: OrderSide;
  instrument?: InstrumentReference;
  /** Protective stop (defines 1R with the expected entry price). */
  stopLoss: number;
  /** Expected entry price (the signal's price; the fill price replaces it once known). */
  entryPrice: number;
  sizing?: Sizing;
  quantity?: number;
  /** Label of the entry order. */
  tag?: string;
  /** Why: kept with the trade the entry opens (e.g. the confluence reasoning). */
  signal?: unknown;
}

interface ManagedState {
  instrument: InstrumentReference | undefined;
  side: OrderSide;
  entryId: string;
  entryPrice: number;
  initialStop: number;
  risk: number;
  initialQuantity: number;
  bestPrice: number;
  barsOpen: number;
  breakevenDone: boolean;
  exitRequested: boolean;
  filled: boolean;
}

const sideSign = (side: OrderSide) => (side === "BUY" ? 1 : -1);

/**
 * Opens positions as brackets (stop + TP1/TP2) and manages them bar by bar through the strategy API, so
 * the same rules run in backtest, paper and live. Exit reasons come from order tags: `stop_loss`, `tp1`,
 * `tp2`, `breakeven` (the moved stop), `momentum`, `time_stop`. Call {@link PositionManager.onBar} from
 * the strategy's `onBar` before deciding on new entries. One managed position per instrument.
 */
export class PositionManager {
  private readonly managed = new Map<InstrumentReference | "default", ManagedState>();

  constructor(readonly params: PositionManagementParams = DEFAULT_POSITION_MANAGEMENT) {}

  /** Whether a managed position (or its entry) exists on the instrument. */
  isManaging(instrument?: InstrumentReference): boolean {
    return this.managed.has(instrument ?? "default");
  }

  /**
   * Places the bracket: entry at market, stop at `stopLoss`, TP1 and TP2 at `tp1R`/`tp2R`.
   * @throws {RangeError} when the stop is on the wrong side of the entry.
   */
  open(ctx: StrategyContext, entry: ManagedEntry): string {
    const sign = sideSign(entry.side);
    const risk = (entry.entryPrice - entry.stopLoss) * sign;
    if (!(risk > 0))
      throw new RangeError(`stop ${entry.stopLoss} is not on the losing side of entry ${entry.entryPrice}`);
    const { tp1R, tp2R, tp1Fraction } = this.params;
    const legs =
      tp1Fraction >= 1
        ? [{ price: entry.entryPrice + sign * tp1R * risk, fraction: 1 }]
        : [
            { price: entry.entryPrice + sign * tp1R * risk, fraction: tp1Fraction },
            { price: entry.entryPrice + sign * tp2R * risk, fraction: 1 },
          ];
    const entryId = ctx.bracket({
      side: entry.side,
      ...(entry.instrument !== undefined ? { instrument: entry.instrument } : {}),
      ...(entry.sizing ? { sizing: entry.sizing } : {}),
      ...(entry.quantity !== undefined ? { quantity: entry.quantity } : {}),
      stopLoss: entry.stopLoss,
      takeProfits: legs,
      tag: entry.tag ?? "signal",
      ...(entry.signal !== undefined ? { signal: entry.signal } : {}),
    });
    this.managed.set(entry.instrument ?? "default", {
      instrument: entry.instrument,
      side: entry.side,
      entryId,
      entryPrice: entry.entryPrice,
      initialStop: entry.stopLoss,
      risk,
      initialQuantity: 0,
      bestPrice: entry.entryPrice,
      barsOpen: 0,
      breakevenDone: false,
      exitRequested: false,
      filled: false,
    });
    return entryId;
  }

  /** Applies the rules to every managed position after a bar closed. */
  onBar(ctx: StrategyContext): void {
    for (const [key, state] of this.managed) {
      const position = ctx.position(state.instrument);
      const held = position.quantity * sideSign(state.side);
      if (!state.filled) {
        if (held > 0) {
          state.filled = true;
          state.initialQuantity = held;
          state.entryPrice = position.averageEntryPrice;
          state.risk = (state.entryPrice - state.initialStop) * sideSign(state.side);
          state.bestPrice = state.entryPrice;
        } else {
          const working = ctx.openOrders(state.instrument).some((order) => order.id === state.entryId);
          if (!working) this.managed.delete(key);
          continue;
        }
      }
      if (held <= 0) {
        this.cancelExits(ctx, state);
        this.managed.delete(key);
        continue;
      }
      if (state.exitRequested) continue;
      state.barsOpen += 1;
      this.step(ctx, state, held);
    }
  }

  private step(ctx: StrategyContext, state: ManagedState, held: number): void {
    const candles = ctx.candles(state.instrument);
    const last = candles.length - 1;
    const sign = sideSign(state.side);
    const favourable = sign > 0 ? candles.high(last) : candles.low(last);
    if ((favourable - state.bestPrice) * sign > 0) state.bestPrice = favourable;
    const bestR = ((state.bestPrice - state.entryPrice) * sign) / state.risk;
    const { breakevenR, momentumPullbackR, timeStopBars } = this.params;
    if (timeStopBars > 0 && state.barsOpen >= timeStopBars) {
      this.exit(ctx, state, "time_stop");
      return;
    }
    const tp1Filled = held < state.initialQuantity - 1e-12;
    if (tp1Filled && momentumPullbackR > 0) {
      const close = candles.close(last);
      const pullbackR = ((state.bestPrice - close) * sign) / state.risk;
      if (pullbackR >= momentumPullbackR) {
        this.exit(ctx, state, "momentum");
        return;
      }
    }
    if (!state.breakevenDone && breakevenR > 0 && bestR >= breakevenR) {
      const stop = this.stopOrder(ctx, state);
      if (stop) {
        ctx.cancel(stop.id);
        const protect = {
          instrument: state.instrument,
          type: "STOP_MARKET" as const,
          triggerPrice: state.entryPrice,
          quantity: held,
          reduceOnly: true,
          tag: "breakeven",
        };
        if (sign > 0) ctx.sell(protect);
        else ctx.buy(protect);
      }
      state.breakevenDone = true;
    }
  }

  private stopOrder(ctx: StrategyContext, state: ManagedState): Order | undefined {
    return ctx
      .openOrders(state.instrument)
      .find((order) => order.reduceOnly && (order.tag === "stop_loss" || order.tag === "breakeven"));
  }

  private exit(ctx: StrategyContext, state: ManagedState, tag: "momentum" | "time_stop"): void {
    this.cancelExits(ctx, state);
    ctx.closePosition({ ...(state.instrument !== undefined ? { instrument: state.instrument } : {}), tag });
    state.exitRequested = true;
  }

  private cancelExits(ctx: StrategyContext, state: ManagedState): void {
    for (const order of [...ctx.openOrders(state.instrument)]) if (order.reduceOnly) ctx.cancel(order.id);
  }
}
