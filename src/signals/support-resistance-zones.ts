import type { CandleSeries } from "../data/index.ts";
import type { SwingPoint } from "./swing-points.ts";

/** A price level where swing points cluster. Plain data (JSON-safe). */
export interface SupportResistanceZone {
  kind: "support" | "resistance";
  /** The level: price of the first swing point of the cluster. */
  price: number;
  /** Lowest and highest swing price in the cluster; width = high − low. */
  low: number;
  high: number;
  width: number;
  /** Number of swing points (touches) in the cluster, ≥ `minimumTouches`. */
  touches: number;
  /** Strength in [0, 1], see {@link buildSupportResistanceZones}. */
  strength: number;
  /** Open time of the first and last touching candle, ms UTC. */
  firstTouch: number;
  lastTouch: number;
  /** Not expired and not broken. */
  active: boolean;
  /** One of the last `breakLookback` closes went beyond the level by more than the width. */
  broken: boolean;
}

/** Parameters of {@link buildSupportResistanceZones} (the original defaults). */
export interface ZoneParameters {
  /** A swing joins a cluster when |price − level| / level ≤ this: 0.002 (0.2 %). */
  touchTolerance: number;
  /** Touches needed for a zone: 2. */
  minimumTouches: number;
  /** A zone whose last touch is older than this (ms before the last candle) expires: 168 h. */
  maximumAgeMs: number;
  /** Closes checked for a break: 20. */
  breakLookback: number;
}

/** The original system's zone parameters. */
export const DEFAULT_ZONE_PARAMETERS: ZoneParameters = {
  touchTolerance: 0.002,
  minimumTouches: 2,
  maximumAgeMs: 168 * 3_600_000,
  breakLookback: 20,
};

const HOUR_MS = 3_600_000;

/**
 * Clusters swing points (oldest first) into support and resistance zones. A point joins the
 * first cluster whose level is within `touchTolerance`; otherwise it starts a cluster at its own
 * price. Clusters with ≥ `minimumTouches` points become zones: resistance when they hold at least
 * as many highs as lows, support otherwise.
 *
 * strength = 0.4·min(touches / 5, 1) + 0.4·mean(point strength) + 0.2·min(span hours / 24, 1),
 * span = last touch − first touch. A zone is inactive when its last touch is more than
 * `maximumAgeMs` before the last candle of `[from, to)`, or when it is broken: one of the last
 * `breakLookback` closes is above price + width (resistance) or below price − width (support).
 *
 * @returns every zone (active or not), in order of first touch.
 */
export function buildSupportResistanceZones(
  swings: readonly SwingPoint[],
  series: CandleSeries,
  from: number,
  to: number,
  parameters: ZoneParameters = DEFAULT_ZONE_PARAMETERS,
): SupportResistanceZone[] {
  const clusters: SwingPoint[][] = [];
  const levels: number[] = [];
  for (const swing of swings) {
    let joined = false;
    for (let cluster = 0; cluster < clusters.length; cluster++) {
      const level = levels[cluster] as number;
      if (Math.abs(swing.price - level) / level <= parameters.touchTolerance) {
        clusters[cluster]?.push(swing);
        joined = true;
        break;
      }
    }
    if (!joined) {
      clusters.push([swing]);
      levels.push(swing.price);
    }
  }
  const zones: SupportResistanceZone[] = [];
  if (to <= from) return zones;
  const lastTime = series.timestamp[to - 1] as number;
  const breakFrom = Math.max(from, to - parameters.breakLookback);
  for (let cluster = 0; cluster < clusters.length; cluster++) {
    const points = clusters[cluster] as SwingPoint[];
    if (points.length < parameters.minimumTouches) continue;
    const price = levels[cluster] as number;
    let highs = 0;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    let strengthSum = 0;
    let firstTouch = Number.POSITIVE_INFINITY;
    let lastTouch = Number.NEGATIVE_INFINITY;
    for (const point of points) {
      if (point.kind === "high") highs++;
      low = Math.min(low, point.price);
      high = Math.max(high, point.price);
      strengthSum += point.strength;
      firstTouch = Math.min(firstTouch, point.timestamp);
      lastTouch = Math.max(lastTouch, point.timestamp);
    }
    const kind = highs >= points.length - highs ? "resistance" : "support";
    const width = high - low;
    const spanHours = (lastTouch - firstTouch) / HOUR_MS;
    const strength =
      Math.min(points.length / 5, 1) * 0.4 +
      (strengthSum / points.length) * 0.4 +
      Math.min(spanHours / 24, 1) * 0.2;
    let broken = false;
    for (let index = breakFrom; index < to && !broken; index++) {
      const close = series.close[index] as number;
      broken = kind === "resistance" ? close > price + width : close < price - width;
    }
    const expired = lastTime - lastTouch > parameters.maximumAgeMs;
    zones.push({
      kind,
      price,
      low,
      high,
      width,
      touches: points.length,
      strength,
      firstTouch,
      lastTouch,
      active: !expired && !broken,
      broken,
    });
  }
  return zones;
}
