import { ValidationError } from "../../core/errors.ts";
import {
  CANDLE_INTERVALS,
  type CandleSeries,
  inferIntervalMs,
  intervalToMs,
  loadCandleFile,
  msToInterval,
  parseIsoTimestampText,
  resampleCandles,
  sliceCandleSeries,
} from "../../data/index.ts";
import { type BacktestConfig, BacktestConfigSchema } from "./backtest-config.ts";
import { backtestRequest } from "./backtest-executor.ts";
import type { DatasetFolders } from "./datasets.ts";

/** At most this many bars go to a browser by default: more only slows the chart down. */
export const DEFAULT_MAX_CANDLES = 5_000;

const DAY_MS = 86_400_000;

/** The bars a backtest ran on, column by column, ready for a chart. */
export interface BacktestCandles {
  /** The data set id of the backtest. */
  dataset: string;
  /** Interval of the bars returned (e.g. `"4h"`), or `"<N>ms"` when it is no named interval. */
  interval: string;
  intervalMs: number | null;
  /** Interval of the data set's own bars. */
  sourceInterval: string | null;
  /** Bars of the data set inside the backtest's from/to range, before any downsampling. */
  sourceBars: number;
  /** True when the bars were resampled to a coarser interval to stay under the limit. */
  downsampled: boolean;
  /** Bar open times, ms UTC, ascending; the other arrays are aligned with it. */
  timestamps: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

function intervalName(intervalMs: number | null): string | null {
  if (intervalMs === null) return null;
  try {
    return msToInterval(intervalMs);
  } catch {
    return `${intervalMs}ms`;
  }
}

function parseBound(text: string | undefined, field: "from" | "to"): number | undefined {
  if (text === undefined) return undefined;
  const time = parseIsoTimestampText(text.trim());
  if (Number.isNaN(time)) {
    throw new ValidationError(`${field} ${JSON.stringify(text)} is not an ISO-8601 date or time`, { field });
  }
  // A bare date as `to` includes that whole day, as the backtest runner reads it.
  return field === "to" && /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? time + DAY_MS - 1 : time;
}

/** The bars of `series` inside [from, to] (ms UTC, inclusive), as the backtest runner selects them. */
function selectRange(series: CandleSeries, from: number | undefined, to: number | undefined): CandleSeries {
  let first = 0;
  let last = series.length;
  if (from !== undefined) while (first < last && (series.timestamp[first] as number) < from) first++;
  if (to !== undefined) while (last > first && (series.timestamp[last - 1] as number) > to) last--;
  return first === 0 && last === series.length ? series : sliceCandleSeries(series, first, last);
}

/**
 * The coarsest-needed interval: the smallest named interval (a whole multiple of `baseMs`) that brings
 * `series` down to at most `maxBars` bars, else the smallest multiple of `baseMs` that does.
 */
function downsample(
  series: CandleSeries,
  baseMs: number,
  maxBars: number,
): { series: CandleSeries; intervalMs: number } {
  const span = (series.timestamp[series.length - 1] as number) - (series.timestamp[0] as number);
  const candidates = CANDLE_INTERVALS.map(intervalToMs).filter(
    (intervalMs) => intervalMs > baseMs && intervalMs % baseMs === 0,
  );
  for (const intervalMs of candidates) {
    // A resample cannot give fewer buckets than the span covers: skip the hopeless ones unread.
    if (Math.floor(span / intervalMs) + 1 > maxBars) continue;
    const resampled = resampleCandles(series, intervalMs, { baseIntervalMs: baseMs });
    if (resampled.series.length <= maxBars) return { series: resampled.series, intervalMs };
  }
  let multiple = Math.max(2, Math.ceil((span / baseMs + 1) / maxBars));
  for (;;) {
    const intervalMs = multiple * baseMs;
    const resampled = resampleCandles(series, intervalMs, { baseIntervalMs: baseMs });
    if (resampled.series.length <= maxBars) return { series: resampled.series, intervalMs };
    multiple += 1;
  }
}

/**
 * The candles a backtest runs on: its data set file (through the candle cache, like the run itself), cut
 * to the configuration's from/to, and resampled to a coarser interval (open of the first bar, highest
 * high, lowest low, close of the last, summed volume) when there are more than `maxBars` bars.
 * @param stored the stored configuration of the backtest (validated again here).
 * @param maxBars upper bound of the bars returned, ≥ 2.
 * @throws {ValidationError} for a configuration or bound that does not parse; {NotFoundError} when the
 *   data set no longer exists.
 */
export function loadBacktestCandles(
  stored: unknown,
  folders: DatasetFolders,
  maxBars = DEFAULT_MAX_CANDLES,
): BacktestCandles {
  if (!Number.isInteger(maxBars) || maxBars < 2) {
    throw new ValidationError(`maxBars must be a whole number of at least 2, got ${maxBars}`, {
      field: "maxBars",
    });
  }
  const parsed = BacktestConfigSchema.safeParse(stored);
  if (!parsed.success) {
    throw new ValidationError("this backtest's stored configuration names no usable data set", {
      field: "id",
    });
  }
  const config: BacktestConfig = parsed.data;
  const request = backtestRequest(config, folders);
  const file = request.dataFiles[0] as string;
  const series = selectRange(
    loadCandleFile(file),
    parseBound(request.from, "from"),
    parseBound(request.to, "to"),
  );
  const baseMs = inferIntervalMs(series);
  let bars = series;
  let intervalMs = baseMs;
  if (series.length > maxBars && baseMs !== null) {
    const result = downsample(series, baseMs, maxBars);
    bars = result.series;
    intervalMs = result.intervalMs;
  }
  return {
    dataset: config.dataset,
    interval: intervalName(intervalMs) ?? "unknown",
    intervalMs,
    sourceInterval: intervalName(baseMs),
    sourceBars: series.length,
    downsampled: bars !== series,
    timestamps: Array.from(bars.timestamp),
    open: Array.from(bars.open),
    high: Array.from(bars.high),
    low: Array.from(bars.low),
    close: Array.from(bars.close),
    volume: Array.from(bars.volume),
  };
}
