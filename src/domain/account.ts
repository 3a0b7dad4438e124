import { ValidationError } from "../core/errors.ts";

/**
 * `perpetual`: margin account. The balance moves only by realized PnL, fees and funding; open
 * positions count through their unrealized PnL; leverage and maintenance margin apply.
 * `cash`: spot/equities. Buying spends the notional, selling returns it; no leverage, no shorts.
 */
export type AccountMode = "perpetual" | "cash";

/** Settings of an account. */
export interface AccountSettings {
  readonly mode: AccountMode;
  /** Starting balance in quote currency, > 0. */
  readonly initialBalance: number;
  /** Leverage applied to initial margin (perpetual mode), ≥ 1; forced to 1 in cash mode. */
  readonly leverage: number;
}

/**
 * Validates account settings.
 *
 * @throws ValidationError when the balance is not > 0 or leverage is < 1 (or > 1 in cash mode).
 */
export function createAccountSettings(settings: AccountSettings): AccountSettings {
  if (!(settings.initialBalance > 0) || !Number.isFinite(settings.initialBalance)) {
    throw new ValidationError(`initial balance must be > 0, got ${settings.initialBalance}`, {
      field: "cash",
    });
  }
  if (!(settings.leverage >= 1) || !Number.isFinite(settings.leverage)) {
    throw new ValidationError(`leverage must be ≥ 1, got ${settings.leverage}`, { field: "leverage" });
  }
  if (settings.mode === "cash" && settings.leverage !== 1) {
    throw new ValidationError(`cash accounts cannot use leverage (got ${settings.leverage})`, {
      field: "leverage",
    });
  }
  // A literal of exactly these fields: a spread copies the shape of whatever object came in, and
  // ledgers of one process would then see several shapes (deoptimizing the code that reads them).
  return { mode: settings.mode, initialBalance: settings.initialBalance, leverage: settings.leverage };
}

/** Initial margin for `notional` at `leverage`: notional / leverage. */
export function initialMargin(notional: number, leverage: number): number {
  return notional / leverage;
}

/** Maintenance margin for `notional` at the instrument's maintenance rate. */
export function maintenanceMargin(notional: number, maintenanceMarginRate: number): number {
  return notional * maintenanceMarginRate;
}

/**
 * Price at which a cross-margin account's equity falls to the maintenance margin of one position,
 * holding everything else fixed. Solves `otherEquity + q·(p − entry) = mmr·|q|·p` for `p`.
 *
 * @param otherEquity balance plus unrealized PnL of all other positions, quote currency.
 * @param signedQuantity the position's signed size (≠ 0).
 * @returns the liquidation price, or `NaN` when none exists (e.g. fully collateralised long at ≤ 0,
 *   or a flat position).
 */
export function liquidationPrice(
  otherEquity: number,
  signedQuantity: number,
  averageEntryPrice: number,
  maintenanceMarginRate: number,
): number {
  if (signedQuantity === 0) return Number.NaN;
  const denominator = signedQuantity - maintenanceMarginRate * Math.abs(signedQuantity);
  if (denominator === 0) return Number.NaN;
  const price = (signedQuantity * averageEntryPrice - otherEquity) / denominator;
  return price > 0 ? price : Number.NaN;
}
