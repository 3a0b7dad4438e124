import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import type { DailyMetrics } from "./daily-metrics.ts";
import { describeValue, valueAtPath } from "./describe-value.ts";
import { utcDate } from "./utc-day.ts";

const count = z.number().int().min(0);
const time = z.number().int();

/** The persisted form of {@link DailyMetrics}; validated by {@link restoreDailyMetrics}. */
export const DailyMetricsSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"),
    dayStartMs: time.refine((value) => value % 86_400_000 === 0, "must be 00:00 UTC of a day"),
    startingEquity: z.number(),
    currentEquity: z.number(),
    peakEquity: z.number(),
    realizedPnl: z.number(),
    unrealizedPnl: z.number(),
    fees: z.number(),
    funding: z.number(),
    trades: count,
    won: count,
    lost: count,
    maxDrawdownPercent: z.number().min(0),
    maxConcurrentPositions: count,
    firstTradeMs: time.nullable(),
    lastTradeMs: time.nullable(),
    lastUpdatedMs: time,
  })
  .strict()
  .refine((metrics) => metrics.date === utcDate(metrics.dayStartMs), {
    message: "date must be the UTC date of dayStartMs",
    path: ["date"],
  })
  .refine((metrics) => metrics.won + metrics.lost <= metrics.trades, {
    message: "won + lost must not exceed trades",
    path: ["trades"],
  });

/**
 * Validates persisted daily metrics (an object or JSON text) and returns a fresh mutable copy.
 *
 * @throws ValidationError naming the field and the value.
 */
export function restoreDailyMetrics(input: unknown): DailyMetrics {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ValidationError(`daily metrics: not valid JSON (${(error as Error).message})`, {
        field: "metrics",
        cause: error,
      });
    }
  }
  const result = DailyMetricsSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(metrics)";
    const got = describeValue(valueAtPath(value, issue.path));
    return `daily metrics ${field}: got ${got}; ${issue.message.replace(/^Invalid input: /, "")}`;
  });
  const first = result.error.issues[0];
  throw new ValidationError(issues.join("; "), {
    field: first && first.path.length > 0 ? first.path.map(String).join(".") : "metrics",
    cause: result.error,
  });
}
