import { EMA, SMA, WMA } from "technicalindicators";
import { describe, expect, it } from "vitest";
import {
  ExponentialMovingAverage,
  exponentialMovingAverage,
  SimpleMovingAverage,
  simpleMovingAverage,
  WeightedMovingAverage,
  weightedMovingAverage,
} from "../../src/indicators/index.ts";
import {
  alignTail,
  collect,
  compareSeries,
  DATA_NAMES,
  firstDifference,
  loadMarketData,
} from "./market-data.ts";

const PERIODS = [1, 2, 14, 50, 200];

const cases = [
  {
    name: "SMA",
    batch: simpleMovingAverage,
    create: (period: number) => new SimpleMovingAverage(period),
    reference: (values: number[], period: number) => SMA.calculate({ period, values }),
  },
  {
    name: "EMA",
    batch: exponentialMovingAverage,
    create: (period: number) => new ExponentialMovingAverage(period),
    reference: (values: number[], period: number) => EMA.calculate({ period, values }),
  },
  {
    name: "WMA",
    batch: weightedMovingAverage,
    create: (period: number) => new WeightedMovingAverage(period),
    reference: (values: number[], period: number) => WMA.calculate({ period, values }),
  },
];

describe.each(DATA_NAMES)("moving averages on %s closes", (dataName) => {
  const data = loadMarketData(dataName);
  const closes = Array.from(data.close);

  describe.each(cases)("$name", ({ batch, create, reference }) => {
    it.each(PERIODS)("period %i matches technicalindicators to 1e-9 relative, both forms", (period) => {
      const expected = alignTail(reference(closes, period), data.length);
      const batchResult = batch(data.close, period);
      const indicator = create(period);
      const incremental = collect(data.length, (index) => indicator.update(data.close[index] as number));

      const fromBatch = compareSeries(batchResult, expected, period - 1);
      expect(fromBatch.mismatches).toEqual([]);
      expect(fromBatch.compared).toBe(data.length - period + 1);
      expect(compareSeries(incremental, expected, period - 1).mismatches).toEqual([]);
      expect(firstDifference(incremental, batchResult)).toBe(-1);
      expect(indicator.value).toBe(batchResult[data.length - 1]);
      expect(indicator.isReady).toBe(true);
    });
  });
});
