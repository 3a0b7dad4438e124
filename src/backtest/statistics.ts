import type { TradeRecord } from "../engine/index.ts";

const DAY_MS = 86_400_000;

/**
 * Backtest statistics with backtesting.py's `compute_stats` definitions so results can be
 * cross-checked. Percentages are in percent, durations in days; `null` where a value is undefined
 * (no trades, no losing trades, zero variance, ...), never `NaN` or `Infinity`.
 *
 * Deliberate details, as in backtesting.py: drawdowns are reported as negative percentages; the
 * geometric mean of daily returns counts the first (undefined) day as a zero return; durations are
 * rounded up to the data's time resolution (whole days on daily data). `cagrPct` follows backtesting.py
 * too: (E_end/E_0)^(1 / years) − 1 with years = calendar days / annualisation factor (252 or 365),
 * not issue #4's literal 365.25 (which would make the cross-check fail on equities).
 */
export interface BacktestStatistics {
  start: number;
  end: number;
  durationDays: number;
  exposurePct: number | null;
  equityFinal: number;
  equityPeak: number;
  commissions: number;
  returnPct: number | null;
  buyHoldReturnPct: number | null;
  returnAnnPct: number | null;
  volatilityAnnPct: number | null;
  cagrPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  alphaPct: number | null;
  beta: number | null;
  maxDrawdownPct: number | null;
  avgDrawdownPct: number | null;
  maxDrawdownDurationDays: number | null;
  avgDrawdownDurationDays: number | null;
  trades: number;
  winRatePct: number | null;
  bestTradePct: number | null;
  worstTradePct: number | null;
  avgTradePct: number | null;
  maxTradeDurationDays: number | null;
  avgTradeDurationDays: number | null;
  profitFactor: number | null;
  expectancyPct: number | null;
  sqn: number | null;
  kellyCriterion: number | null;
  avgR: number | null;
  bestR: number | null;
  worstR: number | null;
  expectancyR: number | null;
}

/** Inputs of {@link computeStatistics}. */
export interface StatisticsInput {
  /** Step times (bar open, ms UTC), ascending. */
  readonly timestamps: Float64Array;
  /** Equity per step. */
  readonly equity: Float64Array;
  /** Close per step of the benchmark instrument (buy & hold, beta). */
  readonly closes: Float64Array;
  /** Closed trades. */
  readonly trades: readonly TradeRecord[];
  /** Bars before every indicator is valid: buy & hold starts at this bar's close. */
  readonly warmupBars: number;
}

/** `null` for NaN and ±Infinity, the number otherwise. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** backtesting.py's geometric mean: NaN counts as 0, any return ≤ −100 % gives 0. */
export function geometricMean(returns: ArrayLike<number>): number {
  if (returns.length === 0) return Number.NaN;
  let sum = 0;
  for (let index = 0; index < returns.length; index++) {
    const value = returns[index] as number;
    const gross = (Number.isNaN(value) ? 0 : value) + 1;
    if (gross <= 0) return 0;
    sum += Math.log(gross);
  }
  return Math.exp(sum / returns.length) - 1;
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function maxOf(values: readonly number[]): number {
  let result = Number.NaN;
  for (const value of values) if (!(value <= result)) result = value;
  return result;
}

function minOf(values: readonly number[]): number {
  let result = Number.NaN;
  for (const value of values) if (!(value >= result)) result = value;
  return result;
}

function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const average = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - average) ** 2;
  return sum / (values.length - 1);
}

/** Median bar spacing over the last 100 bars (backtesting.py `_data_period`). */
function dataPeriod(timestamps: Float64Array): number {
  const from = Math.max(0, timestamps.length - 100);
  const gaps: number[] = [];
  for (let index = from + 1; index < timestamps.length; index++) {
    gaps.push((timestamps[index] as number) - (timestamps[index - 1] as number));
  }
  if (gaps.length === 0) return DAY_MS;
  gaps.sort((left, right) => left - right);
  const middle = gaps.length >> 1;
  return gaps.length % 2 === 1
    ? (gaps[middle] as number)
    : ((gaps[middle - 1] as number) + (gaps[middle] as number)) / 2;
}

/** Rounds a duration (ms) up to the coarsest unit that divides the data period, returns days. */
function ceilToResolution(durationMs: number, periodMs: number): number {
  if (!Number.isFinite(durationMs)) return Number.NaN;
  const units = [DAY_MS, 3_600_000, 60_000, 1000, 1];
  const unit = units.find((candidate) => periodMs % candidate === 0) ?? 1;
  return (Math.ceil(durationMs / unit - 1e-9) * unit) / DAY_MS;
}

/** Drawdown episodes between bars where drawdown is 0 (and the last bar): durations (ms) and peaks. */
function drawdownEpisodes(
  timestamps: Float64Array,
  drawdown: Float64Array,
): { durations: number[]; peaks: number[] } {
  const anchors: number[] = [];
  for (let index = 0; index < drawdown.length; index++) if (drawdown[index] === 0) anchors.push(index);
  if (anchors[anchors.length - 1] !== drawdown.length - 1) anchors.push(drawdown.length - 1);
  const durations: number[] = [];
  const peaks: number[] = [];
  for (let index = 1; index < anchors.length; index++) {
    const previous = anchors[index - 1] as number;
    const current = anchors[index] as number;
    if (current <= previous + 1) continue;
    durations.push((timestamps[current] as number) - (timestamps[previous] as number));
    let peak = 0;
    for (let bar = previous; bar <= current; bar++) peak = Math.max(peak, drawdown[bar] as number);
    peaks.push(peak);
  }
  return { durations, peaks };
}

/** Equity's last value per UTC calendar day present, then percentage change (first is NaN). */
function dailyReturns(timestamps: Float64Array, equity: Float64Array): number[] {
  const closes: number[] = [];
  let day = Number.NaN;
  for (let index = 0; index < equity.length; index++) {
    const current = Math.floor((timestamps[index] as number) / DAY_MS);
    if (current !== day) {
      closes.push(equity[index] as number);
      day = current;
    } else {
      closes[closes.length - 1] = equity[index] as number;
    }
  }
  return closes.map((value, index) => (index === 0 ? Number.NaN : value / (closes[index - 1] as number) - 1));
}

function logReturns(values: Float64Array): number[] {
  const result: number[] = [];
  for (let index = 1; index < values.length; index++) {
    result.push(Math.log((values[index] as number) / (values[index - 1] as number)));
  }
  return result;
}

function covariance(left: readonly number[], right: readonly number[]): number {
  if (left.length < 2) return Number.NaN;
  const leftMean = mean(left);
  const rightMean = mean(right);
  let sum = 0;
  for (let index = 0; index < left.length; index++) {
    sum += ((left[index] as number) - leftMean) * ((right[index] as number) - rightMean);
  }
  return sum / (left.length - 1);
}

/**
 * Computes {@link BacktestStatistics}.
 *
 * @throws RangeError when the equity curve is empty or its length differs from the timestamps.
 */
export function computeStatistics(input: StatisticsInput): BacktestStatistics {
  const { timestamps, equity, closes, trades } = input;
  const count = equity.length;
  if (count === 0 || timestamps.length !== count || closes.length !== count) {
    throw new RangeError(
      `statistics need equal, non-empty series (equity ${count}, timestamps ${timestamps.length})`,
    );
  }
  const first = equity[0] as number;
  const last = equity[count - 1] as number;
  const start = timestamps[0] as number;
  const end = timestamps[count - 1] as number;
  const period = dataPeriod(timestamps);

  const drawdown = new Float64Array(count);
  let peakEquity = Number.NEGATIVE_INFINITY;
  let maxDrawdown = 0;
  for (let index = 0; index < count; index++) {
    const value = equity[index] as number;
    if (value > peakEquity) peakEquity = value;
    const level = 1 - value / peakEquity;
    drawdown[index] = level;
    if (level > maxDrawdown) maxDrawdown = level;
  }
  const episodes = drawdownEpisodes(timestamps, drawdown);

  const returnPct = ((last - first) / first) * 100;
  // From the first bar where all indicators are valid; none such (fewer bars than the warm-up): NaN,
  // reported as null (as is alpha, which needs it).
  const warmupBars = Math.max(0, input.warmupBars);
  const benchmarkStart = warmupBars < count ? (closes[warmupBars] as number) : Number.NaN;
  const buyHoldReturnPct = (((closes[count - 1] as number) - benchmarkStart) / benchmarkStart) * 100;

  const days = dailyReturns(timestamps, equity);
  const definedDays = days.slice(1);
  const gmean = geometricMean(days);
  let weekendBars = 0;
  for (let index = 0; index < count; index++) {
    const weekday = new Date(timestamps[index] as number).getUTCDay();
    if (weekday === 0 || weekday === 6) weekendBars++;
  }
  const annualDays = weekendBars / count > (2 / 7) * 0.6 ? 365 : 252;
  const annualReturn = (1 + gmean) ** annualDays - 1;
  const volatility =
    Math.sqrt(
      (sampleVariance(definedDays) + (1 + gmean) ** 2) ** annualDays - (1 + gmean) ** (2 * annualDays),
    ) * 100;
  const downside =
    Math.sqrt(mean(definedDays.map((value) => Math.min(value, 0) ** 2))) * Math.sqrt(annualDays);
  const calendarDays = (end - start) / DAY_MS;

  const equityLog = logReturns(equity);
  const marketLog = logReturns(closes);
  const beta =
    equityLog.length > 1 ? covariance(equityLog, marketLog) / sampleVariance(marketLog) : Number.NaN;

  const returns = trades.map((trade) => trade.returnPct / 100);
  const pnls = trades.map((trade) => trade.pnl);
  const durations = trades.map((trade) => trade.durationMs);
  const wins = pnls.filter((value) => value > 0);
  const losses = pnls.filter((value) => value < 0);
  const winRate = trades.length === 0 ? Number.NaN : wins.length / trades.length;
  const positiveSum = returns.filter((value) => value > 0).reduce((sum, value) => sum + value, 0);
  const negativeSum = Math.abs(returns.filter((value) => value < 0).reduce((sum, value) => sum + value, 0));
  const pnlStd = Math.sqrt(sampleVariance(pnls));
  const exposed = new Uint8Array(count);
  for (const trade of trades) exposed.fill(1, trade.entryBar, Math.min(count, trade.exitBar + 1));
  let exposedBars = 0;
  for (let index = 0; index < count; index++) exposedBars += exposed[index] as number;
  const rMultiples = trades.map((trade) => trade.rMultiple).filter((value) => Number.isFinite(value));

  return {
    start,
    end,
    durationDays: calendarDays,
    exposurePct: finiteOrNull((exposedBars / count) * 100),
    equityFinal: last,
    equityPeak: peakEquity,
    commissions: trades.reduce((sum, trade) => sum + trade.fees, 0),
    returnPct: finiteOrNull(returnPct),
    buyHoldReturnPct: finiteOrNull(buyHoldReturnPct),
    returnAnnPct: finiteOrNull(annualReturn * 100),
    volatilityAnnPct: finiteOrNull(volatility),
    cagrPct:
      calendarDays > 0 ? finiteOrNull(((last / first) ** (annualDays / calendarDays) - 1) * 100) : null,
    sharpe: volatility > 0 ? finiteOrNull((annualReturn * 100) / volatility) : null,
    sortino: downside > 0 ? finiteOrNull(annualReturn / downside) : null,
    calmar: maxDrawdown > 0 ? finiteOrNull(annualReturn / maxDrawdown) : null,
    alphaPct: finiteOrNull(returnPct - beta * buyHoldReturnPct),
    beta: finiteOrNull(beta),
    maxDrawdownPct: finiteOrNull(-maxDrawdown * 100),
    avgDrawdownPct: finiteOrNull(-mean(episodes.peaks) * 100),
    maxDrawdownDurationDays: finiteOrNull(ceilToResolution(maxOf(episodes.durations), period)),
    avgDrawdownDurationDays: finiteOrNull(ceilToResolution(mean(episodes.durations), period)),
    trades: trades.length,
    winRatePct: finiteOrNull(winRate * 100),
    bestTradePct: finiteOrNull(maxOf(returns) * 100),
    worstTradePct: finiteOrNull(minOf(returns) * 100),
    avgTradePct: finiteOrNull(geometricMean(returns) * 100),
    maxTradeDurationDays: finiteOrNull(ceilToResolution(maxOf(durations), period)),
    avgTradeDurationDays: finiteOrNull(ceilToResolution(mean(durations), period)),
    profitFactor: negativeSum > 0 ? finiteOrNull(positiveSum / negativeSum) : null,
    expectancyPct: finiteOrNull(mean(returns) * 100),
    sqn: pnlStd > 0 ? finiteOrNull((Math.sqrt(trades.length) * mean(pnls)) / pnlStd) : null,
    kellyCriterion: finiteOrNull(winRate - (1 - winRate) / (mean(wins) / -mean(losses))),
    avgR: finiteOrNull(mean(rMultiples)),
    bestR: finiteOrNull(maxOf(rMultiples)),
    worstR: finiteOrNull(minOf(rMultiples)),
    expectancyR: finiteOrNull(mean(rMultiples)),
  };
}
