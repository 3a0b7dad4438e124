import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import type { Order } from "../../src/domain/index.ts";
import type { PreTradeCheck, Strategy, StrategyContext } from "../../src/engine/index.ts";
import { candles, INSTRUMENT, MINUTE, START } from "./candle-table.ts";

const NO_FEES = { kind: "flat", rate: 0 } as const;

function run(
  strategy: Strategy,
  rows: Parameters<typeof candles>[0],
  extra: Partial<Parameters<typeof runBacktest>[0]> = {},
) {
  return runBacktest({
    instruments: [INSTRUMENT],
    series: [candles(rows)],
    strategy,
    cash: 10_000,
    fees: NO_FEES,
    sizing: { mode: "units", quantity: 1 },
    ...extra,
  });
}

describe("engine timing", () => {
  it("shows bar i only after it closed; an order placed then fills at bar i+1's open", () => {
    const seen: Array<[number, number]> = [];
    const result = run(
      {
        onBar(ctx) {
          seen.push([ctx.index, ctx.close]);
          if (ctx.index === 1) ctx.buy({ quantity: 2 });
          if (ctx.index === 3) ctx.closePosition();
        },
      },
      [
        [10, 11, 9, 10.5],
        [10.5, 12, 10, 11],
        [11.2, 13, 11, 12],
        [12, 14, 11.5, 13],
        [13.5, 14, 13, 13.8],
      ],
    );
    expect(seen).toEqual([
      [0, 10.5],
      [1, 11],
      [2, 12],
      [3, 13],
      [4, 13.8],
    ]);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({
      side: "LONG",
      quantity: 2,
      entryPrice: 11.2,
      exitPrice: 13.5,
      entryBar: 2,
      exitBar: 4,
      entryTime: START + 2 * MINUTE,
      exitTime: START + 4 * MINUTE,
      exitReason: "signal",
    });
    expect(result.trades[0]?.pnl).toBeCloseTo(4.6, 12);
    expect(Array.from(result.equity)).toEqual([
      10_000,
      10_000,
      expect.closeTo(10_001.6, 9),
      expect.closeTo(10_003.6, 9),
      expect.closeTo(10_004.6, 9),
    ]);
  });

  it("first calls the strategy at the first bar where its indicators are valid", () => {
    const calls: number[] = [];
    run({ warmupBars: 2, onBar: (ctx) => calls.push(ctx.index) }, [
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
    expect(calls).toEqual([2, 3]);
  });

  it("reading a candle beyond the last closed bar gives NaN", () => {
    const reads: number[] = [];
    run({ onBar: (ctx) => reads.push(ctx.candles().close(ctx.index + 1)) }, [
      [1, 1, 1, 1],
      [2, 2, 2, 2],
    ]);
    expect(reads.every(Number.isNaN)).toBe(true);
  });
});

describe("brackets through the strategy API", () => {
  it("TP1 closes half at 1R, TP2 the rest at 2R, each a trade with its exit reason and R multiple", () => {
    const result = run(
      {
        onBar(ctx: StrategyContext) {
          if (ctx.index === 0) {
            ctx.bracket({
              side: "BUY",
              quantity: 2,
              stopLoss: 95,
              takeProfits: [
                { price: 105, fraction: 0.5 },
                { price: 110, fraction: 0.5 },
              ],
            });
          }
        },
      },
      [
        [100, 100, 100, 100],
        [100, 101, 97, 100],
        [100, 106, 99, 105],
        [105, 111, 104, 109],
      ],
    );
    expect(
      result.trades.map((trade) => [trade.quantity, trade.exitPrice, trade.exitReason, trade.rMultiple]),
    ).toEqual([
      [1, 105, "tp1", 1],
      [1, 110, "tp2", 2],
    ]);
    expect(result.trades[0]).toMatchObject({
      maePct: expect.closeTo(-3, 9),
      mfePct: expect.closeTo(5, 9),
      stopLossPrice: 95,
    });
    const stop = result.orders.find((order) => order.tag === "stop_loss") as Order;
    expect(stop.status).toBe("CANCELED");
  });

  it("a gap through the stop exits at the open", () => {
    const result = run(
      {
        onBar(ctx) {
          if (ctx.index === 0)
            ctx.bracket({
              side: "BUY",
              quantity: 1,
              stopLoss: 95,
              takeProfits: [{ price: 120, fraction: 1 }],
            });
        },
      },
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [92, 93, 90, 91],
      ],
    );
    expect(result.trades.map((trade) => [trade.exitPrice, trade.exitReason])).toEqual([[92, "stop_loss"]]);
    expect(result.trades[0]?.rMultiple).toBeCloseTo(-8 / 5, 12);
  });
});

describe("orders and sizing", () => {
  it("exclusive orders close the position before the new entry at the same open", () => {
    const result = run(
      {
        onBar(ctx) {
          if (ctx.index === 0) ctx.buy();
          if (ctx.index === 1) ctx.sell();
        },
      },
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [102, 103, 101, 102],
      ],
      { sizing: { mode: "all-in" }, exclusiveOrders: true },
    );
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ side: "LONG", quantity: 100, exitPrice: 102 });
    expect(result.openPositions[INSTRUMENT.id]).toBe(-Math.floor(10_200 / 102));
  });

  it("all-in buys floor(cash / (open · (1 + commission))) whole units", () => {
    const result = run(
      { onBar: (ctx) => (ctx.index === 0 ? ctx.buy() : undefined) },
      [
        [100, 100, 100, 100],
        [33, 34, 32, 33],
      ],
      { sizing: { mode: "all-in" }, fees: { kind: "flat", rate: 0.01 } },
    );
    expect(result.openPositions[INSTRUMENT.id]).toBe(Math.floor(10_000 / (33 * 1.01)));
  });

  it("risk sizing puts the given share of equity at risk to the declared stop", () => {
    const result = run(
      {
        onBar: (ctx) =>
          ctx.index === 0 ? ctx.buy({ sizing: { mode: "risk", fraction: 0.01 }, stopLoss: 95 }) : undefined,
      },
      [
        [100, 100, 100, 100],
        [100, 100, 100, 100],
      ],
    );
    expect(result.openPositions[INSTRUMENT.id]).toBeCloseTo(100 / 5, 12);
  });

  it("an order the pre-trade check denies never reaches the venue and the strategy hears why", () => {
    const denials: string[] = [];
    const check: PreTradeCheck = {
      check: (order) =>
        order.reduceOnly
          ? { approved: true }
          : { approved: false, code: "MAX_POSITIONS", message: "3 of 3 positions open" },
    };
    const result = run(
      {
        onBar: (ctx) => (ctx.index === 0 ? ctx.buy({ quantity: 1 }) : undefined),
        onRiskDenied: (_ctx, order, code, message) => denials.push(`${order.id}:${code}:${message}`),
      },
      [
        [100, 100, 100, 100],
        [100, 100, 100, 100],
      ],
      { preTradeCheck: check },
    );
    expect(denials).toEqual(["o1:MAX_POSITIONS:3 of 3 positions open"]);
    expect(result.orders[0]).toMatchObject({ status: "DENIED", reason: "MAX_POSITIONS" });
    expect(result.openPositions).toEqual({});
  });

  it("venue rejections reach onOrderRejected", () => {
    const reasons: string[] = [];
    run(
      {
        onBar: (ctx) => (ctx.index === 0 ? ctx.buy({ quantity: 1000 }) : undefined),
        onOrderRejected: (_ctx, _order, reason) => reasons.push(reason),
      },
      [
        [100, 100, 100, 100],
        [100, 100, 100, 100],
      ],
    );
    expect(reasons).toEqual(["insufficient_margin"]);
  });

  it("an order whose size resolves to nothing is reported as size_zero, never sent or logged", () => {
    const reasons: string[] = [];
    const result = run(
      {
        onBar: (ctx) => (ctx.index === 0 ? ctx.buy() : undefined),
        onOrderRejected: (_ctx, order, reason) => reasons.push(`${order.status}:${reason}`),
      },
      [
        [100, 100, 100, 100],
        [20_000, 20_000, 20_000, 20_000],
      ],
      { sizing: { mode: "all-in" } },
    );
    expect(reasons).toEqual(["REJECTED:size_zero"]);
    expect(result.orders).toEqual([]);
    expect(result.unsentOrders).toEqual({ no_stop: 0, no_margin: 0, below_one_unit: 1, below_lot: 0 });
  });

  it("counts unsent orders by why their size came to 0", () => {
    const bars: Parameters<typeof candles>[0] = [
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ];
    // Risk sizing: without a stop, and with the stop at the price.
    const risk = run(
      {
        onBar: (ctx) => {
          if (ctx.index === 0) ctx.buy();
          if (ctx.index === 1) ctx.buy({ stopLoss: 100 });
        },
      },
      bars,
      { sizing: { mode: "risk", fraction: 0.01 } },
    );
    expect(risk.unsentOrders).toEqual({ no_stop: 2, no_margin: 0, below_one_unit: 0, below_lot: 0 });
    // All the margin in use by the first buy: the second has none.
    const spent = run({ onBar: (ctx) => (ctx.index < 2 ? ctx.buy() : undefined) }, bars, {
      sizing: { mode: "all-in" },
    });
    expect(spent.openPositions[INSTRUMENT.id]).toBe(100);
    expect(spent.unsentOrders).toEqual({ no_stop: 0, no_margin: 1, below_one_unit: 0, below_lot: 0 });
    // A fraction worth less than one lot of an instrument traded in whole units.
    const lots = run({ onBar: (ctx) => (ctx.index === 0 ? ctx.buy() : undefined) }, bars, {
      instruments: [{ ...INSTRUMENT, lotSize: 1 }],
      sizing: { mode: "fraction", fraction: 0.005 },
    });
    expect(lots.unsentOrders).toEqual({ no_stop: 0, no_margin: 0, below_one_unit: 0, below_lot: 1 });
  });

  it("finalize closes open trades at the last bar's open and counts them", () => {
    const result = run(
      { onBar: (ctx) => (ctx.index === 0 ? ctx.buy({ quantity: 1 }) : undefined) },
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [104, 106, 103, 105],
      ],
      { finalizeTrades: true },
    );
    expect(result.trades.map((trade) => [trade.exitPrice, trade.exitReason, trade.exitBar])).toEqual([
      [104, "end_of_data", 2],
    ]);
    expect(result.equity[2]).toBeCloseTo(10_004, 12);
  });
});
