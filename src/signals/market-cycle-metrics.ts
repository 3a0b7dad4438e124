import type { CandleSeries } from "../data/index.ts";
import { clamp, meanOf, slopeOf, standardDeviationOf } from "./numeric.ts";

/** The measurements the market cycle classifier scores. Plain data (JSON-safe). */
export interface MarketCycleMetrics {
  /** Momentum score in [−1, 1] of the last 10 closes (see {@link momentumScore}). */
  momentum: number;
  /** momentum(last 10 closes) − momentum(the 10 before). */
  acceleration: number;
  /** 0.6·max(#bullish, #bearish) / 10 + 0.4·mean(body / range), last 10 candles. */
  directionalStrength: number;
  /** clip(ATR20 / mean close × 100 / 2, 0, 1): an ATR of 2 % of price gives 1. */
  normalizedVolatility: number;
  /** std(range, last 20) − std(range, the 20 before); 0 without 40 candles. Price units. */
  volatilityTrend: number;
  /** clip(coefficient of variation of the last 20 closes in % / 2, 0, 1). */
  priceDispersion: number;
  /** Successive higher 2-bar fractal highs / lower fractal lows in the last 30 candles. */
  higherHighs: number;
  lowerLows: number;
  /** Fractal highs later closed above plus fractal lows later closed below (last 30). */
  breaks: number;
  /** Breaks followed by a close back inside within the next 5 candles. */
  falseBreaks: number;
  /** Mean (upper + lower wick) / range of the last 15 candles. */
  wickDominance: number;
  /** Candles of the last 15 whose longer wick exceeds half the range. */
  largeWicks: number;
  /** Candles of the last 15 that traded beyond the previous 2 candles' extreme and closed back. */
  sweeps: number;
  /** Candles of the last 15 that reversed the previous candle with a rejection wick > half range. */
  reversals: number;
  /** Crossings of the mean by the last 20 closes. */
  oscillations: number;
  /** Share of the last 20 closes whose deviation from the mean shrank at the next close. */
  meanReversion: number;
  /** max(0, 1 − (highest high − lowest low) / mean close × 100 / 3), last 20 candles. */
  tightness: number;
  /** Least-squares slope of the last 20 volumes / their mean (per candle). */
  volumeTrend: number;
  /** Candles of the last 20 with volume > 2 × mean. */
  volumeSpikes: number;
}

const MOMENTUM_PERIODS = 10;
const VOLATILITY_PERIODS = 20;
const STRUCTURE_PERIODS = 30;
const LIQUIDITY_PERIODS = 15;
const RANGE_PERIODS = 20;
const FALSE_BREAK_PERIODS = 5;
/** exp(linspace(−1, 0, 9)): weights of the 9 returns between 10 closes, most recent heaviest. */
const RETURN_WEIGHTS = Array.from({ length: MOMENTUM_PERIODS - 1 }, (_, index) =>
  Math.exp(-1 + index / (MOMENTUM_PERIODS - 2)),
);

/**
 * Momentum of the 10 closes ending before `to`: 0.4·clip(roc / 0.05, ±1) + 0.6·clip(Σ w_k·r_k /
 * 0.05, ±1), roc = C_last / C_first − 1, r_k the per-candle returns, w = exp(linspace(−1, 0, 9))
 * (an unnormalised sum, so nine returns of +0.5 % give about 0.6). 0 with fewer than 10 closes.
 */
export function momentumScore(close: Float64Array, from: number, to: number): number {
  const first = to - MOMENTUM_PERIODS;
  if (first < from) return 0;
  const roc = (close[to - 1] as number) / (close[first] as number) - 1;
  let weighted = 0;
  for (let step = 1; step < MOMENTUM_PERIODS; step++) {
    const index = first + step;
    weighted +=
      (RETURN_WEIGHTS[step - 1] as number) * ((close[index] as number) / (close[index - 1] as number) - 1);
  }
  return clamp(roc / 0.05, -1, 1) * 0.4 + clamp(weighted / 0.05, -1, 1) * 0.6;
}

/** Population standard deviation of high − low over candles `[from, to)`. */
function rangeDeviation(series: CandleSeries, from: number, to: number): number {
  let sum = 0;
  for (let index = from; index < to; index++)
    sum += (series.high[index] as number) - (series.low[index] as number);
  const mean = sum / (to - from);
  let squares = 0;
  for (let index = from; index < to; index++) {
    const deviation = (series.high[index] as number) - (series.low[index] as number) - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / (to - from));
}

function fractalStructure(series: CandleSeries, from: number, to: number, out: MarketCycleMetrics): void {
  const { high, low, close } = series;
  const start = Math.max(from, to - STRUCTURE_PERIODS);
  let previousHigh = Number.NaN;
  let previousLow = Number.NaN;
  let higherHighs = 0;
  let lowerLows = 0;
  let breaks = 0;
  let falseBreaks = 0;
  for (let index = start + 2; index < to - 2; index++) {
    const candleHigh = high[index] as number;
    const candleLow = low[index] as number;
    const isHigh =
      candleHigh > (high[index - 1] as number) &&
      candleHigh > (high[index - 2] as number) &&
      candleHigh > (high[index + 1] as number) &&
      candleHigh > (high[index + 2] as number);
    const isLow =
      candleLow < (low[index - 1] as number) &&
      candleLow < (low[index - 2] as number) &&
      candleLow < (low[index + 1] as number) &&
      candleLow < (low[index + 2] as number);
    if (isHigh) {
      if (candleHigh > previousHigh) higherHighs++;
      previousHigh = candleHigh;
      for (let later = index + 1; later < to; later++) {
        if ((close[later] as number) <= candleHigh) continue;
        breaks++;
        const end = Math.min(to, later + 1 + FALSE_BREAK_PERIODS);
        for (let back = later + 1; back < end; back++) {
          if ((close[back] as number) < candleHigh) {
            falseBreaks++;
            break;
          }
        }
        break;
      }
    }
    if (isLow) {
      if (candleLow < previousLow) lowerLows++;
      previousLow = candleLow;
      for (let later = index + 1; later < to; later++) {
        if ((close[later] as number) >= candleLow) continue;
        breaks++;
        const end = Math.min(to, later + 1 + FALSE_BREAK_PERIODS);
        for (let back = later + 1; back < end; back++) {
          if ((close[back] as number) > candleLow) {
            falseBreaks++;
            break;
          }
        }
        break;
      }
    }
  }
  out.higherHighs = higherHighs;
  out.lowerLows = lowerLows;
  out.breaks = breaks;
  out.falseBreaks = falseBreaks;
}

function liquidity(series: CandleSeries, from: number, to: number, out: MarketCycleMetrics): void {
  const { open, high, low, close } = series;
  const start = Math.max(from, to - LIQUIDITY_PERIODS);
  let wickSum = 0;
  let largeWicks = 0;
  let sweeps = 0;
  let reversals = 0;
  for (let index = start; index < to; index++) {
    const candleOpen = open[index] as number;
    const candleClose = close[index] as number;
    const candleHigh = high[index] as number;
    const candleLow = low[index] as number;
    const range = candleHigh - candleLow;
    const upper = candleHigh - Math.max(candleOpen, candleClose);
    const lower = Math.min(candleOpen, candleClose) - candleLow;
    if (range > 0) {
      wickSum += (upper + lower) / range;
      if (Math.max(upper, lower) > 0.5 * range) largeWicks++;
    }
    if (index - 2 >= from) {
      const priorLow = Math.min(low[index - 1] as number, low[index - 2] as number);
      const priorHigh = Math.max(high[index - 1] as number, high[index - 2] as number);
      if (
        (candleLow < priorLow && candleClose > priorLow) ||
        (candleHigh > priorHigh && candleClose < priorHigh)
      ) {
        sweeps++;
      }
    }
    if (index - 1 >= from && range > 0) {
      const previousBearish = (close[index - 1] as number) < (open[index - 1] as number);
      const previousBullish = (close[index - 1] as number) > (open[index - 1] as number);
      if (previousBearish && candleClose > candleOpen && lower > 0.5 * range) reversals++;
      else if (previousBullish && candleClose < candleOpen && upper > 0.5 * range) reversals++;
    }
  }
  out.wickDominance = to > start ? wickSum / (to - start) : 0;
  out.largeWicks = largeWicks;
  out.sweeps = sweeps;
  out.reversals = reversals;
}

function rangeBehaviour(series: CandleSeries, from: number, to: number, out: MarketCycleMetrics): void {
  const { high, low, close } = series;
  const start = Math.max(from, to - RANGE_PERIODS);
  const mean = meanOf(close, start, to);
  let oscillations = 0;
  let reverting = 0;
  let highest = Number.NEGATIVE_INFINITY;
  let lowest = Number.POSITIVE_INFINITY;
  for (let index = start; index < to; index++) {
    highest = Math.max(highest, high[index] as number);
    lowest = Math.min(lowest, low[index] as number);
    if (index + 1 < to) {
      const deviation = (close[index] as number) - mean;
      const next = (close[index + 1] as number) - mean;
      if ((deviation > 0 && next < 0) || (deviation < 0 && next > 0)) oscillations++;
      if (Math.abs(deviation) > Math.abs(next) && Math.sign(deviation) === Math.sign(next)) reverting++;
    }
  }
  out.oscillations = oscillations;
  out.meanReversion = reverting / RANGE_PERIODS;
  out.tightness = Math.max(0, 1 - (((highest - lowest) / mean) * 100) / 3);
}

/**
 * Measures candles `[from, to)` for the market cycle classifier (the original
 * `MarketCycleClassifier` metrics; lookbacks momentum 10, volatility 20, structure 30,
 * liquidity 15, range 20, volume 20). Reads no candle at or after `to`. Expects ≥ 30 candles;
 * metrics whose window is not full use what there is.
 */
export function computeMarketCycleMetrics(
  series: CandleSeries,
  from: number,
  to: number,
): MarketCycleMetrics {
  const { open, high, low, close, volume } = series;
  const momentum = momentumScore(close, from, to);
  const acceleration =
    to - MOMENTUM_PERIODS * 2 >= from ? momentum - momentumScore(close, from, to - MOMENTUM_PERIODS) : 0;

  const directionalFrom = Math.max(from, to - MOMENTUM_PERIODS);
  let bullish = 0;
  let bearish = 0;
  let bodyShare = 0;
  for (let index = directionalFrom; index < to; index++) {
    const body = (close[index] as number) - (open[index] as number);
    const range = (high[index] as number) - (low[index] as number);
    if (body > 0) bullish++;
    else if (body < 0) bearish++;
    if (range > 0) bodyShare += Math.abs(body) / range;
  }
  const directionalStrength =
    (0.6 * Math.max(bullish, bearish)) / MOMENTUM_PERIODS +
    (0.4 * bodyShare) / Math.max(1, to - directionalFrom);

  const volatilityFrom = Math.max(from, to - VOLATILITY_PERIODS);
  let trueRangeSum = 0;
  for (let index = volatilityFrom; index < to; index++) {
    const candleHigh = high[index] as number;
    const candleLow = low[index] as number;
    const previousClose = index > from ? (close[index - 1] as number) : (close[index] as number);
    trueRangeSum += Math.max(
      candleHigh - candleLow,
      Math.abs(candleHigh - previousClose),
      Math.abs(candleLow - previousClose),
    );
  }
  const meanClose = meanOf(close, volatilityFrom, to);
  const averageTrueRange = trueRangeSum / (to - volatilityFrom);
  const normalizedVolatility = clamp((averageTrueRange / meanClose) * 50, 0, 1);
  const volatilityTrend =
    to - 2 * VOLATILITY_PERIODS >= from
      ? rangeDeviation(series, to - VOLATILITY_PERIODS, to) -
        rangeDeviation(series, to - 2 * VOLATILITY_PERIODS, to - VOLATILITY_PERIODS)
      : 0;
  const priceDispersion = clamp(
    ((standardDeviationOf(close, volatilityFrom, to) / meanClose) * 100) / 2,
    0,
    1,
  );

  const meanVolume = meanOf(volume, volatilityFrom, to);
  let volumeSpikes = 0;
  for (let index = volatilityFrom; index < to; index++)
    if ((volume[index] as number) > 2 * meanVolume) volumeSpikes++;
  const volumeTrend = meanVolume > 0 ? slopeOf(volume, volatilityFrom, to) / meanVolume : 0;

  const metrics: MarketCycleMetrics = {
    momentum,
    acceleration,
    directionalStrength,
    normalizedVolatility,
    volatilityTrend,
    priceDispersion,
    higherHighs: 0,
    lowerLows: 0,
    breaks: 0,
    falseBreaks: 0,
    wickDominance: 0,
    largeWicks: 0,
    sweeps: 0,
    reversals: 0,
    oscillations: 0,
    meanReversion: 0,
    tightness: 0,
    volumeTrend,
    volumeSpikes,
  };
  fractalStructure(series, from, to, metrics);
  liquidity(series, from, to, metrics);
  rangeBehaviour(series, from, to, metrics);
  return metrics;
}
