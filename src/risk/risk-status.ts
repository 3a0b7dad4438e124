import type { BreakerTripCode } from "./circuit-breaker.ts";
import type { RiskLimits } from "./risk-limits.ts";
import { dailyLossPercent, drawdownPercent, type RiskState, type TradingState } from "./trading-state.ts";

/** A plain, JSON-ready summary of the risk state against its limits (for `hlbot risk status`, the API). */
export interface RiskStatus {
  tradingState: TradingState;
  equity: number;
  dailyBaselineEquity: number;
  /** Percent units, like the limits. */
  dailyLossPercent: number;
  reducedAtDailyLossPercent: number;
  dailyLossLimitPercent: number;
  emergencyDailyLossPercent: number;
  highWaterMark: number;
  drawdownPercent: number;
  maxDrawdownPercent: number;
  consecutiveLosses: number;
  lossStreakLimit: number;
  /** ISO 8601 UTC, or null without a pause. */
  lossStreakUntil: string | null;
  circuitBreaker: {
    code: BreakerTripCode;
    reason: string;
    /** ISO 8601 UTC. */
    trippedAt: string;
    until: string;
    emergency: boolean;
  } | null;
  /** ISO 8601 UTC of the last event applied. */
  updatedAt: string;
}

const iso = (timeMs: number): string => new Date(timeMs).toISOString();

/** Summarises `state` against `limits`. */
export function describeRiskStatus(state: RiskState, limits: RiskLimits): RiskStatus {
  const breaker = state.breaker;
  return {
    tradingState: state.tradingState,
    equity: state.equity,
    dailyBaselineEquity: state.dailyBaselineEquity,
    dailyLossPercent: dailyLossPercent(state),
    reducedAtDailyLossPercent: limits.dailyLossLimitPercent * limits.reducedAtDailyLossFraction,
    dailyLossLimitPercent: limits.dailyLossLimitPercent,
    emergencyDailyLossPercent: limits.emergencyDailyLossPercent,
    highWaterMark: state.highWaterMark,
    drawdownPercent: drawdownPercent(state),
    maxDrawdownPercent: limits.maxDrawdownPercent,
    consecutiveLosses: state.consecutiveLosses,
    lossStreakLimit: limits.lossStreakLimit,
    lossStreakUntil: state.lossStreakUntilMs === null ? null : iso(state.lossStreakUntilMs),
    circuitBreaker:
      breaker === null
        ? null
        : {
            code: breaker.code,
            reason: breaker.reason,
            trippedAt: iso(breaker.trippedAtMs),
            until: iso(breaker.untilMs),
            emergency: breaker.emergency,
          },
    updatedAt: iso(state.updatedAtMs),
  };
}
