import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import type { PositionView, Strategy } from "../../src/engine/index.ts";
import { candles, INSTRUMENT } from "./candle-table.ts";

interface Seen {
  index: number;
  side: string;
  quantity: number;
  averageEntryPrice: number;
  realizedPnl: number;
  unrealizedPnl: number;
  sameObject: boolean;
}

/** Buys 2 units after bar 0, sells 1 after bar 2; records what ctx.position() shows after each bar. */
function recordingStrategy(seen: Seen[]): Strategy {
  let first: PositionView | undefined;
  return {
    onBar(ctx) {
      const view = ctx.position();
      first ??= view;
      seen.push({
        index: ctx.index,
        side: view.side,
        quantity: view.quantity,
        averageEntryPrice: view.averageEntryPrice,
        realizedPnl: view.realizedPnl,
        unrealizedPnl: view.unrealizedPnl,
        sameObject: view === first,
      });
      if (ctx.index === 0) ctx.buy({ quantity: 2 });
      if (ctx.index === 2) ctx.sell({ quantity: 1 });
    },
  };
}

describe("ctx.position()", () => {
  it("shows the engine's books as of each bar: side, size, entry, realized and unrealized PnL at the close", () => {
    const seen: Seen[] = [];
    runBacktest({
      instruments: [INSTRUMENT],
      series: [
        candles([
          [100, 101, 99, 100],
          [102, 106, 101, 105],
          [105, 108, 104, 107],
          [110, 111, 108, 109],
        ]),
      ],
      cash: 10_000,
      fees: { kind: "flat", rate: 0 },
      sizing: { mode: "all-in" },
      strategy: recordingStrategy(seen),
    });
    expect(seen.map(({ sameObject, ...rest }) => rest)).toEqual([
      {
        index: 0,
        side: "FLAT",
        quantity: 0,
        averageEntryPrice: Number.NaN,
        realizedPnl: 0,
        unrealizedPnl: 0,
      },
      // Bought 2 at bar 1's open (102); marked at its close (105).
      { index: 1, side: "LONG", quantity: 2, averageEntryPrice: 102, realizedPnl: 0, unrealizedPnl: 6 },
      { index: 2, side: "LONG", quantity: 2, averageEntryPrice: 102, realizedPnl: 0, unrealizedPnl: 10 },
      // Sold 1 at bar 3's open (110): 8 realized; the other unit marked at 109.
      { index: 3, side: "LONG", quantity: 1, averageEntryPrice: 102, realizedPnl: 8, unrealizedPnl: 7 },
    ]);
    expect(seen.every((entry) => entry.sameObject)).toBe(true);
  });

  it("reads the books when read, so a view kept from an earlier bar is current", () => {
    let kept: PositionView | undefined;
    const quantities: number[] = [];
    runBacktest({
      instruments: [INSTRUMENT],
      series: [
        candles([
          [100, 101, 99, 100],
          [100, 101, 99, 100],
          [100, 101, 99, 100],
        ]),
      ],
      cash: 10_000,
      fees: { kind: "flat", rate: 0 },
      sizing: { mode: "all-in" },
      strategy: {
        onBar(ctx) {
          if (ctx.index === 0) {
            kept = ctx.position();
            ctx.buy({ quantity: 3 });
          }
          quantities.push(kept?.quantity ?? Number.NaN);
        },
      },
    });
    expect(quantities).toEqual([0, 3, 3]);
    expect(kept?.instrumentId).toBe(INSTRUMENT.id);
  });
});
