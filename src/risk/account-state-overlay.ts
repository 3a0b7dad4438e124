import { describeBreaker } from "./circuit-breaker.ts";
import type { RiskDenialCode } from "./reason-codes.ts";
import type { RiskLimits } from "./risk-limits.ts";
import { type RiskState, tradingStateSeverity } from "./trading-state.ts";

/** Why entries are refused by a trading state alone (no order numbers needed). */
export interface TradingStateRefusal {
  readonly code: RiskDenialCode;
  readonly message: string;
}

/**
 * The refusal a state gives every entry regardless of its size, or null: EMERGENCY → `TRADING_HALTED`,
 * a tripped breaker → `CIRCUIT_BREAKER`, a loss-streak pause → `LOSS_STREAK`, HALTED →
 * `TRADING_HALTED`. Exits are never refused by a state (callers only ask for entries).
 */
export function tradingStateRefusal(state: RiskState, limits: RiskLimits): TradingStateRefusal | null {
  if (state.tradingState === "EMERGENCY") {
    const cause = state.breaker ? ` (${state.breaker.reason})` : "";
    return {
      code: "TRADING_HALTED",
      message: `trading state EMERGENCY${cause}: entries denied, positions are being closed`,
    };
  }
  if (state.breaker !== null) {
    return { code: "CIRCUIT_BREAKER", message: `${describeBreaker(state.breaker)}: entries denied` };
  }
  if (state.lossStreakUntilMs !== null) {
    return {
      code: "LOSS_STREAK",
      message: `loss streak of ${limits.lossStreakLimit} losing trades in a row: entries paused until ${new Date(state.lossStreakUntilMs).toISOString()}`,
    };
  }
  if (state.tradingState === "HALTED") {
    return { code: "TRADING_HALTED", message: "trading state HALTED: entries denied" };
  }
  return null;
}

/**
 * The state a node's pre-trade check uses when an account-wide state is in force as well: the node's
 * own state (its equity, baseline and high-water mark, so its numbers stay consistent) made at least as
 * restrictive as the account's — the more severe trading state, the account's breaker when the node has
 * none, and the later loss-streak pause. Returns `local` itself when the account adds nothing. Pure.
 */
export function overlayAccountState(local: RiskState, account: RiskState): RiskState {
  const severer =
    tradingStateSeverity(account.tradingState) > tradingStateSeverity(local.tradingState)
      ? account.tradingState
      : local.tradingState;
  const breaker = local.breaker ?? account.breaker;
  const pause =
    local.lossStreakUntilMs === null
      ? account.lossStreakUntilMs
      : account.lossStreakUntilMs === null
        ? local.lossStreakUntilMs
        : Math.max(local.lossStreakUntilMs, account.lossStreakUntilMs);
  if (severer === local.tradingState && breaker === local.breaker && pause === local.lossStreakUntilMs) {
    return local;
  }
  return { ...local, tradingState: severer, breaker, lossStreakUntilMs: pause };
}
