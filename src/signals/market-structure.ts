import type { CandleSeries } from "../data/index.ts";
import { clamp } from "./numeric.ts";
import type { Direction } from "./signal-types.ts";
import {
  buildSupportResistanceZones,
  DEFAULT_ZONE_PARAMETERS,
  type SupportResistanceZone,
  type ZoneParameters,
} from "./support-resistance-zones.ts";
import {
  DEFAULT_SWING_PARAMETERS,
  detectSwingPoints,
  type SwingParameters,
  type SwingPoint,
} from "./swing-points.ts";

/** A break of structure: the first close beyond a confirmed swing. */
export interface StructureBreak {
  /** `bos_high`: a close above a swing high (bullish); `bos_low`: below a swing low (bearish). */
  kind: "bos_high" | "bos_low";
  direction: Direction;
  /** Index and price of the broken swing. */
  swingIndex: number;
  swingPrice: number;
  /** Index and open time of the breaking candle; price = its close. */
  index: number;
  timestamp: number;
  price: number;
  /** Strength of the broken swing. */
  strength: number;
  /** The breaking candle's volume > 1.2 × mean volume of the 10 candles before it. */
  volumeConfirmed: boolean;
}

/** A change of character: a break of structure against the direction of the previous break. */
export interface ChangeOfCharacter {
  from: Direction;
  to: Direction;
  /** The break that changed the character. */
  structureBreak: StructureBreak;
  /**
   * min(1, 0.3·break strength + 0.3 [volume confirmed] + 0.2·trend strength
   * + 0.2 [|momentum| < 0.3]).
   */
  confidence: number;
}

/** Result of {@link analyzeMarketStructure}. Plain data (JSON-safe). */
export interface MarketStructure {
  /** Open time of the last analysed candle, ms UTC (NaN for an empty range). */
  timestamp: number;
  swingHighs: SwingPoint[];
  swingLows: SwingPoint[];
  /** Active zones only, sorted by price. */
  supportZones: SupportResistanceZone[];
  resistanceZones: SupportResistanceZone[];
  /** Trend from the last swings, `null` when undecided. */
  trend: Direction | null;
  /** 0.8 for HH & HL (LH & LL), 0.5 for one of them, 0 without a trend. */
  trendStrength: number;
  /** 0.9, 0.6 or 0 (same cases). */
  trendConfidence: number;
  /** Mean fractional change per candle over the last 20 closes. */
  slope: number;
  /** clip(10·(C_last / C_{last−4} − 1), −1, 1). */
  momentum: number;
  /** Every break of structure, in order of the breaking candle. */
  breaks: StructureBreak[];
  lastBreak: StructureBreak | null;
  changesOfCharacter: ChangeOfCharacter[];
  lastChangeOfCharacter: ChangeOfCharacter | null;
}

/** Parameters of {@link analyzeMarketStructure}. */
export interface StructureParameters {
  swing: SwingParameters;
  zone: ZoneParameters;
  /** Fewer candles give an empty structure: 50. */
  minimumCandles: number;
  /** Swings of each kind the trend looks at: 5. */
  trendSwings: number;
  /** Closes of the slope: 20. */
  slopeLookback: number;
  /** Candles of the momentum: 5. */
  momentumPeriods: number;
  /** Candles before a break whose mean volume confirms it: 10; factor 1.2. */
  volumeLookback: number;
  volumeFactor: number;
}

/** The original system's structure parameters. */
export const DEFAULT_STRUCTURE_PARAMETERS: StructureParameters = {
  swing: DEFAULT_SWING_PARAMETERS,
  zone: DEFAULT_ZONE_PARAMETERS,
  minimumCandles: 50,
  trendSwings: 5,
  slopeLookback: 20,
  momentumPeriods: 5,
  volumeLookback: 10,
  volumeFactor: 1.2,
};

function emptyStructure(timestamp: number): MarketStructure {
  return {
    timestamp,
    swingHighs: [],
    swingLows: [],
    supportZones: [],
    resistanceZones: [],
    trend: null,
    trendStrength: 0,
    trendConfidence: 0,
    slope: 0,
    momentum: 0,
    breaks: [],
    lastBreak: null,
    changesOfCharacter: [],
    lastChangeOfCharacter: null,
  };
}

/**
 * Trend from the last swings (need ≥ 2 highs and ≥ 2 lows among the last `trendSwings` of each):
 * HH = last swing high above the one before, HL, LH, LL likewise. HH & HL → LONG (0.8, conf 0.9);
 * LH & LL → SHORT (0.8, 0.9); HH or HL → LONG (0.5, 0.6); LH or LL → SHORT (0.5, 0.6); else none.
 */
export function trendFromSwings(
  highs: readonly SwingPoint[],
  lows: readonly SwingPoint[],
): { trend: Direction | null; strength: number; confidence: number } {
  if (highs.length < 2 || lows.length < 2) return { trend: null, strength: 0, confidence: 0 };
  const lastHigh = (highs[highs.length - 1] as SwingPoint).price;
  const previousHigh = (highs[highs.length - 2] as SwingPoint).price;
  const lastLow = (lows[lows.length - 1] as SwingPoint).price;
  const previousLow = (lows[lows.length - 2] as SwingPoint).price;
  const higherHigh = lastHigh > previousHigh;
  const higherLow = lastLow > previousLow;
  const lowerHigh = lastHigh < previousHigh;
  const lowerLow = lastLow < previousLow;
  if (higherHigh && higherLow) return { trend: "LONG", strength: 0.8, confidence: 0.9 };
  if (lowerHigh && lowerLow) return { trend: "SHORT", strength: 0.8, confidence: 0.9 };
  if (higherHigh || higherLow) return { trend: "LONG", strength: 0.5, confidence: 0.6 };
  if (lowerHigh || lowerLow) return { trend: "SHORT", strength: 0.5, confidence: 0.6 };
  return { trend: null, strength: 0, confidence: 0 };
}

/**
 * Breaks of structure: for each confirmed swing, the first later candle in the range whose close
 * is beyond it (above a high: `bos_high`; below a low: `bos_low`). Sorted by breaking candle,
 * then by swing.
 */
export function findStructureBreaks(
  swings: readonly SwingPoint[],
  series: CandleSeries,
  from: number,
  to: number,
  parameters: StructureParameters = DEFAULT_STRUCTURE_PARAMETERS,
): StructureBreak[] {
  const { close, volume, timestamp } = series;
  const breaks: StructureBreak[] = [];
  for (const swing of swings) {
    if (!swing.confirmed) continue;
    const isHigh = swing.kind === "high";
    for (let index = swing.index + 1; index < to; index++) {
      const candleClose = close[index] as number;
      if (isHigh ? candleClose <= swing.price : candleClose >= swing.price) continue;
      const volumeFrom = Math.max(from, index - parameters.volumeLookback);
      let volumeSum = 0;
      for (let other = volumeFrom; other < index; other++) volumeSum += volume[other] as number;
      const meanVolume = index > volumeFrom ? volumeSum / (index - volumeFrom) : 0;
      breaks.push({
        kind: isHigh ? "bos_high" : "bos_low",
        direction: isHigh ? "LONG" : "SHORT",
        swingIndex: swing.index,
        swingPrice: swing.price,
        index,
        timestamp: timestamp[index] as number,
        price: candleClose,
        strength: swing.strength,
        volumeConfirmed: (volume[index] as number) > parameters.volumeFactor * meanVolume,
      });
      break;
    }
  }
  breaks.sort((left, right) => left.index - right.index || left.swingIndex - right.swingIndex);
  return breaks;
}

/**
 * Changes of character: walking the breaks in time order, the first break against the direction
 * of the previous break (a `bos_low` after bullish breaks, a `bos_high` after bearish ones).
 * The original seeded this walk with the trend of the whole window, which is computed from the
 * final swings and so labelled breaks that happened before that trend existed; we seed it with
 * the first break instead (the usual definition).
 */
export function findChangesOfCharacter(
  breaks: readonly StructureBreak[],
  trendStrength: number,
  momentum: number,
): ChangeOfCharacter[] {
  const changes: ChangeOfCharacter[] = [];
  let state: Direction | null = null;
  for (const structureBreak of breaks) {
    if (state !== null && structureBreak.direction !== state) {
      const confidence =
        0.3 * structureBreak.strength +
        (structureBreak.volumeConfirmed ? 0.3 : 0) +
        0.2 * trendStrength +
        (Math.abs(momentum) < 0.3 ? 0.2 : 0);
      changes.push({
        from: state,
        to: structureBreak.direction,
        structureBreak,
        confidence: Math.min(confidence, 1),
      });
    }
    state = structureBreak.direction;
  }
  return changes;
}

/**
 * Market structure of candles `[from, to)` (the original `MarketStructureAnalyzer`): swings,
 * active support/resistance zones, trend, slope, momentum, breaks of structure and changes of
 * character. Reads no candle at or after `to`. Fewer than `minimumCandles` candles give an empty
 * structure (no trend).
 */
export function analyzeMarketStructure(
  series: CandleSeries,
  from = 0,
  to: number = series.length,
  parameters: StructureParameters = DEFAULT_STRUCTURE_PARAMETERS,
): MarketStructure {
  const timestamp = to > from ? (series.timestamp[to - 1] as number) : Number.NaN;
  if (to - from < parameters.minimumCandles) return emptyStructure(timestamp);
  const swings = detectSwingPoints(series, from, to, parameters.swing);
  const swingHighs = swings.filter((swing) => swing.kind === "high");
  const swingLows = swings.filter((swing) => swing.kind === "low");
  const zones = buildSupportResistanceZones(swings, series, from, to, parameters.zone);
  const byPrice = (left: SupportResistanceZone, right: SupportResistanceZone): number =>
    left.price - right.price;
  const supportZones = zones.filter((zone) => zone.active && zone.kind === "support").sort(byPrice);
  const resistanceZones = zones.filter((zone) => zone.active && zone.kind === "resistance").sort(byPrice);
  const trend = trendFromSwings(
    swingHighs.slice(-parameters.trendSwings),
    swingLows.slice(-parameters.trendSwings),
  );
  const { close } = series;
  const slopeFrom = Math.max(from + 1, to - parameters.slopeLookback + 1);
  let slopeSum = 0;
  for (let index = slopeFrom; index < to; index++) {
    slopeSum += (close[index] as number) / (close[index - 1] as number) - 1;
  }
  const slope = to > slopeFrom ? slopeSum / (to - slopeFrom) : 0;
  const last = close[to - 1] as number;
  const reference = close[to - parameters.momentumPeriods] as number;
  const momentum = clamp(10 * (last / reference - 1), -1, 1);
  const breaks = findStructureBreaks(swings, series, from, to, parameters);
  const changesOfCharacter = findChangesOfCharacter(breaks, trend.strength, momentum);
  return {
    timestamp,
    swingHighs,
    swingLows,
    supportZones,
    resistanceZones,
    trend: trend.trend,
    trendStrength: trend.strength,
    trendConfidence: trend.confidence,
    slope,
    momentum,
    breaks,
    lastBreak: breaks[breaks.length - 1] ?? null,
    changesOfCharacter,
    lastChangeOfCharacter: changesOfCharacter[changesOfCharacter.length - 1] ?? null,
  };
}
