import type { CandleSeries } from "../data/index.ts";
import { slopeOf } from "./numeric.ts";

/**
 * The shape of one candle and how it compares with the candles before it
 * (the original `CandlePatternDetector._calculate_candle_metrics`).
 *
 * body = |C − O|, upper wick = H − max(O, C), lower wick = min(O, C) − L, range = H − L.
 */
export interface CandleMetrics {
  /** |close − open|, in price units. */
  body: number;
  /** high − max(open, close). */
  upperWick: number;
  /** min(open, close) − low. */
  lowerWick: number;
  /** high − low. */
  range: number;
  /** close > open. */
  bullish: boolean;
  /** close < open. */
  bearish: boolean;
  /** body / range; 0 when the range is 0. */
  bodyRatio: number;
  /** upper wick / body; `Infinity` when the body is 0. */
  upperWickRatio: number;
  /** lower wick / body; `Infinity` when the body is 0. */
  lowerWickRatio: number;
  /** (close − low) / range, 0 = closed at the low, 1 = at the high; 0.5 when the range is 0. */
  closePosition: number;
  /** volume / mean volume of the context candles (excluding this one); 1 when that mean is 0. */
  volumeRatio: number;
  /** range / mean range of the context candles (excluding this one); 1 when that mean is 0. */
  rangeRatio: number;
  /** Least-squares slope of the closes of context + this candle, price per bar; 0 below 3 closes. */
  trendSlope: number;
  /** |trendSlope| / mean close of context + this candle (fraction of price per bar). */
  trendStrength: number;
}

/** A fresh metrics record (all zero), to be filled by {@link computeCandleMetrics}. */
export function createCandleMetrics(): CandleMetrics {
  return {
    body: 0,
    upperWick: 0,
    lowerWick: 0,
    range: 0,
    bullish: false,
    bearish: false,
    bodyRatio: 0,
    upperWickRatio: 0,
    lowerWickRatio: 0,
    closePosition: 0.5,
    volumeRatio: 1,
    rangeRatio: 1,
    trendSlope: 0,
    trendStrength: 0,
  };
}

/**
 * Metrics of candle `index`, with the context of the previous `lookback` candles that are not
 * before `from` (the original used 20). Writes into `out` (allocation-free when reused).
 *
 * @param series the candles; only indices in `[from, index]` are read (never a later candle).
 * @param index the candle to measure.
 * @param from first index the context may use (a window start).
 * @param lookback number of previous candles in the context, ≥ 0.
 */
export function computeCandleMetrics(
  series: CandleSeries,
  index: number,
  from: number,
  lookback: number,
  out: CandleMetrics = createCandleMetrics(),
): CandleMetrics {
  const open = series.open[index] as number;
  const high = series.high[index] as number;
  const low = series.low[index] as number;
  const close = series.close[index] as number;
  const body = Math.abs(close - open);
  const top = Math.max(close, open);
  const bottom = Math.min(close, open);
  const range = high - low;
  out.body = body;
  out.upperWick = high - top;
  out.lowerWick = bottom - low;
  out.range = range;
  out.bullish = close > open;
  out.bearish = close < open;
  out.bodyRatio = range > 0 ? body / range : 0;
  out.upperWickRatio = body > 0 ? out.upperWick / body : Number.POSITIVE_INFINITY;
  out.lowerWickRatio = body > 0 ? out.lowerWick / body : Number.POSITIVE_INFINITY;
  out.closePosition = range > 0 ? (close - low) / range : 0.5;

  const start = Math.max(from, index - lookback);
  const previous = index - start;
  let volumeSum = 0;
  let rangeSum = 0;
  let closeSum = close;
  for (let at = start; at < index; at++) {
    volumeSum += series.volume[at] as number;
    rangeSum += (series.high[at] as number) - (series.low[at] as number);
    closeSum += series.close[at] as number;
  }
  const meanVolume = previous > 0 ? volumeSum / previous : 0;
  const meanRange = previous > 0 ? rangeSum / previous : 0;
  out.volumeRatio = meanVolume > 0 ? (series.volume[index] as number) / meanVolume : 1;
  out.rangeRatio = meanRange > 0 ? range / meanRange : 1;
  if (previous + 1 >= 3) {
    out.trendSlope = slopeOf(series.close, start, index + 1);
    out.trendStrength = Math.abs(out.trendSlope) / (closeSum / (previous + 1));
  } else {
    out.trendSlope = 0;
    out.trendStrength = 0;
  }
  return out;
}
