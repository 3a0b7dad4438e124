import { describe, expect, it } from "vitest";
import type { BacktestTrade } from "../../lib/api-types.ts";
import {
  candlePoints,
  drawdownPoints,
  equityPoints,
  lastIndexAtOrBefore,
  tradeMarkers,
  upTo,
} from "./backtest-chart-data.ts";

const HOUR = 3_600_000;
const colors = { profit: "green", loss: "red", long: "blue", short: "orange" };

function trade(overrides: Partial<BacktestTrade>): BacktestTrade {
  return {
    instrument: "BTC",
    side: "LONG",
    size: 1,
    entryTime: new Date(HOUR).toISOString(),
    exitTime: new Date(3 * HOUR).toISOString(),
    entryPrice: 100,
    exitPrice: 110,
    pnl: 10,
    returnPct: 10,
    fees: 0,
    exitReason: "signal",
    rMultiple: 1,
    ...overrides,
  };
}

describe("backtest chart data", () => {
  it("turns the candle columns into chart candles, dropping rows with a missing price", () => {
    const points = candlePoints({
      dataset: "shared:x.csv",
      interval: "1h",
      intervalMs: HOUR,
      sourceInterval: "1h",
      sourceBars: 2,
      downsampled: false,
      timestamps: [0, HOUR],
      open: [1, 2],
      high: [2, Number.NaN],
      low: [0.5, 1],
      close: [1.5, 2],
      volume: [10, 20],
    });
    expect(points).toEqual([{ time: 0, open: 1, high: 2, low: 0.5, close: 1.5 }]);
    expect(candlePoints(undefined)).toEqual([]);
  });

  it("reads the equity curve as columns or as rows", () => {
    expect(equityPoints({ timestamps: [0, HOUR], values: [100, 120] })).toEqual([
      { time: 0, value: 100 },
      { time: HOUR, value: 120 },
    ]);
    expect(equityPoints([{ time: "1970-01-01T01:00:00Z", equity: 5 }])).toEqual([{ time: HOUR, value: 5 }]);
    expect(equityPoints({ timestamps: [0], values: ["x"] })).toEqual([]);
  });

  it("computes drawdown in percent below the running peak", () => {
    const drawdown = drawdownPoints([
      { time: 0, value: 100 },
      { time: 1, value: 80 },
      { time: 2, value: 120 },
      { time: 3, value: 90 },
    ]);
    expect(drawdown.map((point) => point.value)).toEqual([0, -20, 0, -25]);
  });

  it("cuts ascending points at a time (inclusive)", () => {
    const points = [{ time: 1 }, { time: 2 }, { time: 4 }];
    expect(lastIndexAtOrBefore(points, 0)).toBe(-1);
    expect(lastIndexAtOrBefore(points, 3)).toBe(1);
    expect(upTo(points, 4)).toHaveLength(3);
    expect(upTo(points, 2)).toEqual([{ time: 1 }, { time: 2 }]);
  });

  it("marks entries and exits on the bar that holds them, long up below, short down above, P&L on the exit", () => {
    // 4 h bars: an entry at 01:00 belongs to the 00:00 bar.
    const candles = [0, 4 * HOUR, 8 * HOUR].map((time) => ({ time, open: 1, high: 1, low: 1, close: 1 }));
    const markers = tradeMarkers(
      [
        trade({}),
        trade({
          side: "SHORT",
          entryTime: new Date(5 * HOUR).toISOString(),
          exitTime: new Date(9 * HOUR).toISOString(),
          pnl: -4.5,
        }),
      ],
      candles,
      colors,
    );
    expect(markers).toEqual([
      { time: 0, position: "belowBar", shape: "arrowUp", color: "blue", text: "Long" },
      { time: 0, position: "aboveBar", shape: "circle", color: "green", text: "Exit +10" },
      { time: 4 * HOUR, position: "aboveBar", shape: "arrowDown", color: "orange", text: "Short" },
      { time: 8 * HOUR, position: "belowBar", shape: "circle", color: "red", text: "Exit −4.5" },
    ]);
    // Before the first bar or with no bars there is nothing to mark.
    expect(tradeMarkers([trade({ entryTime: "1960-01-01T00:00:00Z" })], candles, colors)).toHaveLength(1);
    expect(tradeMarkers([trade({})], [], colors)).toEqual([]);
  });
});
