import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { describeValue, valueAtPath } from "./describe-value.ts";

const percent = (maximum: number) => z.number().positive().max(maximum);

/**
 * Every risk limit, validated. Percentages are percent units (`2` means 2 %), durations are hours.
 * Cross-field rules (risk ≤ cap, emergency ≥ daily limit) are checked by {@link parseRiskLimits}.
 */
export const RiskLimitsSchema = z
  .object({
    /** Default risk per trade, % of equity lost if the stop is hit; used for sizing. */
    riskPerTradePercent: percent(100),
    /** Hard cap on risk per trade, % of equity; an entry risking more is denied. */
    maxRiskPerTradePercent: percent(100),
    /** Multiplier on risk (sizing and cap) while the state is REDUCED; 0.5 halves new risk. */
    reducedRiskMultiplier: z.number().positive().max(1),
    /** Most positions (distinct instruments) open at once. */
    maxConcurrentPositions: z.number().int().min(1).max(1000),
    /** Max notional of one position, % of equity, multiplied by `maxLeverage`. */
    maxPositionNotionalPercent: percent(100),
    /** Highest leverage an order may use, and the cap on gross notional / equity. */
    maxLeverage: z.number().min(1).max(200),
    /** Groups of assets (base symbols such as `BTC`) whose positions count together. */
    correlationGroups: z.array(z.array(z.string().trim().min(1)).min(1)).max(100),
    /** Max combined notional of one correlation group, % of equity. */
    maxCorrelatedNotionalPercent: percent(20_000),
    /** Daily loss (realized + unrealized, from the day's starting equity) that halts trading, %. */
    dailyLossLimitPercent: percent(100),
    /** Fraction of the daily loss limit at which the state becomes REDUCED. */
    reducedAtDailyLossFraction: z.number().positive().lt(1),
    /** Daily loss at which the state becomes EMERGENCY (close everything), %; ≥ the daily limit. */
    emergencyDailyLossPercent: percent(100),
    /** Drawdown from the equity high-water mark that trips the breaker, %. */
    maxDrawdownPercent: percent(100),
    /** Consecutive losing trades that halt trading for `lossStreakCooldownHours`. */
    lossStreakLimit: z.number().int().min(1).max(1000),
    /** How long a loss streak halts trading, hours. */
    lossStreakCooldownHours: z
      .number()
      .positive()
      .max(24 * 365),
    /** An entry's liquidation price must be at least this many stop distances away from entry. */
    liquidationDistanceMultiple: z.number().min(0).max(1000),
    /** How long an automatic or manual breaker trip lasts before it resets itself, hours. */
    breakerCooldownHours: z
      .number()
      .positive()
      .max(24 * 365),
  })
  .strict();

/** Validated risk limits (see {@link RiskLimitsSchema} for units); treat as immutable. */
export type RiskLimits = Readonly<Omit<z.infer<typeof RiskLimitsSchema>, "correlationGroups">> & {
  readonly correlationGroups: readonly (readonly string[])[];
};

/** Per-bot overrides: any subset of the limits; merged over a base by {@link resolveRiskLimits}. */
export type RiskLimitsOverrides = Partial<z.infer<typeof RiskLimitsSchema>>;

/** The defaults of issue 6 (one source of truth for the whole suite). */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  riskPerTradePercent: 2,
  maxRiskPerTradePercent: 3,
  reducedRiskMultiplier: 0.5,
  maxConcurrentPositions: 3,
  maxPositionNotionalPercent: 10,
  maxLeverage: 5,
  correlationGroups: [["BTC", "ETH"]],
  maxCorrelatedNotionalPercent: 15,
  dailyLossLimitPercent: 3,
  reducedAtDailyLossFraction: 0.75,
  emergencyDailyLossPercent: 5,
  maxDrawdownPercent: 15,
  lossStreakLimit: 3,
  lossStreakCooldownHours: 24,
  liquidationDistanceMultiple: 2,
  breakerCooldownHours: 24,
});

function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return issue.keys.join(", ");
  return issue.path.length === 0 ? "(limits)" : issue.path.map(String).join(".");
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === "unrecognized_keys") {
    const allowed = Object.keys(RiskLimitsSchema.shape).join(", ");
    return `risk limits: unknown field ${fieldOf(issue)} (allowed: ${allowed})`;
  }
  const value = describeValue(valueAtPath(input, issue.path));
  return `risk limit ${fieldOf(issue)}: got ${value}; ${issue.message.replace(/^Invalid input: /, "")}`;
}

function toValidationError(error: z.ZodError, input: unknown): ValidationError {
  const first = error.issues[0];
  const message = error.issues.map((issue) => describeIssue(issue, input)).join("; ");
  return new ValidationError(message, { field: first ? fieldOf(first) : "limits", cause: error });
}

function crossFieldProblem(limits: RiskLimits): ValidationError | undefined {
  if (limits.riskPerTradePercent > limits.maxRiskPerTradePercent) {
    return new ValidationError(
      `risk limit riskPerTradePercent: got ${limits.riskPerTradePercent}; must be ≤ maxRiskPerTradePercent (${limits.maxRiskPerTradePercent})`,
      { field: "riskPerTradePercent" },
    );
  }
  if (limits.emergencyDailyLossPercent < limits.dailyLossLimitPercent) {
    return new ValidationError(
      `risk limit emergencyDailyLossPercent: got ${limits.emergencyDailyLossPercent}; must be ≥ dailyLossLimitPercent (${limits.dailyLossLimitPercent})`,
      { field: "emergencyDailyLossPercent" },
    );
  }
  return undefined;
}

function deepFreeze(limits: z.infer<typeof RiskLimitsSchema>): RiskLimits {
  for (const group of limits.correlationGroups) Object.freeze(group);
  Object.freeze(limits.correlationGroups);
  return Object.freeze(limits);
}

/**
 * Validates a complete set of limits (missing fields are an error; use {@link resolveRiskLimits} to
 * fill them from defaults). Returns a frozen copy.
 *
 * @throws ValidationError naming the field, the value and what is allowed.
 */
export function parseRiskLimits(input: unknown): RiskLimits {
  const result = RiskLimitsSchema.safeParse(input);
  if (!result.success) throw toValidationError(result.error, input);
  const limits = deepFreeze(result.data);
  const problem = crossFieldProblem(limits);
  if (problem) throw problem;
  return limits;
}

/**
 * Merges per-bot overrides over `base` (default: {@link DEFAULT_RISK_LIMITS}) and validates the result.
 * Overrides replace whole fields (a `correlationGroups` override replaces all groups). Unknown fields
 * are rejected; `undefined` or `null` overrides mean "no overrides".
 *
 * @throws ValidationError naming the field, the value and what is allowed.
 */
export function resolveRiskLimits(overrides?: unknown, base: RiskLimits = DEFAULT_RISK_LIMITS): RiskLimits {
  if (overrides === undefined || overrides === null) return parseRiskLimits(base);
  const partial = RiskLimitsSchema.partial().safeParse(overrides);
  if (!partial.success) throw toValidationError(partial.error, overrides);
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(partial.data)) if (value !== undefined) merged[key] = value;
  return parseRiskLimits(merged);
}

/** Breaker cooldown in ms. */
export function breakerCooldownMs(limits: RiskLimits): number {
  return limits.breakerCooldownHours * 3_600_000;
}

/** Loss-streak cooldown in ms. */
export function lossStreakCooldownMs(limits: RiskLimits): number {
  return limits.lossStreakCooldownHours * 3_600_000;
}
