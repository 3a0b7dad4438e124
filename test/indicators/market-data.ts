import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The columns of a candle file from `shared/data`, parsed without `src/data` so the tests stay independent. */
export interface MarketData {
  length: number;
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export const DATA_FILES = {
  "BTCUSDT 1h": "BTCUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv",
  "FILUSDT 1m": "FILUSDT-PERP-binance-1m-2023-08_2023-11.csv",
} as const;

export type DataName = keyof typeof DATA_FILES;

export const DATA_NAMES = Object.keys(DATA_FILES) as DataName[];

const cache = new Map<DataName, MarketData>();

/** Reads `timestamp,open,high,low,close,volume` rows of one of {@link DATA_FILES}. */
export function loadMarketData(name: DataName): MarketData {
  const cached = cache.get(name);
  if (cached) return cached;
  const path = fileURLToPath(new URL(`../../../shared/data/${DATA_FILES[name]}`, import.meta.url));
  const lines = readFileSync(path, "utf8").trim().split("\n").slice(1);
  const columns = Array.from({ length: 6 }, () => new Float64Array(lines.length));
  lines.forEach((line, row) => {
    line.split(",").forEach((field, column) => {
      const target = columns[column];
      if (target) target[row] = Number(field);
    });
  });
  const [timestamp, open, high, low, close, volume] = columns as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const data = { length: lines.length, timestamp, open, high, low, close, volume };
  cache.set(name, data);
  return data;
}

/** A reference result that omits the warm-up (as `technicalindicators` does), padded back to `length` with NaN. */
export function alignTail(values: ArrayLike<number | undefined>, length: number): Float64Array {
  const output = new Float64Array(length).fill(Number.NaN);
  const offset = length - values.length;
  for (let index = 0; index < values.length; index++) output[offset + index] = values[index] ?? Number.NaN;
  return output;
}

/**
 * Differences between `actual` and `expected`: before `from` every actual value must be NaN, and from
 * `from` on `|actual − expected| ≤ relative · max(|actual|, |expected|, scale)`. Returns at most five
 * descriptions of mismatches (an empty array means agreement) and the number of values compared.
 */
export function compareSeries(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  from: number,
  options: { relative?: number; scale?: number } = {},
): { mismatches: string[]; compared: number } {
  const relative = options.relative ?? 1e-9;
  const scale = options.scale ?? 0;
  const mismatches: string[] = [];
  let compared = 0;
  if (actual.length !== expected.length) {
    return { mismatches: [`length ${actual.length} ≠ ${expected.length}`], compared };
  }
  for (let index = 0; index < actual.length && mismatches.length < 5; index++) {
    const value = actual[index] as number;
    const reference = expected[index] as number;
    if (index < from) {
      if (!Number.isNaN(value)) mismatches.push(`index ${index}: warm-up value ${value} is not NaN`);
      continue;
    }
    compared++;
    const tolerance = relative * Math.max(Math.abs(value), Math.abs(reference), scale);
    if (!(Math.abs(value - reference) <= tolerance)) {
      mismatches.push(`index ${index}: ${value} vs reference ${reference}`);
    }
  }
  return { mismatches, compared };
}

/** Runs `update` over every index and collects its results (the incremental form, driven by hand). */
export function collect(length: number, update: (index: number) => number): Float64Array {
  const output = new Float64Array(length);
  for (let index = 0; index < length; index++) output[index] = update(index);
  return output;
}

/** The first index at which `left` and `right` differ under `Object.is` (NaN equals NaN), or −1. */
export function firstDifference(left: ArrayLike<number>, right: ArrayLike<number>): number {
  if (left.length !== right.length) return Math.min(left.length, right.length);
  for (let index = 0; index < left.length; index++) {
    if (!Object.is(left[index], right[index])) return index;
  }
  return -1;
}
