import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import { TradeLog, TradeSlot } from "../../src/engine/trade-log.ts";
import type { TradeRecord } from "../../src/engine/trade-record.ts";
import { candles, INSTRUMENT } from "./candle-table.ts";

describe("TradeLog", () => {
  function append(log: TradeLog, index: number, signal: unknown): void {
    const row = log.append(index % 2 === 0 ? "stop_loss" : "signal", signal);
    const values = log.values;
    values[row + TradeSlot.instrument] = index % 2;
    values[row + TradeSlot.direction] = index % 3 === 0 ? -1 : 1;
    values[row + TradeSlot.quantity] = 1 + index / 10;
    values[row + TradeSlot.entryTime] = 1_700_000_000_000 + index * 3_600_000;
    values[row + TradeSlot.exitTime] = 1_700_000_000_000 + index * 3_600_000 + 1_800_000;
    values[row + TradeSlot.entryPrice] = 100 + index;
    values[row + TradeSlot.exitPrice] = 101 + index;
    values[row + TradeSlot.entryBar] = index * 2;
    values[row + TradeSlot.exitBar] = index * 2 + 1;
    values[row + TradeSlot.fees] = 0.25;
    values[row + TradeSlot.funding] = -0.01 * index;
    values[row + TradeSlot.highest] = 103 + index;
    values[row + TradeSlot.lowest] = 98 + index;
    values[row + TradeSlot.stopLossPrice] = index % 2 === 0 ? 95 : Number.NaN;
  }

  it("builds each trade from its columns, across chunks, with the entry signal only when there is one", () => {
    // PnL, return and R multiple are derived from the stored numbers: for trade 700 (long 71 from 800
    // to 801, fees 0.25, funding −7, stop 95) PnL = 71 − 0.25 − 7, risk = 705 · 71.
    const log = new TradeLog(["BTC-PERP.HL", "ETH-PERP.HL"]);
    for (let index = 0; index < 1_100; index++) append(log, index, index === 700 ? { score: 4 } : undefined);
    const records = log.records();
    expect(records).toHaveLength(1_100);
    const trade = records[700] as TradeRecord;
    expect(trade).toStrictEqual({
      instrumentId: "BTC-PERP.HL",
      side: "LONG",
      quantity: 71,
      entryTime: 1_700_000_000_000 + 700 * 3_600_000,
      exitTime: 1_700_000_000_000 + 700 * 3_600_000 + 1_800_000,
      entryPrice: 800,
      exitPrice: 801,
      entryBar: 1_400,
      exitBar: 1_401,
      pnl: 63.75,
      returnPct: expect.closeTo((801 / 800 - 1 - 7.25 / (71 * 800)) * 100, 12),
      fees: 0.25,
      funding: -7,
      durationMs: 1_800_000,
      exitReason: "stop_loss",
      // Long from 800: lowest 798, highest 803.
      maePct: expect.closeTo(-0.25, 12),
      mfePct: expect.closeTo(0.375, 12),
      stopLossPrice: 95,
      rMultiple: expect.closeTo(63.75 / (705 * 71), 12),
      entrySignal: { score: 4 },
    });
    expect(records[1_099]).toMatchObject({ instrumentId: "ETH-PERP.HL", side: "LONG", exitReason: "signal" });
    expect(records[1_099]).not.toHaveProperty("entrySignal");
    expect(records[1_099]?.stopLossPrice).toBeNaN();
    expect(records[1_099]?.rMultiple).toBeNaN();
    // A short of 1 from 100 to 101 with fees 0.25 and a stop at 95 (risk 5).
    expect(records[0]).toMatchObject({ side: "SHORT", pnl: -1.25, exitReason: "stop_loss" });
    expect(records[0]?.returnPct).toBeCloseTo(-1.25, 12);
    expect(records[0]?.rMultiple).toBeCloseTo(-0.25, 12);
    // A short from 100 (trade 0): adverse is up (103), favourable down (98).
    expect(records[0]?.maePct).toBeCloseTo(-3, 12);
    expect(records[0]?.mfePct).toBeCloseTo(2, 12);
  });

  it("widens a trade's price range by the highs and lows of exactly the bars in its scan range", () => {
    const series = candles([
      [100, 100, 1, 100],
      [100, 105, 98, 101],
      [101, 104, 97, 102],
      [102, 200, 50, 101],
    ]);
    const log = new TradeLog(["BTC-PERP.HL"], [series]);
    for (const [direction, scanFrom, scanTo] of [
      [1, 1, 3],
      [-1, 1, 3],
      [1, 2, 2],
    ] as const) {
      const row = log.append("signal", undefined);
      const values = log.values;
      values[row + TradeSlot.direction] = direction;
      values[row + TradeSlot.entryPrice] = 100;
      values[row + TradeSlot.exitPrice] = 101;
      values[row + TradeSlot.highest] = 101;
      values[row + TradeSlot.lowest] = 100;
      values[row + TradeSlot.scanFrom] = scanFrom;
      values[row + TradeSlot.scanTo] = scanTo;
    }
    const excursions = log.records().map((trade) => [trade.maePct, trade.mfePct]);
    expect(excursions).toStrictEqual([
      [expect.closeTo(-3, 12), expect.closeTo(5, 12)],
      [expect.closeTo(-5, 12), expect.closeTo(3, 12)],
      [0, expect.closeTo(1, 12)],
    ]);
  });

  it("returns one array that grows with the log, building only the new trades", () => {
    const log = new TradeLog(["BTC-PERP.HL"]);
    append(log, 0, undefined);
    const first = log.records();
    const firstTrade = first[0];
    append(log, 1, undefined);
    const second = log.records();
    expect(second).toBe(first);
    expect(second).toHaveLength(2);
    expect(second[0]).toBe(firstTrade);
  });
});

describe("a backtest's order log and trade list", () => {
  it("lists every order with its final state and every trade, oldest first", () => {
    const result = runBacktest({
      instruments: [INSTRUMENT],
      series: [
        candles([
          [100, 101, 99, 100],
          [100, 102, 99, 101],
          [101, 104, 100, 103],
          [103, 103.5, 96, 97],
          [97, 99, 96, 98],
          [98, 99, 97, 98.5],
        ]),
      ],
      strategy: {
        onBar(ctx) {
          if (ctx.index === 0)
            ctx.bracket({ side: "BUY", stopLoss: 96.5, takeProfits: [{ price: 103, fraction: 1 }] });
          if (ctx.index === 3) ctx.sell({ quantity: 1 });
          if (ctx.index === 4) ctx.closePosition();
        },
      },
      cash: 10_000,
      fees: { kind: "flat", rate: 0 },
      sizing: { mode: "units", quantity: 1 },
    });
    expect(result.orders.map((order) => [order.id, order.type, order.status])).toStrictEqual([
      ["o1", "MARKET", "FILLED"],
      ["o1-sl", "STOP_MARKET", "CANCELED"],
      ["o1-tp1", "TAKE_PROFIT_MARKET", "FILLED"],
      ["o2", "MARKET", "FILLED"],
      ["o3", "MARKET", "FILLED"],
    ]);
    expect(result.orders[1]).toMatchObject({
      parentId: "o1",
      reduceOnly: true,
      reason: "oco",
      triggerPrice: 96.5,
    });
    expect(
      result.trades.map((trade) => [trade.side, trade.entryPrice, trade.exitPrice, trade.exitReason]),
    ).toStrictEqual([
      ["LONG", 100, 103, "tp1"],
      ["SHORT", 97, 98, "signal"],
    ]);
  });
});
