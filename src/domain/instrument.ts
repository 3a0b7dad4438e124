import { ValidationError } from "../core/errors.ts";

/** What kind of market an instrument trades on. Perpetuals allow leverage and shorts; spot does not. */
export type InstrumentKind = "perpetual" | "spot";

/**
 * A tradable instrument and its venue rules. Prices are quote currency per unit, sizes are base units.
 *
 * Invariants: `tickSize ≥ 0` and `lotSize ≥ 0` (0 means "no rounding", used for data files without
 * venue metadata), `minNotional ≥ 0`, `maxLeverage ≥ 1`.
 */
export interface Instrument {
  /** Identifier such as `BTC-PERP.HYPERLIQUID`. */
  readonly id: string;
  /** Base asset symbol such as `BTC`. */
  readonly symbol: string;
  readonly kind: InstrumentKind;
  /** Smallest price increment in quote units; 0 disables price rounding. */
  readonly tickSize: number;
  /** Smallest size increment in base units; 0 disables size rounding. */
  readonly lotSize: number;
  /** Smallest order notional (price × size) in quote units. */
  readonly minNotional: number;
  /** Highest leverage the venue allows for this instrument. */
  readonly maxLeverage: number;
  /**
   * Maintenance margin as a fraction of notional (Hyperliquid: half the initial margin at max
   * leverage, i.e. `1 / (2 · maxLeverage)`).
   */
  readonly maintenanceMarginRate: number;
}

/** Fields accepted by {@link createInstrument}; omitted ones take venue-neutral defaults. */
export interface InstrumentSpec {
  id: string;
  symbol?: string;
  kind?: InstrumentKind;
  tickSize?: number;
  lotSize?: number;
  minNotional?: number;
  maxLeverage?: number;
  maintenanceMarginRate?: number;
}

/**
 * Builds a validated {@link Instrument}. Defaults: perpetual, no tick/lot rounding, min notional 0,
 * max leverage 50, maintenance margin `1 / (2 · maxLeverage)`.
 *
 * @throws ValidationError naming the field when a value is negative, not finite, or leverage < 1.
 */
export function createInstrument(spec: InstrumentSpec): Instrument {
  const maxLeverage = spec.maxLeverage ?? 50;
  const instrument: Instrument = {
    id: spec.id,
    symbol: spec.symbol ?? spec.id.split(/[-.]/)[0] ?? spec.id,
    kind: spec.kind ?? "perpetual",
    tickSize: spec.tickSize ?? 0,
    lotSize: spec.lotSize ?? 0,
    minNotional: spec.minNotional ?? 0,
    maxLeverage,
    maintenanceMarginRate: spec.maintenanceMarginRate ?? 1 / (2 * maxLeverage),
  };
  if (instrument.id.length === 0)
    throw new ValidationError("instrument id must not be empty", { field: "id" });
  for (const field of ["tickSize", "lotSize", "minNotional", "maintenanceMarginRate"] as const) {
    const value = instrument[field];
    if (!Number.isFinite(value) || value < 0) {
      throw new ValidationError(`instrument ${field} must be a finite number ≥ 0, got ${value}`, { field });
    }
  }
  if (!Number.isFinite(maxLeverage) || maxLeverage < 1) {
    throw new ValidationError(`instrument maxLeverage must be ≥ 1, got ${maxLeverage}`, {
      field: "maxLeverage",
    });
  }
  return instrument;
}

/**
 * Rounds a price to the nearest multiple of the instrument's tick (no-op when `tickSize` is 0).
 * The result is re-rounded to 12 significant digits to remove binary noise such as `0.30000000000000004`.
 */
export function roundPrice(instrument: Instrument, price: number): number {
  if (instrument.tickSize === 0) return price;
  // Ticks are computed on a 12-digit-clean ratio so 100.05 / 0.1 = 1000.4999… still rounds to 1001.
  return cleanDecimal(Math.round(cleanDecimal(price / instrument.tickSize)) * instrument.tickSize);
}

/**
 * Rounds a size (base units, ≥ 0) down to the instrument's lot so an order never exceeds what was
 * asked for (no-op when `lotSize` is 0).
 */
export function roundQuantity(instrument: Instrument, quantity: number): number {
  if (instrument.lotSize === 0) return quantity;
  // The small epsilon keeps 0.3 / 0.1 = 2.9999999999999996 from flooring to 2.
  return cleanDecimal(Math.floor(quantity / instrument.lotSize + 1e-9) * instrument.lotSize);
}

function cleanDecimal(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}
