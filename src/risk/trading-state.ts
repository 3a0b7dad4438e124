import { ValidationError } from "../core/errors.ts";
import type { BreakerTrip } from "./circuit-breaker.ts";
import { reaches } from "./compare.ts";
import type { RiskChangeCode } from "./reason-codes.ts";
import type { RiskLimits } from "./risk-limits.ts";
import { utcDayStart } from "./utc-day.ts";

/**
 * How freely the bot may trade, from least to most restrictive:
 * - `ACTIVE`: every rule applies at full size;
 * - `REDUCED`: daily loss reached `reducedAtDailyLossFraction` of the limit; new risk is scaled by
 *   `reducedRiskMultiplier`;
 * - `HALTED`: no new entries; exits and stop changes still pass;
 * - `EMERGENCY`: daily loss reached the emergency threshold; the caller cancels all orders and closes
 *   all positions at market; entries are denied.
 */
export type TradingState = "ACTIVE" | "REDUCED" | "HALTED" | "EMERGENCY";

/** All trading states, least restrictive first. */
export const TRADING_STATES: readonly TradingState[] = Object.freeze([
  "ACTIVE",
  "REDUCED",
  "HALTED",
  "EMERGENCY",
]);

/**
 * The risk manager's persistent state: a plain, JSON-serialisable object (see
 * `serializeRiskState`). Money in quote currency, times in ms UTC. Produced only by
 * {@link createRiskState}, `reduceRiskState` and `restoreRiskState`; treat as immutable.
 */
export interface RiskState {
  /** Format version of the serialised form. */
  readonly version: 1;
  readonly tradingState: TradingState;
  /** Last known equity (balance + unrealized PnL). */
  readonly equity: number;
  /** 00:00 UTC of the day the daily loss is measured in. */
  readonly dayStartMs: number;
  /**
   * Equity the daily loss is measured from: equity at the day roll, rebased to the equity of a
   * breaker reset (manual or expiry) when the daily limit was still breached at that moment.
   */
  readonly dailyBaselineEquity: number;
  /** Highest equity seen; rebased by a breaker reset while the drawdown limit is breached. */
  readonly highWaterMark: number;
  /** Losing trades in a row (reset by a winning trade or when the loss-streak pause ends). */
  readonly consecutiveLosses: number;
  /** End of the loss-streak pause (ms UTC), or `null` when there is none. */
  readonly lossStreakUntilMs: number | null;
  /** The tripped breaker, or `null` when armed. */
  readonly breaker: BreakerTrip | null;
  /** Time of the last event applied. */
  readonly updatedAtMs: number;
}

/**
 * One audited transition: the trading state before and after (equal when only the breaker or a
 * pause changed, e.g. a manual trip while already HALTED), with the reason and its code.
 */
export interface RiskStateChange {
  readonly atMs: number;
  readonly from: TradingState;
  readonly to: TradingState;
  readonly reason: string;
  readonly code: RiskChangeCode;
}

/**
 * A fresh ACTIVE state for an account with `equity` at `nowMs`: the day's baseline and the
 * high-water mark are the current equity.
 *
 * @throws ValidationError when `equity` or `nowMs` is not finite.
 */
export function createRiskState(equity: number, nowMs: number): RiskState {
  if (!Number.isFinite(equity)) {
    throw new ValidationError(`risk state equity must be a finite number, got ${equity}`, {
      field: "equity",
    });
  }
  if (!Number.isFinite(nowMs)) {
    throw new ValidationError(`risk state time must be finite ms, got ${nowMs}`, { field: "nowMs" });
  }
  return {
    version: 1,
    tradingState: "ACTIVE",
    equity,
    dayStartMs: utcDayStart(nowMs),
    dailyBaselineEquity: equity,
    highWaterMark: equity,
    consecutiveLosses: 0,
    lossStreakUntilMs: null,
    breaker: null,
    updatedAtMs: nowMs,
  };
}

/**
 * Loss from `baseline` to `equity` in percent of the baseline (0 when equity is at or above it;
 * 100 when the baseline is not positive and equity is below it).
 */
export function lossPercent(baseline: number, equity: number): number {
  if (equity >= baseline) return 0;
  if (baseline <= 0) return 100;
  return ((baseline - equity) / baseline) * 100;
}

/** Today's loss (realized + unrealized) in percent of the daily baseline. */
export function dailyLossPercent(state: RiskState, equity: number = state.equity): number {
  return lossPercent(state.dailyBaselineEquity, equity);
}

/** Drawdown from the high-water mark in percent. */
export function drawdownPercent(state: RiskState, equity: number = state.equity): number {
  return lossPercent(Math.max(state.highWaterMark, equity), equity);
}

/**
 * The trading state the rules give for the fields of `state` (ignoring its stored `tradingState`).
 * Breaker emergency → EMERGENCY; breaker, loss-streak pause, daily limit or drawdown → HALTED;
 * daily loss at the REDUCED fraction → REDUCED; otherwise ACTIVE. Limits are inclusive (reaching
 * one counts), within `LIMIT_TOLERANCE`.
 */
export function deriveTradingState(state: RiskState, limits: RiskLimits): TradingState {
  if (state.breaker?.emergency) return "EMERGENCY";
  const dailyLoss = dailyLossPercent(state);
  if (reaches(dailyLoss, limits.emergencyDailyLossPercent)) return "EMERGENCY";
  if (state.breaker !== null || state.lossStreakUntilMs !== null) return "HALTED";
  if (reaches(dailyLoss, limits.dailyLossLimitPercent)) return "HALTED";
  if (reaches(drawdownPercent(state), limits.maxDrawdownPercent)) return "HALTED";
  if (reaches(dailyLoss, limits.dailyLossLimitPercent * limits.reducedAtDailyLossFraction)) return "REDUCED";
  return "ACTIVE";
}

/** Rank of a state, 0 (ACTIVE) to 3 (EMERGENCY). */
export function tradingStateSeverity(state: TradingState): number {
  return TRADING_STATES.indexOf(state);
}
