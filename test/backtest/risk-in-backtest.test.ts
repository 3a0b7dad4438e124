import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runBacktestJob } from "../../src/app/run-backtest.ts";

const DATA = fileURLToPath(
  new URL("../../../shared/data/SOLUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv", import.meta.url),
);
const OVERTRADER = fileURLToPath(new URL("./fixtures/overtrader-strategy.ts", import.meta.url));

describe("risk manager in the backtest order path", () => {
  it("denies what breaks the rules and halts an overtrading strategy, on real data", async () => {
    const result = await runBacktestJob({
      dataFiles: [DATA],
      strategy: OVERTRADER,
      from: "2021-05-01",
      to: "2021-06-30",
      cash: 10_000,
      leverage: 3,
      risk: true,
    });
    const risk = result.output.risk;
    expect(risk.enabled).toBe(true);
    // Entries without a stop and at 5 % risk are always denied.
    expect(risk.denials.MISSING_STOP).toBeGreaterThan(0);
    expect(risk.denials.RISK_PER_TRADE).toBeGreaterThan(0);
    // Three losing trades in a row pause trading; the pause shows as denials and state changes.
    const codes = risk.stateChanges.map((change) => change.code);
    expect(codes).toContain("LOSS_STREAK");
    expect(risk.stateChanges.some((change) => change.to === "HALTED")).toBe(true);
    const haltedDenials =
      (risk.denials.LOSS_STREAK ?? 0) +
      (risk.denials.CIRCUIT_BREAKER ?? 0) +
      (risk.denials.TRADING_HALTED ?? 0);
    expect(haltedDenials).toBeGreaterThan(0);
    // The counts agree with the per-order log and with what the strategy heard in onRiskDenied.
    const total = Object.values(risk.denials).reduce((sum, count) => sum + count, 0);
    expect(risk.deniedOrders).toHaveLength(total);
    expect((globalThis as { overtraderDenials?: Record<string, number> }).overtraderDenials).toEqual(
      risk.denials,
    );
    for (const denial of risk.deniedOrders) expect(denial.message.length).toBeGreaterThan(10);
    const message = risk.deniedOrders.find((denial) => denial.code === "RISK_PER_TRADE")?.message ?? "";
    expect(message).toMatch(/risk \d+(\.\d+)? % exceeds cap \d+(\.\d+)? %/);
  });

  it("is deterministic and leaves results untouched when off", async () => {
    const request = {
      dataFiles: [DATA],
      strategy: OVERTRADER,
      from: "2021-05-01",
      to: "2021-05-10",
      cash: 10_000,
      leverage: 3,
    };
    const on1 = await runBacktestJob({ ...request, risk: true });
    const on2 = await runBacktestJob({ ...request, risk: true });
    expect(on2.output.risk).toEqual(on1.output.risk);
    expect(on2.output.stats).toEqual(on1.output.stats);
    const off = await runBacktestJob(request);
    expect(off.output.risk).toEqual({
      enabled: false,
      denials: {},
      stateChanges: [],
      finalState: null,
      deniedOrders: [],
    });
    expect(off.output.trades).not.toEqual(on1.output.trades);
  });

  it("rejects a bad risk-limit override naming it", async () => {
    await expect(
      runBacktestJob({
        dataFiles: [DATA],
        strategy: OVERTRADER,
        to: "2020-11-01",
        risk: true,
        riskLimits: ["maxLeverage=0.5"],
      }),
    ).rejects.toThrow(/maxLeverage/);
    await expect(
      runBacktestJob({
        dataFiles: [DATA],
        strategy: OVERTRADER,
        to: "2020-11-01",
        risk: true,
        riskLimits: ["nonsense"],
      }),
    ).rejects.toThrow(/key=value/);
  });
});
