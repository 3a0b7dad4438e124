import { describe, expect, it } from "vitest";
import { type FundingSeries, runBacktest } from "../../src/backtest/index.ts";
import { createInstrument, type Fill } from "../../src/domain/index.ts";
import { candles, MINUTE, START } from "../engine/candle-table.ts";

const INSTRUMENT = createInstrument({ id: "TEST-PERP.SIM", maxLeverage: 50, maintenanceMarginRate: 0.01 });

/**
 * A long of 100 at 100 with 10× leverage on 1,000 cash: liquidation at (10,000 − 1,000) / 99 ≈ 90.91,
 * so bar 2's open (92) lies in the quiet range of the bar before. Funding settled at that open takes
 * `100 · 92 · rate` from the balance and lifts the liquidation price.
 */
function run(fundingRate: number) {
  const fills: Fill[] = [];
  const funding: FundingSeries = {
    // Half a minute after bar 2's open: it settles there (a settlement up to a minute after a bar's
    // open settles at that open), on the position held after bar 1.
    timestamp: Float64Array.of(START + 2 * MINUTE + 30_000),
    rate: Float64Array.of(fundingRate),
  };
  const result = runBacktest({
    instruments: [INSTRUMENT],
    series: [
      candles([
        [100, 101, 99, 100],
        [100, 101, 99, 100],
        [92, 93, 91.5, 92.5],
      ]),
    ],
    funding: [funding],
    cash: 1_000,
    leverage: 10,
    fees: { kind: "flat", rate: 0 },
    sizing: { mode: "all-in" },
    strategy: {
      onBar(ctx) {
        if (ctx.index === 0) ctx.buy({ quantity: 100 });
        if (ctx.index === 1) ctx.buy({ quantity: 1, tag: "add" });
      },
      onFill(_ctx, fill) {
        fills.push(fill);
      },
    },
  });
  return { fills, result };
}

describe("funding settled at a bar's open", () => {
  it("liquidates at the open before the bar's orders when it lifts the liquidation price above the open", () => {
    // 100 · 92 · 1.25 % = 115 paid: liquidation at (10,000 − 885) / 99 ≈ 92.07 > 92.
    const { fills, result } = run(0.0125);
    const atOpen = fills.filter((fill) => fill.timestamp === START + 2 * MINUTE);
    expect(atOpen.map((fill) => [fill.tag, fill.side, fill.quantity, fill.price])).toEqual([
      ["liquidation", "SELL", 100, 92],
      ["add", "BUY", 1, 92],
    ]);
    expect(result.openPositions[INSTRUMENT.id]).toBe(1);
  });

  it("leaves the position alone when the funding paid keeps the liquidation price below the bar", () => {
    // 100 · 92 · 0.5 % = 46 paid: liquidation at (10,000 − 954) / 99 ≈ 91.37, under the low (91.5).
    const { fills, result } = run(0.005);
    expect(result.funding).toBeCloseTo(-46, 9);
    expect(fills.some((fill) => fill.tag === "liquidation")).toBe(false);
    // The added unit does not fit the margin left (equity 154, margin in use 920): the long stays 100.
    expect(result.openPositions[INSTRUMENT.id]).toBe(100);
  });
});
