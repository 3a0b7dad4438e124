import { ValidationError } from "../core/errors.ts";
import { type BreakerTrip, isBreakerExpired, requireReason, tripBreaker } from "./circuit-breaker.ts";
import { reaches } from "./compare.ts";
import { formatNumber, formatPercent, type RiskChangeCode } from "./reason-codes.ts";
import { breakerCooldownMs, lossStreakCooldownMs, type RiskLimits } from "./risk-limits.ts";
import {
  dailyLossPercent,
  deriveTradingState,
  drawdownPercent,
  type RiskState,
  type RiskStateChange,
  type TradingState,
  tradingStateSeverity,
} from "./trading-state.ts";
import { utcDate, utcDayStart } from "./utc-day.ts";

/**
 * What the risk state reacts to. Equity is balance + unrealized PnL in quote currency, after the
 * event (fees and funding included).
 * - `fill`, `mark-price`, `equity`: equity moved (a fill's fee, a new mark price, funding, a deposit);
 * - `trade-closed`: a round trip ended with net `pnl` (< 0 is a loss, otherwise the streak resets);
 * - `day-roll`: an explicit UTC day start (a later day is also detected from `nowMs` on any event);
 * - `tick`: time passed; only expiry and day roll are evaluated;
 * - `trip` / `reset`: an operator trips or resets the breaker; `reason` must not be blank.
 */
export type RiskEvent =
  | { readonly type: "fill"; readonly equity: number }
  | { readonly type: "mark-price"; readonly equity: number }
  | { readonly type: "equity"; readonly equity: number }
  | { readonly type: "trade-closed"; readonly pnl: number; readonly equity: number }
  | { readonly type: "day-roll"; readonly equity?: number }
  | { readonly type: "tick" }
  | { readonly type: "trip"; readonly reason: string }
  | { readonly type: "reset"; readonly reason: string };

/** Result of {@link reduceRiskState}: the next state and the audited changes, oldest first. */
export interface RiskStateResult {
  readonly state: RiskState;
  readonly changes: readonly RiskStateChange[];
}

type Draft = { -readonly [Key in keyof RiskState]: RiskState[Key] };

const NO_CHANGES: readonly RiskStateChange[] = Object.freeze([]);

function finiteEquity(value: number, event: string): number {
  if (!Number.isFinite(value)) {
    throw new ValidationError(`risk event ${event}: equity must be a finite number, got ${value}`, {
      field: "equity",
    });
  }
  return value;
}

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

/** Rebases whatever limit is still breached, so a reset does not re-trip at once. */
function rebaseBreached(draft: Draft, limits: RiskLimits): void {
  if (reaches(dailyLossPercent(draft), limits.dailyLossLimitPercent))
    draft.dailyBaselineEquity = draft.equity;
  if (reaches(drawdownPercent(draft), limits.maxDrawdownPercent)) draft.highWaterMark = draft.equity;
}

/**
 * The risk state's reducer: applies `event` at `nowMs` and re-evaluates every rule. Pure; never
 * mutates `state`. In order: the UTC day roll (daily baseline := equity; drawdown, breaker and loss
 * streak untouched), expiry of the breaker and the loss-streak pause (at or after their until-time),
 * the event itself, then the rules: daily loss ≥ emergency threshold trips an emergency breaker,
 * daily loss ≥ limit or drawdown ≥ max trips the breaker for `breakerCooldownHours`. A reset (manual or
 * expiry) clears the breaker and rebases a still-breached daily baseline or high-water mark to the
 * current equity. A `nowMs` before the last event is treated as the last event's time.
 *
 * @throws ValidationError on a non-finite time or equity, or a manual trip/reset without a reason.
 */
export function reduceRiskState(
  state: RiskState,
  event: RiskEvent,
  limits: RiskLimits,
  nowMs: number,
): RiskStateResult {
  if (!Number.isFinite(nowMs)) {
    throw new ValidationError(`risk event time must be finite ms, got ${nowMs}`, { field: "nowMs" });
  }
  const now = Math.max(nowMs, state.updatedAtMs);
  const draft: Draft = { ...state, updatedAtMs: now };
  let changes: RiskStateChange[] | null = null;
  let current: TradingState = state.tradingState;
  const step = (code: RiskChangeCode, reason: string, always: boolean): void => {
    const next = deriveTradingState(draft, limits);
    if (next !== current || always) {
      changes ??= [];
      changes.push({ atMs: now, from: current, to: next, reason, code });
    }
    current = next;
  };

  const today = utcDayStart(now);
  if (event.type === "day-roll" || today > draft.dayStartMs) {
    if (event.type === "day-roll" && event.equity !== undefined) {
      draft.equity = finiteEquity(event.equity, event.type);
    }
    draft.dayStartMs = Math.max(today, draft.dayStartMs);
    draft.dailyBaselineEquity = draft.equity;
    draft.highWaterMark = Math.max(draft.highWaterMark, draft.equity);
    step(
      "DAY_ROLL",
      `UTC day ${utcDate(now)} started; daily loss measured from ${formatNumber(draft.equity)}`,
      false,
    );
  }

  if (isBreakerExpired(draft.breaker, now)) {
    const expired = draft.breaker as BreakerTrip;
    draft.breaker = null;
    rebaseBreached(draft, limits);
    step("COOLDOWN_EXPIRED", `circuit breaker (${expired.reason}) expired at ${iso(expired.untilMs)}`, true);
  }
  if (draft.lossStreakUntilMs !== null && now >= draft.lossStreakUntilMs) {
    const until = draft.lossStreakUntilMs;
    draft.lossStreakUntilMs = null;
    draft.consecutiveLosses = 0;
    step("LOSS_STREAK_EXPIRED", `loss-streak pause ended at ${iso(until)}`, true);
  }

  switch (event.type) {
    case "fill":
    case "mark-price":
    case "equity":
      draft.equity = finiteEquity(event.equity, event.type);
      break;
    case "trade-closed":
      draft.equity = finiteEquity(event.equity, event.type);
      if (!Number.isFinite(event.pnl)) {
        throw new ValidationError(`risk event trade-closed: pnl must be a finite number, got ${event.pnl}`, {
          field: "pnl",
        });
      }
      if (event.pnl >= 0) {
        draft.consecutiveLosses = 0;
        break;
      }
      draft.consecutiveLosses += 1;
      if (draft.consecutiveLosses >= limits.lossStreakLimit && draft.lossStreakUntilMs === null) {
        draft.lossStreakUntilMs = now + lossStreakCooldownMs(limits);
        step(
          "LOSS_STREAK",
          `${draft.consecutiveLosses} losing trades in a row reached the limit of ${limits.lossStreakLimit}; paused until ${iso(draft.lossStreakUntilMs)}`,
          true,
        );
      }
      break;
    case "trip": {
      const reason = requireReason(event.reason, "trip");
      draft.breaker = tripBreaker(draft.breaker, "MANUAL_TRIP", reason, now, breakerCooldownMs(limits));
      step("MANUAL_TRIP", `manual trip: ${reason}`, true);
      break;
    }
    case "reset": {
      const reason = requireReason(event.reason, "reset");
      draft.breaker = null;
      draft.lossStreakUntilMs = null;
      draft.consecutiveLosses = 0;
      rebaseBreached(draft, limits);
      step("MANUAL_RESET", `manual reset: ${reason}`, true);
      break;
    }
    case "day-roll":
    case "tick":
      break;
  }
  draft.highWaterMark = Math.max(draft.highWaterMark, draft.equity);

  const dailyLoss = dailyLossPercent(draft);
  const cooldown = breakerCooldownMs(limits);
  if (reaches(dailyLoss, limits.emergencyDailyLossPercent) && !draft.breaker?.emergency) {
    const reason = `daily loss ${formatPercent(dailyLoss)} reached the emergency threshold ${formatPercent(limits.emergencyDailyLossPercent)}`;
    draft.breaker = tripBreaker(draft.breaker, "DAILY_LOSS_EMERGENCY", reason, now, cooldown);
    step("DAILY_LOSS_EMERGENCY", reason, true);
  } else if (reaches(dailyLoss, limits.dailyLossLimitPercent) && draft.breaker === null) {
    const reason = `daily loss ${formatPercent(dailyLoss)} reached the limit ${formatPercent(limits.dailyLossLimitPercent)}`;
    draft.breaker = tripBreaker(null, "DAILY_LOSS_LIMIT", reason, now, cooldown);
    step("DAILY_LOSS_LIMIT", reason, true);
  }
  const drawdown = drawdownPercent(draft);
  if (reaches(drawdown, limits.maxDrawdownPercent) && draft.breaker === null) {
    const reason = `drawdown ${formatPercent(drawdown)} from the high-water mark ${formatNumber(draft.highWaterMark)} reached the limit ${formatPercent(limits.maxDrawdownPercent)}`;
    draft.breaker = tripBreaker(null, "DRAWDOWN_LIMIT", reason, now, cooldown);
    step("DRAWDOWN_LIMIT", reason, true);
  }

  const next = deriveTradingState(draft, limits);
  if (next !== current) {
    const reducedAt = limits.dailyLossLimitPercent * limits.reducedAtDailyLossFraction;
    const worse = tradingStateSeverity(next) > tradingStateSeverity(current);
    if (next === "REDUCED" && worse) {
      step(
        "DAILY_LOSS_REDUCED",
        `daily loss ${formatPercent(dailyLoss)} reached ${formatNumber(limits.reducedAtDailyLossFraction * 100)} % of the ${formatPercent(limits.dailyLossLimitPercent)} limit (${formatPercent(reducedAt)}); new risk × ${formatNumber(limits.reducedRiskMultiplier)}`,
        false,
      );
    } else {
      step(
        "RECOVERED",
        `daily loss ${formatPercent(dailyLoss)}, drawdown ${formatPercent(drawdown)}: ${next}`,
        false,
      );
    }
  }
  draft.tradingState = current;
  return { state: draft, changes: changes ?? NO_CHANGES };
}
