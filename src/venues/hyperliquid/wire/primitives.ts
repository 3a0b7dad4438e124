/**
 * Shared primitives of the Hyperliquid wire format: decimal strings, addresses, hex ids, sides.
 * Every inbound payload is parsed with these; decimals stay strings (normalized: no trailing zeros,
 * no exponent, no "-0"), addresses and hex ids are lowercased.
 */
import { z } from "zod";

const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;
const UNSIGNED_DECIMAL_PATTERN = /^\d+(?:\.\d+)?$/;

/**
 * Normalizes a decimal string: strips trailing fractional zeros, a dangling dot, superfluous
 * leading zeros and the sign of zero (`"29792.0"` → `"29792"`, `"0.0100"` → `"0.01"`, `"-0.0"` → `"0"`).
 * The input must already match `-?\d+(\.\d+)?`.
 */
export function normalizeDecimalString(value: string): string {
  let negative = false;
  let text = value;
  if (text.startsWith("-")) {
    negative = true;
    text = text.slice(1);
  }
  let [integer = "0", fraction = ""] = text.split(".");
  integer = integer.replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const body = fraction.length > 0 ? `${integer}.${fraction}` : integer;
  if (negative && /[1-9]/.test(body)) return `-${body}`;
  return body;
}

/** A signed decimal number as a string (`"-0.0134"`), normalized on parse. */
export const Decimal = z
  .string()
  .regex(DECIMAL_PATTERN, 'expected a decimal string such as "-12.5"')
  .transform(normalizeDecimalString);
/** A signed, normalized decimal string. */
export type Decimal = z.output<typeof Decimal>;

/** An unsigned decimal number as a string (`"113377.5"`), normalized on parse. */
export const UnsignedDecimal = z
  .string()
  .regex(UNSIGNED_DECIMAL_PATTERN, 'expected an unsigned decimal string such as "12.5"')
  .transform(normalizeDecimalString);
/** An unsigned, normalized decimal string. */
export type UnsignedDecimal = z.output<typeof UnsignedDecimal>;

/** A 20-byte address, `0x` + 40 hex characters, lowercased on parse. */
export const Address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected an address: 0x followed by 40 hex characters")
  .transform((value) => value.toLowerCase() as `0x${string}`);
/** A lowercase 20-byte address. */
export type Address = z.output<typeof Address>;

/** A client order id: 16 bytes, `0x` + 32 hex characters, lowercased on parse. */
export const Cloid = z
  .string()
  .regex(/^0x[0-9a-fA-F]{32}$/, "expected a cloid: 0x followed by 32 hex characters")
  .transform((value) => value.toLowerCase() as `0x${string}`);
/** A lowercase 16-byte client order id. */
export type Cloid = z.output<typeof Cloid>;

/** Any `0x`-prefixed hex string (signature parts, hashes), lowercased on parse. */
export const Hex = z
  .string()
  .regex(/^0x[0-9a-fA-F]*$/, "expected a 0x-prefixed hex string")
  .transform((value) => value.toLowerCase() as `0x${string}`);
/** A lowercase `0x`-prefixed hex string. */
export type Hex = z.output<typeof Hex>;

/** A non-negative integer: ids, counts, timestamps in ms. */
export const UnsignedInteger = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** A non-negative safe integer. */
export type UnsignedInteger = z.output<typeof UnsignedInteger>;

/** Book side on the wire: `"B"` = bid / buy, `"A"` = ask / sell. */
export const Side = z.enum(["B", "A"]);
/** `"B"` (bid, buy) or `"A"` (ask, sell). */
export type Side = z.output<typeof Side>;

/** Candle intervals Hyperliquid serves. */
export const CandleIntervalWire = z.enum([
  "1m",
  "3m",
  "5m",
  "15m",
  "30m",
  "1h",
  "2h",
  "4h",
  "8h",
  "12h",
  "1d",
  "3d",
  "1w",
  "1M",
]);
/** A Hyperliquid candle interval such as `"1h"`. */
export type CandleIntervalWire = z.output<typeof CandleIntervalWire>;
