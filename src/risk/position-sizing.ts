import { ValidationError } from "../core/errors.ts";
import type { RiskLimits } from "./risk-limits.ts";
import type { TradingState } from "./trading-state.ts";

/**
 * Which rule decided a size: `risk` (equity × risk % / stop distance), `notional` (per-position cap),
 * `leverage` (gross notional cap), `correlation` (correlation-group cap) or `trading-state` (HALTED or
 * EMERGENCY: no new risk).
 */
export type SizeBound = "risk" | "notional" | "leverage" | "correlation" | "trading-state";

/** Inputs of {@link sizePosition}; money in quote currency, prices quote per unit. */
export interface SizingRequest {
  /** Account equity (> 0). */
  readonly equity: number;
  /** Expected entry price (> 0). */
  readonly entryPrice: number;
  /** Protective stop price (≠ entry for a non-zero size). */
  readonly stopPrice: number;
  readonly tradingState: TradingState;
  /** Requested risk in % of equity; default `limits.riskPerTradePercent`, capped at `maxRiskPerTradePercent`. */
  readonly riskPercent?: number;
  /** Notional already held on this instrument in the order's direction; default 0. */
  readonly existingNotional?: number;
  /** Notional of all open positions; default 0. */
  readonly grossNotional?: number;
  /** Notional already held in the instrument's correlation group; omit when it is in none. */
  readonly correlatedNotional?: number;
}

/** A size in base units (≥ 0, not yet rounded to the lot: round down) and why it is that size. */
export interface PositionSize {
  readonly size: number;
  readonly bound: SizeBound;
  /** Risk in % of equity the size puts between entry and stop (after REDUCED scaling and caps). */
  readonly riskPercent: number;
  /** size × entry price. */
  readonly notional: number;
}

function requirePositive(value: number, field: string): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new ValidationError(`position sizing: ${field} must be a finite number > 0, got ${value}`, {
      field,
    });
  }
}

/**
 * Sizes an entry: `equity × risk % / |entry − stop|`, where risk % is the requested (or default) risk
 * capped at `maxRiskPerTradePercent` and multiplied by `reducedRiskMultiplier` in REDUCED; then capped
 * by the per-position notional (`equity × maxPositionNotionalPercent % × maxLeverage` minus what the
 * position already holds), the gross leverage (`equity × maxLeverage` minus all open notional) and the
 * correlation group (`equity × maxCorrelatedNotionalPercent %` minus the group's notional). The
 * tightest one wins; ties go to the earlier in that list. A stop equal to the entry gives size 0.
 *
 * @throws ValidationError when equity or entry is not a positive finite number, or the stop is not finite.
 */
export function sizePosition(request: SizingRequest, limits: RiskLimits): PositionSize {
  const { equity, entryPrice, stopPrice } = request;
  requirePositive(equity, "equity");
  requirePositive(entryPrice, "entryPrice");
  if (!Number.isFinite(stopPrice)) {
    throw new ValidationError(`position sizing: stopPrice must be a finite number, got ${stopPrice}`, {
      field: "stopPrice",
    });
  }
  if (request.tradingState === "HALTED" || request.tradingState === "EMERGENCY") {
    return { size: 0, bound: "trading-state", riskPercent: 0, notional: 0 };
  }
  const requested = request.riskPercent ?? limits.riskPerTradePercent;
  const multiplier = request.tradingState === "REDUCED" ? limits.reducedRiskMultiplier : 1;
  const riskPercent = Math.max(0, Math.min(requested, limits.maxRiskPerTradePercent)) * multiplier;
  const distance = Math.abs(entryPrice - stopPrice);
  if (distance === 0) return { size: 0, bound: "risk", riskPercent: 0, notional: 0 };

  let size = (equity * riskPercent) / 100 / distance;
  let bound: SizeBound = "risk";
  const consider = (cap: number, name: SizeBound): void => {
    const capped = Math.max(0, cap) / entryPrice;
    if (capped < size) {
      size = capped;
      bound = name;
    }
  };
  consider(
    ((equity * limits.maxPositionNotionalPercent) / 100) * limits.maxLeverage -
      (request.existingNotional ?? 0),
    "notional",
  );
  consider(equity * limits.maxLeverage - (request.grossNotional ?? 0), "leverage");
  if (request.correlatedNotional !== undefined) {
    consider(
      (equity * limits.maxCorrelatedNotionalPercent) / 100 - request.correlatedNotional,
      "correlation",
    );
  }
  return { size, bound, riskPercent: ((size * distance) / equity) * 100, notional: size * entryPrice };
}
