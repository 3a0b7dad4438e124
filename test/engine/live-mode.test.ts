import { describe, expect, it } from "vitest";
import { SimulatedExecutionClient } from "../../src/backtest/index.ts";
import { TestClock } from "../../src/core/clock.ts";
import type { Fill } from "../../src/domain/index.ts";
import { TradingEngine } from "../../src/engine/index.ts";
import { MatchingEngine } from "../../src/venues/matching/index.ts";
import { candles, INSTRUMENT } from "./candle-table.ts";

describe("the same engine and matching, driven tick by tick (paper/live shape)", () => {
  it("delivers orders at once and fills resting orders as ticks cross them", () => {
    const clock = new TestClock(1_000);
    const fees = { kind: "flat", rate: 0 } as const;
    const account = { mode: "perpetual", initialBalance: 10_000, leverage: 1 } as const;
    const client = new SimulatedExecutionClient(fees);
    const matching = new MatchingEngine({
      instruments: [INSTRUMENT],
      account,
      fees,
      slippageBps: 0,
      intrabarPath: "stop-first",
      clock,
      listener: client,
    });
    const fills: Fill[] = [];
    const engine = new TradingEngine({
      instruments: [INSTRUMENT],
      series: [candles([[100, 100, 100, 100]])],
      intervalsMs: [60_000],
      account,
      strategy: {
        onBar(ctx) {
          ctx.buy({ quantity: 2 });
          ctx.sell({ quantity: 2, price: 103, reduceOnly: true });
        },
        onFill: (_ctx, fill) => {
          fills.push(fill);
        },
      },
      execution: client,
      clock,
      sizing: { mode: "units", quantity: 1 },
      deliverImmediately: true,
    });
    client.connect(matching, engine);
    matching.updatePrice(0, 100);
    engine.beginStep(0);
    engine.closeBar(0, 0);
    engine.finishStep();
    expect(fills.map((fill) => [fill.side, fill.price])).toEqual([["BUY", 100]]);
    clock.set(2_000);
    matching.updatePrice(0, 102);
    expect(fills).toHaveLength(1);
    clock.set(3_000);
    matching.updatePrice(0, 104);
    expect(fills.map((fill) => [fill.side, fill.price, fill.timestamp])).toEqual([
      ["BUY", 100, 1_000],
      ["SELL", 103, 3_000],
    ]);
    expect(engine.ledger.positions[0]?.quantity).toBe(0);
    expect(engine.ledger.balance).toBeCloseTo(10_006, 12);
    expect(matching.clearinghouse.balance).toBeCloseTo(10_006, 12);
    expect(engine.recorder.trades).toHaveLength(1);
  });
});
