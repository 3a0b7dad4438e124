/** Direction of a trend, a bias or a trade signal (the words of `PositionSide` without FLAT). */
export type Direction = "LONG" | "SHORT";

/** Direction a candle pattern points to; `NEUTRAL` for indecision patterns such as `celery`. */
export type PatternDirection = Direction | "NEUTRAL";

/** The market cycle (phase) of a timeframe: trending, ranging, or sweeping liquidity. */
export type MarketCycle = "DRIVE" | "RANGE" | "LIQUIDITY";

/** Every {@link MarketCycle}, in scoring order (ties go to the earlier one). */
export const MARKET_CYCLES: readonly MarketCycle[] = ["DRIVE", "RANGE", "LIQUIDITY"];

/** The candle patterns the detector knows (the original system's `EntryType` values). */
export type PatternType = "le" | "small_wick" | "steeper_wick" | "celery";

/** Every {@link PatternType}, in evaluation order (ties in confidence go to the earlier one). */
export const PATTERN_TYPES: readonly PatternType[] = ["le", "small_wick", "steeper_wick", "celery"];

/** The opposite direction. */
export function oppositeDirection(direction: Direction): Direction {
  return direction === "LONG" ? "SHORT" : "LONG";
}
