import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { describeValue, valueAtPath } from "./describe-value.ts";
import type { RiskState } from "./trading-state.ts";

const finite = z.number();
const time = z.number().int();

const BreakerTripSchema = z
  .object({
    code: z.enum(["DAILY_LOSS_LIMIT", "DRAWDOWN_LIMIT", "DAILY_LOSS_EMERGENCY", "MANUAL_TRIP"]),
    reason: z.string().min(1),
    trippedAtMs: time,
    untilMs: time,
    emergency: z.boolean(),
  })
  .strict()
  .refine((trip) => trip.untilMs >= trip.trippedAtMs, {
    message: "untilMs must not be before trippedAtMs",
    path: ["untilMs"],
  });

/** The serialised risk state (see {@link RiskState}); validated by {@link restoreRiskState}. */
export const RiskStateSchema = z
  .object({
    version: z.literal(1),
    tradingState: z.enum(["ACTIVE", "REDUCED", "HALTED", "EMERGENCY"]),
    equity: finite,
    dayStartMs: time.refine((value) => value % 86_400_000 === 0, "must be 00:00 UTC of a day"),
    dailyBaselineEquity: finite,
    highWaterMark: finite,
    consecutiveLosses: z.number().int().min(0),
    lossStreakUntilMs: time.nullable(),
    breaker: BreakerTripSchema.nullable(),
    updatedAtMs: time,
  })
  .strict();

/**
 * The state as a plain JSON-compatible object (a deep copy), for persistence. `restoreRiskState`
 * turns it back into an equal state.
 */
export function serializeRiskState(state: RiskState): Record<string, unknown> {
  return {
    version: state.version,
    tradingState: state.tradingState,
    equity: state.equity,
    dayStartMs: state.dayStartMs,
    dailyBaselineEquity: state.dailyBaselineEquity,
    highWaterMark: state.highWaterMark,
    consecutiveLosses: state.consecutiveLosses,
    lossStreakUntilMs: state.lossStreakUntilMs,
    breaker: state.breaker === null ? null : { ...state.breaker },
    updatedAtMs: state.updatedAtMs,
  };
}

/**
 * Validates a persisted state (an object or its JSON text) and restores it exactly: a HALTED or
 * EMERGENCY state stays so, and a tripped breaker stays tripped even when its until-time has passed;
 * the expiry is applied (and audited) by the next `reduceRiskState` call, never silently here.
 *
 * @throws ValidationError naming the field and the value when the input is not a valid state.
 */
export function restoreRiskState(input: unknown): RiskState {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ValidationError(`risk state: not valid JSON (${(error as Error).message})`, {
        field: "state",
        cause: error,
      });
    }
  }
  const result = RiskStateSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(state)";
      const got = describeValue(valueAtPath(value, issue.path));
      return `risk state ${field}: got ${got}; ${issue.message.replace(/^Invalid input: /, "")}`;
    });
    const first = result.error.issues[0];
    throw new ValidationError(issues.join("; "), {
      field: first && first.path.length > 0 ? first.path.map(String).join(".") : "state",
      cause: result.error,
    });
  }
  return result.data;
}
