import { existsSync } from "node:fs";
import { ValidationError } from "../../core/errors.ts";
import {
  type CandleSeries,
  createCandleSeries,
  type FundingSeries,
  loadCandleFile,
  loadFundingSettlements,
} from "../../data/index.ts";
import type { Database } from "../../storage/index.ts";
import { BASELINE_HOURLY_FUNDING, siblingFundingFile } from "../../venues/simulator/index.ts";

const HOUR_MS = 3_600_000;

/** Where the replayed candles come from. */
export interface ParityCandleSource {
  /** A recorded candle file (the simulator's `--data`); otherwise the `candles` table. */
  readonly file?: string | undefined;
  /** `venue` of the stored candles (default `hyperliquid`). */
  readonly venue?: string | undefined;
}

/**
 * Candles of `symbol`/`interval` opening in `[from, to]`, from the file or the `candles` table.
 * @throws ValidationError when the file is missing or nothing covers the range.
 */
export async function loadParityCandles(
  database: Database,
  key: { symbol: string; interval: string; from: number; to: number },
  source: ParityCandleSource,
): Promise<{ series: CandleSeries; description: string }> {
  let series: CandleSeries;
  let description: string;
  if (source.file !== undefined) {
    if (!existsSync(source.file)) {
      throw new ValidationError(`--data ${source.file}: no such file`, { field: "data" });
    }
    const all = loadCandleFile(source.file);
    let first = 0;
    while (first < all.length && (all.timestamp[first] as number) < key.from) first++;
    let last = first;
    while (last < all.length && (all.timestamp[last] as number) <= key.to) last++;
    series = copyRange(all, first, last);
    description = source.file;
  } else {
    const venue = source.venue ?? "hyperliquid";
    const rows = await database
      .selectFrom("candles")
      .select(["time", "open", "high", "low", "close", "volume"])
      .where("venue", "=", venue)
      .where("symbol", "=", key.symbol)
      .where("interval", "=", key.interval)
      .where("time", ">=", new Date(key.from))
      .where("time", "<=", new Date(key.to))
      .orderBy("time")
      .execute();
    series = createCandleSeries(rows.length);
    rows.forEach((row, index) => {
      series.timestamp[index] = row.time.getTime();
      series.open[index] = Number(row.open);
      series.high[index] = Number(row.high);
      series.low[index] = Number(row.low);
      series.close[index] = Number(row.close);
      series.volume[index] = Number(row.volume);
    });
    description = `candles table (${venue} ${key.symbol} ${key.interval})`;
  }
  const lastTime = series.length > 0 ? (series.timestamp[series.length - 1] as number) : Number.NaN;
  if (series.length === 0 || !(lastTime >= key.to)) {
    const has =
      series.length === 0
        ? "none"
        : `${new Date(series.timestamp[0] as number).toISOString()} … ${new Date(lastTime).toISOString()}`;
    throw new ValidationError(
      `${description} does not cover the session: need ${key.symbol} ${key.interval} candles from ${new Date(key.from).toISOString()} to ${new Date(key.to).toISOString()}, found ${has}; download them (hlbot candles download) or give --data FILE`,
      { field: "data" },
    );
  }
  return { series, description };
}

function copyRange(series: CandleSeries, first: number, last: number): CandleSeries {
  const copy = createCandleSeries(last - first);
  for (const name of ["timestamp", "open", "high", "low", "close", "volume"] as const) {
    copy[name].set(series[name].subarray(first, last));
  }
  return copy;
}

/**
 * Funding settlements for the replay: `--funding FILE`, else the recorded file beside `--data` (as the
 * simulator uses it), else the `funding_rates` table, else the simulator's hourly baseline.
 */
export async function loadParityFunding(
  database: Database,
  key: { symbol: string; from: number; to: number; venue: string },
  files: { funding?: string | undefined; data?: string | undefined },
): Promise<{ series: FundingSeries; description: string }> {
  const file = files.funding ?? (files.data === undefined ? undefined : siblingFundingFile(files.data));
  if (file !== undefined) {
    if (!existsSync(file)) throw new ValidationError(`--funding ${file}: no such file`, { field: "funding" });
    return { series: loadFundingSettlements(file), description: file };
  }
  const rows = await database
    .selectFrom("funding_rates")
    .select(["time", "rate"])
    .where("venue", "=", key.venue)
    .where("symbol", "=", key.symbol)
    .where("time", ">=", new Date(key.from))
    .where("time", "<=", new Date(key.to + HOUR_MS))
    .orderBy("time")
    .execute();
  if (rows.length > 0) {
    return {
      series: {
        length: rows.length,
        timestamp: Float64Array.from(rows, (row) => row.time.getTime()),
        rate: Float64Array.from(rows, (row) => Number(row.rate)),
      },
      description: `funding_rates table (${key.venue} ${key.symbol})`,
    };
  }
  const first = Math.ceil(key.from / HOUR_MS);
  const last = Math.floor((key.to + HOUR_MS) / HOUR_MS);
  const count = Math.max(0, last - first + 1);
  return {
    series: {
      length: count,
      timestamp: Float64Array.from({ length: count }, (_, index) => (first + index) * HOUR_MS),
      rate: new Float64Array(count).fill(BASELINE_HOURLY_FUNDING),
    },
    description: `baseline ${BASELINE_HOURLY_FUNDING * 100} %/h (no recorded funding found)`,
  };
}

/**
 * The bars as the venue presents them to a node that acts when a bar closes: the orders it sends then
 * meet the book around that close, so each bar opens at the previous close (its range widened to hold
 * it). Stops and limits still trade on the bar's own high and low.
 */
export function venueViewSeries(series: CandleSeries): CandleSeries {
  const view = createCandleSeries(series.length);
  view.timestamp.set(series.timestamp);
  view.close.set(series.close);
  view.volume.set(series.volume);
  for (let index = 0; index < series.length; index++) {
    const open = index === 0 ? (series.open[0] as number) : (series.close[index - 1] as number);
    view.open[index] = open;
    view.high[index] = Math.max(series.high[index] as number, open);
    view.low[index] = Math.min(series.low[index] as number, open);
  }
  return view;
}
