import { ValidationError } from "../../core/errors.ts";
import type { LiquiditySide } from "../../domain/index.ts";

/**
 * How fills are charged: maker/taker rates (fractions of notional) or one flat rate for every fill
 * (backtesting.py's `commission`).
 */
export type FeeModel =
  | { readonly kind: "maker-taker"; readonly makerRate: number; readonly takerRate: number }
  | { readonly kind: "flat"; readonly rate: number };

/** Hyperliquid's base tier: taker 0.045 %, maker 0.015 %. */
export const HYPERLIQUID_BASE_FEES: FeeModel = {
  kind: "maker-taker",
  makerRate: 0.00015,
  takerRate: 0.00045,
};

/**
 * Validates a fee model.
 *
 * @throws ValidationError when a rate is negative, not finite, or ≥ 0.1 (10 %).
 */
export function createFeeModel(model: FeeModel): FeeModel {
  const rates =
    model.kind === "flat" ? { commission: model.rate } : { maker: model.makerRate, taker: model.takerRate };
  for (const [field, rate] of Object.entries(rates)) {
    if (!Number.isFinite(rate) || rate < 0 || rate >= 0.1) {
      throw new ValidationError(`${field} fee rate must be in [0, 0.1), got ${rate}`, { field });
    }
  }
  return model;
}

/** Fee rate for one fill. */
export function feeRate(model: FeeModel, liquidity: LiquiditySide): number {
  if (model.kind === "flat") return model.rate;
  return liquidity === "MAKER" ? model.makerRate : model.takerRate;
}

/** The rate of a marketable order (taker, or the flat rate). */
export function takerFeeRate(model: FeeModel): number {
  return model.kind === "flat" ? model.rate : model.takerRate;
}

/** Fee in quote currency for a fill of `notional` (≥ 0). */
export function feeFor(model: FeeModel, notional: number, liquidity: LiquiditySide): number {
  return Math.abs(notional) * feeRate(model, liquidity);
}
