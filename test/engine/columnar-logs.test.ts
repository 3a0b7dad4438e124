import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import { createOrder, type Order, transitionOrder } from "../../src/domain/index.ts";
import { OrderLog } from "../../src/engine/order-log.ts";
import { TradeLog, TradeSlot } from "../../src/engine/trade-log.ts";
import type { TradeRecord } from "../../src/engine/trade-record.ts";
import { candles, INSTRUMENT } from "./candle-table.ts";

/** An order of every shape the log must keep: types, prices, flags, links, tags and reasons. */
function sampleOrder(row: number): Order {
  const kind = row % 4;
  const order = createOrder(
    {
      id: `o${row + 1}`,
      instrumentId: row % 3 === 0 ? "BTC-PERP.HL" : "ETH-PERP.HL",
      side: row % 2 === 0 ? "BUY" : "SELL",
      type: kind === 0 ? "MARKET" : kind === 1 ? "LIMIT" : kind === 2 ? "STOP_MARKET" : "TAKE_PROFIT_LIMIT",
      quantity: 0.5 + row / 7,
      ...(kind === 1 || kind === 3 ? { price: 100 + row / 3 } : {}),
      ...(kind >= 2 ? { triggerPrice: 99 - row / 1_000 } : {}),
      ...(kind === 1 && row % 5 === 0 ? { timeInForce: "ALO" as const } : {}),
      reduceOnly: kind >= 2,
      ...(kind >= 2 ? { parentId: `o${row}`, ocoGroup: `bracket-${row}`, fractionOfParent: 0.5 } : {}),
      ...(row % 6 === 0 ? { tag: "tp1" } : {}),
    },
    1_700_000_000_000 + row * 60_000,
  );
  return order;
}

/** Moves an order to a finished state the way a venue would, with a fill or a reason. */
function finish(order: Order, row: number): void {
  const outcome = row % 3;
  transitionOrder(order, outcome === 2 ? "REJECTED" : "ACCEPTED");
  if (outcome === 0) {
    order.triggered = true;
    order.filledQuantity = order.quantity;
    order.averageFillPrice = 101.25 + row / 13;
    transitionOrder(order, "FILLED");
  } else if (outcome === 1) {
    transitionOrder(order, "CANCELED");
    order.reason = "oco";
  } else {
    order.reason = "insufficient_margin";
  }
  order.updatedAt = order.createdAt + 1_000;
}

describe("OrderLog", () => {
  it("keeps every field of finished orders across chunks, working ones as their objects, in creation order", () => {
    const log = new OrderLog();
    const all: Order[] = [];
    const working: Order[] = [];
    const workingRows: number[] = [];
    const snapshots = new Map<number, Order>();
    for (let row = 0; row < 1_300; row++) {
      const order = sampleOrder(row);
      expect(log.add()).toBe(row);
      all.push(order);
      working.push(order);
      workingRows.push(row);
    }
    // Finish in an order other than creation (every row but each seventh), as venues do.
    for (let row = 1_299; row >= 0; row--) {
      if (row % 7 === 0) continue;
      const order = all[row] as Order;
      finish(order, row);
      log.archive(row, order);
      snapshots.set(row, { ...order });
      const at = workingRows.indexOf(row);
      working.splice(at, 1);
      workingRows.splice(at, 1);
      // The log keeps a copy: later changes to the object do not reach it.
      order.reason = "changed after archive";
    }
    const orders = log.orders(working, workingRows);
    expect(orders).toHaveLength(1_300);
    for (let row = 0; row < 1_300; row++) {
      if (row % 7 === 0) expect(orders[row]).toBe(all[row]);
      else expect(orders[row]).toStrictEqual(snapshots.get(row));
    }
    // Rebuilt once: a second read hands out the same objects.
    expect(log.orders(working, workingRows)[1]).toBe(orders[1]);
  });

  it("matches a plain list of order copies for any sequence of new and finished orders (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 1_200 }), (steps) => {
        const log = new OrderLog();
        const objects: Order[] = [];
        const expected: Order[] = [];
        const working: Order[] = [];
        const rows: number[] = [];
        for (const step of steps) {
          if (step < 3 || working.length === 0) {
            const row = log.add();
            const order = sampleOrder(row);
            objects.push(order);
            expected.push(order);
            working.push(order);
            rows.push(row);
          } else {
            // Finish one working order, picked by the step.
            const at = step % working.length;
            const row = rows[at] as number;
            const order = working[at] as Order;
            finish(order, row);
            log.archive(row, order);
            expected[row] = { ...order };
            working.splice(at, 1);
            rows.splice(at, 1);
          }
        }
        expect(log.orders(working, rows)).toStrictEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

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
    values[row + TradeSlot.pnl] = index - 3.5;
    values[row + TradeSlot.returnPct] = index / 100;
    values[row + TradeSlot.fees] = 0.25;
    values[row + TradeSlot.funding] = -0.01 * index;
    values[row + TradeSlot.maePct] = -1;
    values[row + TradeSlot.mfePct] = 2;
    values[row + TradeSlot.stopLossPrice] = index % 2 === 0 ? 95 : Number.NaN;
    values[row + TradeSlot.rMultiple] = index % 2 === 0 ? 0.5 : Number.NaN;
  }

  it("builds each trade from its columns, across chunks, with the entry signal only when there is one", () => {
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
      pnl: 696.5,
      returnPct: 7,
      fees: 0.25,
      funding: -7,
      durationMs: 1_800_000,
      exitReason: "stop_loss",
      maePct: -1,
      mfePct: 2,
      stopLossPrice: 95,
      rMultiple: 0.5,
      entrySignal: { score: 4 },
    });
    expect(records[1_099]).toMatchObject({ instrumentId: "ETH-PERP.HL", side: "LONG", exitReason: "signal" });
    expect(records[1_099]).not.toHaveProperty("entrySignal");
    expect(records[1_099]?.stopLossPrice).toBeNaN();
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
