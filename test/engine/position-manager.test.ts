import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import {
  DEFAULT_POSITION_MANAGEMENT,
  PositionManagementSchema,
  PositionManager,
  type Strategy,
} from "../../src/engine/index.ts";
import { candles, INSTRUMENT } from "./candle-table.ts";

const NO_FEES = { kind: "flat", rate: 0 } as const;

/** Enters long at bar 0's close (fills at bar 1's open) with a stop at 95: R = 5 when the fill is 100. */
function managedLong(params = DEFAULT_POSITION_MANAGEMENT, quantity = 2): Strategy {
  const manager = new PositionManager(params);
  let entered = false;
  return {
    onBar(ctx) {
      manager.onBar(ctx);
      if (!entered) {
        manager.open(ctx, { side: "BUY", stopLoss: 95, entryPrice: 100, quantity, tag: "signal" });
        entered = true;
      }
    },
  };
}

function run(strategy: Strategy, rows: Parameters<typeof candles>[0]) {
  return runBacktest({
    instruments: [INSTRUMENT],
    series: [candles(rows)],
    strategy,
    cash: 100_000,
    fees: NO_FEES,
    sizing: { mode: "units", quantity: 1 },
  });
}

describe("position management", () => {
  it("TP1 at 1R closes half, the stop moves to breakeven, then a 0.3R pullback exits the rest (momentum)", () => {
    const result = run(managedLong(), [
      [100, 100, 100, 100], // signal bar
      [100, 101, 99.5, 100.5], // entry fills at 100
      [100.5, 103, 100.2, 102.8], // reaches +0.6R: stop to entry next
      [102.8, 105.5, 102.5, 105], // TP1 at 105 (1R) fills; best 105.5
      [105, 107, 104.8, 106.9], // best 107 (1.4R)
      [106.9, 107.2, 105.1, 105.4], // close 105.4: 0.36R below best 107.2 → momentum exit next open
      [105.3, 105.6, 105, 105.2], // momentum exit fills at 105.3
      [105.2, 105.5, 104.9, 105],
    ]);
    const reasons = result.trades.map((trade) => trade.exitReason);
    expect(reasons).toEqual(["tp1", "momentum"]);
    expect(result.trades[0]).toMatchObject({ quantity: 1, exitPrice: 105, entryPrice: 100 });
    expect(result.trades[1]).toMatchObject({ quantity: 1, exitPrice: 105.3 });
    expect(result.openPositions).toEqual({});
    // No protective order is left behind.
    expect(
      result.orders.filter((order) => order.status === "ACCEPTED" || order.status === "SUBMITTED"),
    ).toEqual([]);
  });

  it("exits at breakeven when price returns to the entry after +0.5R", () => {
    const result = run(managedLong(), [
      [100, 100, 100, 100],
      [100, 101, 99.5, 100.5],
      [100.5, 102.7, 100.3, 102.6], // +0.54R → stop moved to 100
      [102.6, 102.8, 99.8, 100.1], // trades through 100: breakeven stop fills at 100
      [100.1, 100.4, 99.6, 100],
    ]);
    expect(result.trades.map((trade) => trade.exitReason)).toEqual(["breakeven"]);
    expect(result.trades[0]?.exitPrice).toBe(100);
    expect(result.trades[0]?.pnl).toBeCloseTo(0, 9);
  });

  it("takes TP2 at 2R when there is no pullback", () => {
    const result = run(managedLong({ ...DEFAULT_POSITION_MANAGEMENT, momentumPullbackR: 0 }), [
      [100, 100, 100, 100],
      [100, 101, 99.5, 100.5],
      [100.5, 105.2, 100.4, 105.1], // TP1
      [105.1, 110.5, 105, 110.2], // TP2 at 110
      [110.2, 110.5, 109, 109.5],
    ]);
    expect(result.trades.map((trade) => [trade.exitReason, trade.exitPrice])).toEqual([
      ["tp1", 105],
      ["tp2", 110],
    ]);
  });

  it("fills a gap through the stop at the open, not at the stop", () => {
    const result = run(managedLong(), [
      [100, 100, 100, 100],
      [100, 100.4, 99, 99.5],
      [93, 93.5, 92, 93], // opens below the 95 stop
      [93, 94, 92.5, 93.5],
    ]);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ exitReason: "stop_loss", exitPrice: 93 });
    expect(result.trades[0]?.pnl).toBeCloseTo(-14, 9);
  });

  it("closes on the time stop", () => {
    const result = run(managedLong({ ...DEFAULT_POSITION_MANAGEMENT, timeStopBars: 2 }), [
      [100, 100, 100, 100],
      [100, 100.5, 99.5, 100.2],
      [100.2, 100.6, 99.8, 100.1],
      [100.1, 100.4, 99.9, 100.3],
      [100.3, 100.5, 100, 100.2],
    ]);
    expect(result.trades.map((trade) => trade.exitReason)).toEqual(["time_stop"]);
  });

  it("validates its parameters, naming the field", () => {
    expect(PositionManagementSchema.safeParse({ tp1R: 2, tp2R: 1 }).error?.issues[0]?.path).toEqual(["tp2R"]);
    expect(PositionManagementSchema.safeParse({ tp1Fraction: 1.5 }).success).toBe(false);
    expect(PositionManagementSchema.parse({})).toEqual(DEFAULT_POSITION_MANAGEMENT);
  });
});
