import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import { candleColumnsFrom, createInstrument } from "../../src/domain/index.ts";
import type { Strategy } from "../../src/engine/index.ts";

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const BTC = createInstrument({ id: "BTC-PERP.SIM" });
const ETH = createInstrument({ id: "ETH-PERP.SIM" });

const series = (prices: Array<number | undefined>) =>
  candleColumnsFrom(
    prices.flatMap((price, index) =>
      price === undefined
        ? []
        : [
            {
              timestamp: START + index * HOUR,
              open: price,
              high: price + 1,
              low: price - 1,
              close: price,
              volume: 1,
            },
          ],
    ),
  );

describe("several instruments on one timeline", () => {
  it("merges timestamps, trades each instrument at its own next open and marks equity across both", () => {
    const btc = series([100, 101, 102, 103, 104, 105]);
    // ETH misses the bar at 2 h: it sits still there.
    const eth = series([50, 51, undefined, 53, 54, 55]);
    const seen: string[] = [];
    const strategy: Strategy = {
      onBar(ctx) {
        seen.push(`${ctx.index}:${ctx.candles("ETH-PERP.SIM").length}`);
        if (ctx.index === 0) {
          ctx.buy({ instrument: "BTC-PERP.SIM", quantity: 1 });
          ctx.sell({ instrument: 1, quantity: 2 });
        }
        if (ctx.index === 3) ctx.closePosition({ instrument: "ETH-PERP.SIM" });
      },
    };
    const result = runBacktest({
      instruments: [BTC, ETH],
      series: [btc, eth],
      strategy,
      cash: 10_000,
      fees: { kind: "flat", rate: 0 },
      sizing: { mode: "units", quantity: 1 },
    });
    expect(result.steps).toBe(6);
    expect(result.bars).toBe(11);
    expect(seen).toEqual(["0:1", "1:2", "2:2", "3:3", "4:4", "5:5"]);
    // BTC long 1 from 101; ETH short 2 from 51, closed at 54 (bar 4 open).
    expect(Array.from(result.equity)).toEqual([10_000, 10_000, 10_001, 10_002 - 4, 10_003 - 6, 10_004 - 6]);
    expect(
      result.trades.map((trade) => [trade.instrumentId, trade.side, trade.entryPrice, trade.exitPrice]),
    ).toEqual([["ETH-PERP.SIM", "SHORT", 51, 54]]);
    expect(result.openPositions).toEqual({ "BTC-PERP.SIM": 1 });
  });
});

describe("cancel and modify through the strategy API", () => {
  const flat = series([100, 100, 100, 100, 100]);
  const run = (strategy: Strategy) =>
    runBacktest({
      instruments: [BTC],
      series: [flat],
      strategy,
      cash: 10_000,
      fees: { kind: "flat", rate: 0 },
      sizing: { mode: "units", quantity: 1 },
    });

  it("cancels an order still queued (it never reaches the venue) and a working one", () => {
    let working = "";
    const result = run({
      onBar(ctx) {
        if (ctx.index === 0) {
          const queued = ctx.buy({ price: 90 });
          expect(ctx.cancel(queued)).toBe(true);
          working = ctx.buy({ price: 80 });
        }
        if (ctx.index === 2) expect(ctx.cancel(working)).toBe(true);
      },
    });
    expect(result.orders.map((order) => [order.id, order.status])).toEqual([["o2", "CANCELED"]]);
  });

  it("modifies a working limit so it fills", () => {
    let id = "";
    const result = run({
      onBar(ctx) {
        if (ctx.index === 0) id = ctx.buy({ price: 90 });
        if (ctx.index === 1) expect(ctx.modify(id, { price: 99.5 })).toBe(true);
      },
    });
    expect(result.orders[0]).toMatchObject({ status: "FILLED", averageFillPrice: 99.5 });
    expect(result.openPositions).toEqual({ "BTC-PERP.SIM": 1 });
  });
});
