/** Why an order was denied; one code per rule (issue 6). */
export type RiskDenialCode =
  | "DAILY_LOSS_LIMIT"
  | "MAX_POSITIONS"
  | "RISK_PER_TRADE"
  | "NOTIONAL_LIMIT"
  | "LEVERAGE_LIMIT"
  | "CORRELATED_EXPOSURE"
  | "LOSS_STREAK"
  | "DRAWDOWN_LIMIT"
  | "LIQUIDATION_DISTANCE"
  | "CIRCUIT_BREAKER"
  | "TRADING_HALTED"
  | "MISSING_STOP";

/** Every {@link RiskDenialCode}, in the order of the issue; handy for zero-filled counters. */
export const RISK_DENIAL_CODES: readonly RiskDenialCode[] = Object.freeze([
  "DAILY_LOSS_LIMIT",
  "MAX_POSITIONS",
  "RISK_PER_TRADE",
  "NOTIONAL_LIMIT",
  "LEVERAGE_LIMIT",
  "CORRELATED_EXPOSURE",
  "LOSS_STREAK",
  "DRAWDOWN_LIMIT",
  "LIQUIDATION_DISTANCE",
  "CIRCUIT_BREAKER",
  "TRADING_HALTED",
  "MISSING_STOP",
]);

/**
 * Why the trading state or the breaker changed. Rule codes are shared with denials; the rest:
 * `DAILY_LOSS_REDUCED` (75 % of the daily limit), `DAILY_LOSS_EMERGENCY` (emergency threshold),
 * `MANUAL_TRIP`, `MANUAL_RESET`, `COOLDOWN_EXPIRED`, `LOSS_STREAK_EXPIRED`, `DAY_ROLL` and
 * `RECOVERED` (the condition that changed the state no longer holds).
 */
export type RiskChangeCode =
  | "DAILY_LOSS_LIMIT"
  | "DRAWDOWN_LIMIT"
  | "LOSS_STREAK"
  | "DAILY_LOSS_REDUCED"
  | "DAILY_LOSS_EMERGENCY"
  | "MANUAL_TRIP"
  | "MANUAL_RESET"
  | "COOLDOWN_EXPIRED"
  | "LOSS_STREAK_EXPIRED"
  | "DAY_ROLL"
  | "RECOVERED";

/** Formats a number for denial and change messages: up to 4 significant digits, no exponent for normal values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** Formats a percent value (`3.4` → `"3.4 %"`). */
export function formatPercent(value: number): string {
  return `${formatNumber(value)} %`;
}
