import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import { type PreTradeCheck, RiskGate, type Strategy } from "../../src/engine/index.ts";
import { createRiskState, resolveRiskLimits } from "../../src/risk/index.ts";
import { candles, INSTRUMENT } from "./candle-table.ts";

const ROWS: Parameters<typeof candles>[0] = [
  [100, 101, 99, 100],
  [100, 101, 99, 100],
  [100, 101, 99, 100],
];

/** Buys once on the first bar with a stop 5 below, sized by risk (1 % of equity). */
const entry: Strategy = {
  onBar(ctx) {
    if (ctx.index === 0) ctx.buy({ stopLoss: 95 });
  },
};

function boughtQuantity(check?: PreTradeCheck): number {
  const run = runBacktest({
    instruments: [INSTRUMENT],
    series: [candles(ROWS)],
    strategy: entry,
    cash: 10_000,
    fees: { kind: "flat", rate: 0 },
    sizing: { mode: "risk", fraction: 0.01 },
    ...(check ? { preTradeCheck: check } : {}),
  });
  return run.orders[0]?.quantity ?? 0;
}

describe("REDUCED trading state halves the risk of new risk-sized entries", () => {
  it("sizes an entry with the check's risk scale", () => {
    const approve = { check: () => ({ approved: true }) as const };
    expect(boughtQuantity()).toBeCloseTo(20, 9); // 10,000 × 1 % / 5
    expect(boughtQuantity({ ...approve, riskScale: () => 1 })).toBeCloseTo(20, 9);
    expect(boughtQuantity({ ...approve, riskScale: () => 0.5 })).toBeCloseTo(10, 9);
  });

  it("the risk gate scales by reducedRiskMultiplier in REDUCED (its own or the account's), else 1", () => {
    const limits = resolveRiskLimits();
    const active = createRiskState(10_000, 0);
    const reduced = { ...active, tradingState: "REDUCED" as const };
    const gate = new RiskGate([INSTRUMENT], limits, 1, 10_000, 0);
    expect(gate.riskScale()).toBe(1);
    expect(gate.riskScale(active)).toBe(1);
    expect(gate.riskScale(reduced)).toBe(limits.reducedRiskMultiplier);
    expect(limits.reducedRiskMultiplier).toBe(0.5);
    const reducedGate = new RiskGate([INSTRUMENT], limits, 1, 10_000, 0, reduced);
    expect(reducedGate.riskScale()).toBe(0.5);
    expect(reducedGate.riskScale(active)).toBe(0.5);
  });
});
