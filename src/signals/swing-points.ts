import type { CandleSeries } from "../data/index.ts";

/** A swing high or low: a candle whose high (low) beats every neighbour within `swingPeriods`. */
export interface SwingPoint {
  kind: "high" | "low";
  /** Index of the candle in the analysed series. */
  index: number;
  /** Open time of the candle, ms UTC. */
  timestamp: number;
  /** The candle's high (swing high) or low (swing low). */
  price: number;
  /** Strength in [0, 1], see {@link detectSwingPoints}. */
  strength: number;
  /** The next `confirmationPeriods` candles did not exceed the swing price. */
  confirmed: boolean;
}

/** Parameters of {@link detectSwingPoints} (the original defaults). */
export interface SwingParameters {
  /** Neighbours on each side that must be strictly lower (higher for lows): 5. */
  swingPeriods: number;
  /** Later candles that must not exceed the swing for it to count as confirmed: 3. */
  confirmationPeriods: number;
  /** Swings weaker than this are dropped: 0.4. */
  minimumStrength: number;
  /** Half-width of the volume window around the swing: 10. */
  volumePeriods: number;
}

/** The original system's swing parameters. */
export const DEFAULT_SWING_PARAMETERS: SwingParameters = {
  swingPeriods: 5,
  confirmationPeriods: 3,
  minimumStrength: 0.4,
  volumePeriods: 10,
};

/**
 * Swing highs and lows of candles `[from, to)`, oldest first. Candle i is a swing high when
 * H_i > H_j for every j in [i − p, i + p], j ≠ i (p = `swingPeriods`; both sides must lie inside
 * the range, so a swing is known p candles after it). Lows mirrored.
 *
 * Strength = min(1, 0.3·min(V_i / mean V[i−10 … i+10], 2) / 2
 *   + 0.4·min(2·|P − mean neighbour price| / mean neighbour price, 1)
 *   + 0.3·min(rejection wick / range, 0.8)), where the neighbour prices are the highs (lows) of
 * the other candles in [i − p, i + p] and the rejection wick is the upper (lower) wick.
 * Swings with strength < `minimumStrength` are dropped.
 *
 * Confirmation: the `confirmationPeriods` candles after i stay at or below the swing high (at or
 * above the low). With the defaults (3 ≤ 5) every swing is confirmed by construction, as in the
 * original; the flag matters only when `confirmationPeriods` > `swingPeriods`, and swings too
 * close to `to` to be checked are unconfirmed.
 */
export function detectSwingPoints(
  series: CandleSeries,
  from: number,
  to: number,
  parameters: SwingParameters = DEFAULT_SWING_PARAMETERS,
): SwingPoint[] {
  const { high, low, open, close, volume, timestamp } = series;
  const periods = parameters.swingPeriods;
  const swings: SwingPoint[] = [];
  for (let index = from + periods; index < to - periods; index++) {
    const candleHigh = high[index] as number;
    const candleLow = low[index] as number;
    let isHigh = true;
    let isLow = true;
    for (let other = index - periods; other <= index + periods && (isHigh || isLow); other++) {
      if (other === index) continue;
      if ((high[other] as number) >= candleHigh) isHigh = false;
      if ((low[other] as number) <= candleLow) isLow = false;
    }
    if (!isHigh && !isLow) continue;
    const volumeFrom = Math.max(from, index - parameters.volumePeriods);
    const volumeTo = Math.min(to, index + parameters.volumePeriods + 1);
    let volumeSum = 0;
    for (let other = volumeFrom; other < volumeTo; other++) volumeSum += volume[other] as number;
    const meanVolume = volumeSum / (volumeTo - volumeFrom);
    const volumeRatio = meanVolume > 0 ? (volume[index] as number) / meanVolume : 1;
    const volumeFactor = (Math.min(volumeRatio, 2) / 2) * 0.3;
    const range = candleHigh - candleLow;
    const top = Math.max(open[index] as number, close[index] as number);
    const bottom = Math.min(open[index] as number, close[index] as number);
    for (const kind of ["high", "low"] as const) {
      if (kind === "high" ? !isHigh : !isLow) continue;
      const prices = kind === "high" ? high : low;
      const price = prices[index] as number;
      let neighbourSum = 0;
      for (let other = index - periods; other <= index + periods; other++) {
        if (other !== index) neighbourSum += prices[other] as number;
      }
      const neighbourMean = neighbourSum / (2 * periods);
      const deviation =
        neighbourMean > 0 ? Math.min((2 * Math.abs(price - neighbourMean)) / neighbourMean, 1) : 0;
      const wick = kind === "high" ? candleHigh - top : bottom - candleLow;
      const wickFactor = range > 0 ? Math.min(wick / range, 0.8) * 0.3 : 0;
      const strength = Math.min(volumeFactor + deviation * 0.4 + wickFactor, 1);
      if (strength < parameters.minimumStrength) continue;
      let confirmed = index + parameters.confirmationPeriods < to;
      for (let later = index + 1; confirmed && later <= index + parameters.confirmationPeriods; later++) {
        if (kind === "high" ? (high[later] as number) > price : (low[later] as number) < price)
          confirmed = false;
      }
      swings.push({ kind, index, timestamp: timestamp[index] as number, price, strength, confirmed });
    }
  }
  return swings;
}
