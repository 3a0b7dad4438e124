/**
 * Hyperliquid price and size rules, and normalized decimal strings for the wire.
 *
 * - Price: an integer is always valid; otherwise at most 5 significant figures and at most
 *   `MAX_DECIMALS − szDecimals` decimals (6 for perps, 8 for spot). Violations are answered with
 *   `Price must be divisible by tick size.`
 * - Size: at most `szDecimals` decimals.
 * - Notional: price × size ≥ $10 (`Order must have minimum value of $10.`).
 *
 * Rounding works on exact decimal digits (BigInt), not on binary floats, so `1.005` rounds like the
 * decimal it was typed as.
 */
import { ValidationError } from "../../core/index.ts";

/** Significant figures a non-integer price may have. */
export const MAX_PRICE_SIGNIFICANT_FIGURES = 5;
/** Decimals budget of perp prices: a price may have `6 − szDecimals` decimals. */
export const MAX_PERP_DECIMALS = 6;
/** Decimals budget of spot prices: a price may have `8 − szDecimals` decimals. */
export const MAX_SPOT_DECIMALS = 8;
/** Minimum order value in USDC. */
export const MIN_ORDER_NOTIONAL_USD = 10;

/** Market kind, which sets the decimals budget of prices. */
export type MarketKind = "perp" | "spot";

/** Rounding direction: to the nearest (ties away from zero), towards +∞ (`up`) or −∞ (`down`). */
export type RoundingMode = "nearest" | "up" | "down";

/** An exact decimal: `units / 10^scale`. */
interface ScaledDecimal {
  units: bigint;
  scale: number;
}

const TEN = 10n;

function pow10(exponent: number): bigint {
  return TEN ** BigInt(exponent);
}

/** Converts a finite number to its shortest round-trip decimal, exactly. */
function toScaled(value: number): ScaledDecimal {
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) throw new ValidationError(`Cannot represent ${text} as a decimal`);
  const [, sign = "", integer = "0", fraction = "", exponentText = "0"] = match;
  const exponent = Number(exponentText);
  let units = BigInt(`${integer}${fraction}`);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return { units: sign === "-" ? -units : units, scale };
}

function divideRounded(numerator: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / divisor;
  const remainder = numerator % divisor;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n;
  if (mode === "down") return negative ? quotient - 1n : quotient;
  if (mode === "up") return negative ? quotient : quotient + 1n;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice >= divisor) return negative ? quotient - 1n : quotient + 1n;
  return quotient;
}

function roundScaled(value: ScaledDecimal, decimals: number, mode: RoundingMode): ScaledDecimal {
  if (value.scale <= decimals) return value;
  const units = divideRounded(value.units, pow10(value.scale - decimals), mode);
  if (decimals >= 0) return { units, scale: decimals };
  return { units: units * pow10(-decimals), scale: 0 };
}

function formatScaled(value: ScaledDecimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, "0");
  const integer = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, "");
  const body = fraction.length > 0 ? `${integer}.${fraction}` : integer;
  return negative && body !== "0" ? `-${body}` : body;
}

function requireFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new ValidationError(`${what} must be a finite number, got ${value}`);
}

/**
 * Formats a number as a normalized decimal string with at most `maxDecimals` decimals
 * (`100` → `"100"`, `0.0100` → `"0.01"`, `-0` → `"0"`, `1e-7` → `"0.0000001"`).
 * @throws ValidationError for NaN or ±Infinity.
 */
export function formatDecimal(value: number, maxDecimals = 8, mode: RoundingMode = "nearest"): string {
  requireFinite(value, "value");
  return formatScaled(roundScaled(toScaled(value), maxDecimals, mode));
}

/** Decimals a price of this market may carry: `6 − szDecimals` (perp) or `8 − szDecimals` (spot). */
export function maxPriceDecimals(sizeDecimals: number, kind: MarketKind = "perp"): number {
  return Math.max(0, (kind === "perp" ? MAX_PERP_DECIMALS : MAX_SPOT_DECIMALS) - sizeDecimals);
}

/**
 * Rounds a price to the nearest valid Hyperliquid price (in the given direction) and formats it.
 * Prices of 5 or more integer digits round to an integer; smaller ones to 5 significant figures,
 * capped at {@link maxPriceDecimals}.
 * @throws ValidationError when the price is not finite or not positive.
 */
export function roundPrice(
  price: number,
  sizeDecimals: number,
  options: { kind?: MarketKind; mode?: RoundingMode } = {},
): string {
  requireFinite(price, "price");
  if (price <= 0) throw new ValidationError(`price must be positive, got ${price}`, { field: "price" });
  const mode = options.mode ?? "nearest";
  const scaled = toScaled(price);
  const digitCount = scaled.units.toString().length;
  const integerDigits = digitCount - scaled.scale;
  const significantDecimals = MAX_PRICE_SIGNIFICANT_FIGURES - integerDigits;
  const decimals = Math.max(0, Math.min(significantDecimals, maxPriceDecimals(sizeDecimals, options.kind)));
  const rounded = roundScaled(scaled, decimals, mode);
  if (rounded.units === 0n) {
    return formatScaled({ units: 1n, scale: decimals });
  }
  return formatScaled(rounded);
}

/**
 * Rounds a size to `szDecimals` decimals (towards zero by default, so an order never grows) and
 * formats it.
 * @throws ValidationError when the size is not finite or negative.
 */
export function roundSize(size: number, sizeDecimals: number, mode: RoundingMode = "down"): string {
  requireFinite(size, "size");
  if (size < 0) throw new ValidationError(`size must not be negative, got ${size}`, { field: "size" });
  return formatScaled(roundScaled(toScaled(size), sizeDecimals, mode));
}

function splitDecimal(text: string): { integer: string; fraction: string } | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  return { integer: match[1] ?? "0", fraction: (match[2] ?? "").replace(/0+$/, "") };
}

/** Whether a wire price string satisfies Hyperliquid's tick rule for a market. */
export function isValidPrice(price: string, sizeDecimals: number, kind: MarketKind = "perp"): boolean {
  const parts = splitDecimal(price);
  if (!parts) return false;
  if (parts.fraction.length === 0) return true;
  if (parts.fraction.length > maxPriceDecimals(sizeDecimals, kind)) return false;
  const significant = `${parts.integer}${parts.fraction}`.replace(/^0+/, "");
  return significant.length <= MAX_PRICE_SIGNIFICANT_FIGURES;
}

/** Whether a wire size string has at most `szDecimals` decimals and is positive. */
export function isValidSize(size: string, sizeDecimals: number): boolean {
  const parts = splitDecimal(size);
  if (!parts) return false;
  return parts.fraction.length <= sizeDecimals && /[1-9]/.test(`${parts.integer}${parts.fraction}`);
}

/** Whether price × size reaches the $10 minimum order value. */
export function meetsMinimumNotional(price: number, size: number): boolean {
  return price * size >= MIN_ORDER_NOTIONAL_USD - 1e-9;
}
