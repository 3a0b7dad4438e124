import { ValidationError } from "../core/errors.ts";
import { describeValue } from "./describe-value.ts";
import type { RiskChangeCode } from "./reason-codes.ts";

/** Codes a breaker can trip with. */
export type BreakerTripCode = Extract<
  RiskChangeCode,
  "DAILY_LOSS_LIMIT" | "DRAWDOWN_LIMIT" | "DAILY_LOSS_EMERGENCY" | "MANUAL_TRIP"
>;

/**
 * A tripped circuit breaker (an armed breaker is `null`). While tripped, entries are denied with
 * `CIRCUIT_BREAKER`; when `emergency` is set the trading state is EMERGENCY rather than HALTED.
 * Times are ms UTC; `untilMs > trippedAtMs`.
 */
export interface BreakerTrip {
  readonly code: BreakerTripCode;
  /** Human-readable reason with the numbers, or the operator's text for a manual trip. */
  readonly reason: string;
  readonly trippedAtMs: number;
  /** When the breaker resets itself (trip time + cooldown). */
  readonly untilMs: number;
  /** True once the daily loss reached the emergency threshold: close everything. */
  readonly emergency: boolean;
}

/**
 * Trips (or re-trips) the breaker at `nowMs` for `cooldownMs`. Re-tripping an emergency breaker
 * keeps it an emergency.
 */
export function tripBreaker(
  current: BreakerTrip | null,
  code: BreakerTripCode,
  reason: string,
  nowMs: number,
  cooldownMs: number,
): BreakerTrip {
  return {
    code,
    reason,
    trippedAtMs: nowMs,
    untilMs: nowMs + cooldownMs,
    emergency: code === "DAILY_LOSS_EMERGENCY" || (current?.emergency ?? false),
  };
}

/** Whether a tripped breaker's cooldown has run out at `nowMs` (the until-time itself counts as expired). */
export function isBreakerExpired(breaker: BreakerTrip | null, nowMs: number): boolean {
  return breaker !== null && nowMs >= breaker.untilMs;
}

/**
 * Validates the operator's reason for a manual trip or reset and returns it trimmed.
 *
 * @throws ValidationError when the reason is missing or blank.
 */
export function requireReason(reason: unknown, action: "trip" | "reset"): string {
  if (typeof reason !== "string" || reason.trim().length === 0) {
    throw new ValidationError(
      `a manual circuit-breaker ${action} needs a non-empty reason, got ${describeValue(reason)}`,
      { field: "reason" },
    );
  }
  return reason.trim();
}

/** One line describing a tripped breaker, for denial messages and status output. */
export function describeBreaker(breaker: BreakerTrip): string {
  return `circuit breaker tripped (${breaker.reason}) until ${new Date(breaker.untilMs).toISOString()}`;
}
