import { type CandleSeries, candleSeriesFromColumns } from "../../src/data/index.ts";

/** One crafted candle: [open, high, low, close] with optional volume (default 100). */
export type CandleRow = readonly [open: number, high: number, low: number, close: number, volume?: number];

/** Builds a series from rows, one bar every `intervalMs` from `start`. */
export function seriesFromRows(
  rows: readonly CandleRow[],
  intervalMs = 3_600_000,
  start = 1_700_000_000_000 - (1_700_000_000_000 % 86_400_000),
): CandleSeries {
  const length = rows.length;
  const columns = {
    timestamp: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
  rows.forEach((row, index) => {
    columns.timestamp[index] = start + index * intervalMs;
    columns.open[index] = row[0];
    columns.high[index] = row[1];
    columns.low[index] = row[2];
    columns.close[index] = row[3];
    columns.volume[index] = row[4] ?? 100;
  });
  return candleSeriesFromColumns(columns);
}

/**
 * Candles along a path through `pivots`, `barsPerLeg` bars per leg: each bar opens at the previous
 * close and closes on the path, with 0.1 wicks; pivot bars get an extra 0.5 wick outward, so every
 * pivot is a strict swing point.
 */
export function zigzagRows(pivots: readonly number[], barsPerLeg: number): CandleRow[] {
  const path: number[] = [pivots[0] as number];
  for (let leg = 1; leg < pivots.length; leg++) {
    const from = pivots[leg - 1] as number;
    const to = pivots[leg] as number;
    for (let step = 1; step <= barsPerLeg; step++) path.push(from + ((to - from) * step) / barsPerLeg);
  }
  return path.map((close, index) => {
    const open = index === 0 ? close : (path[index - 1] as number);
    let high = Math.max(open, close) + 0.1;
    let low = Math.min(open, close) - 0.1;
    if (index % barsPerLeg === 0) {
      const leg = index / barsPerLeg;
      const previous = pivots[leg - 1];
      const next = pivots[leg + 1];
      const reference = previous ?? next ?? close;
      if (close > reference) high += 0.5;
      if (close < reference) low -= 0.5;
    }
    return [open, high, low, close] as const;
  });
}
