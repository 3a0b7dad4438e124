import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RiskService } from "../../src/app/risk/risk-service.ts";
import { watchRiskState } from "../../src/app/risk/risk-state-watcher.ts";
import { TestClock } from "../../src/core/clock.ts";
import { ValidationError } from "../../src/core/errors.ts";
import { resolveRiskLimits } from "../../src/risk/index.ts";
import { recentAudit } from "../../src/storage/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const silent = pino({ level: "silent" });
const HOUR = 3_600_000;

describe("RiskService persistence", () => {
  let testDatabase: TestDatabase;
  let clock: TestClock;
  const service = (scope: string) =>
    new RiskService(testDatabase.connection.database, resolveRiskLimits(), clock, silent, scope);

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrate: true });
    clock = new TestClock(Date.UTC(2026, 2, 2, 9));
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("creates an ACTIVE state on first use and restores it after a restart", async () => {
    const first = service("restore");
    expect((await first.load(10_000)).tradingState).toBe("ACTIVE");
    await first.apply({ type: "equity", equity: 10_500 });
    const restarted = service("restore");
    const state = await restarted.load(99_999);
    expect(state.equity).toBe(10_500);
    expect(state.highWaterMark).toBe(10_500);
  });

  it("halts at the daily loss limit, audits the trip, and a restart never re-arms trading", async () => {
    const risk = service("daily-loss");
    await risk.load(10_000);
    await risk.apply({ type: "equity", equity: 9_760 });
    expect(risk.state.tradingState).toBe("REDUCED");
    const changes = await risk.apply({ type: "mark-price", equity: 9_700 });
    expect(changes.map((change) => change.code)).toContain("DAILY_LOSS_LIMIT");
    expect(risk.state.tradingState).toBe("HALTED");

    clock.advance(HOUR);
    const restarted = service("daily-loss");
    await restarted.load(10_000);
    expect(restarted.state.tradingState).toBe("HALTED");
    expect(restarted.status().circuitBreaker?.code).toBe("DAILY_LOSS_LIMIT");
    const audit = await recentAudit(testDatabase.connection.database, { action: "circuit_breaker_tripped" });
    expect(audit.some((entry) => entry.target === "daily-loss" && entry.actor === "risk-manager")).toBe(true);
  });

  it("resets an expired breaker on load after the cooldown, with an audit entry", async () => {
    const risk = service("expiry");
    await risk.load(10_000);
    await risk.trip("manual test trip", { actor: "alice", ip: "10.0.0.1" });
    expect(risk.state.tradingState).toBe("HALTED");
    clock.advance(25 * HOUR);
    const restarted = service("expiry");
    await restarted.load(10_000);
    expect(restarted.state.tradingState).toBe("ACTIVE");
    const resets = await recentAudit(testDatabase.connection.database, { action: "circuit_breaker_reset" });
    expect(resets.some((entry) => entry.target === "expiry")).toBe(true);
    const trips = await recentAudit(testDatabase.connection.database, { action: "circuit_breaker_tripped" });
    expect(trips.find((entry) => entry.target === "expiry")).toMatchObject({
      actor: "alice",
      reason: expect.stringContaining("manual test trip"),
      ip: "10.0.0.1",
    });
  });

  it("refuses a trip or reset without a reason and stores nothing", async () => {
    const risk = service("no-reason");
    await risk.load(10_000);
    const before = await testDatabase.connection.database
      .selectFrom("risk_state")
      .select(["revision", "trading_state"])
      .where("scope", "=", "no-reason")
      .executeTakeFirstOrThrow();
    await expect(risk.trip("   ", { actor: "bob" })).rejects.toBeInstanceOf(ValidationError);
    await expect(risk.reset("", { actor: "bob" })).rejects.toThrow(/reason/);
    const after = await testDatabase.connection.database
      .selectFrom("risk_state")
      .select(["revision", "trading_state"])
      .where("scope", "=", "no-reason")
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it("picks up a breaker tripped by another process", async () => {
    const running = service("shared");
    await running.load(10_000);
    const stop = await watchRiskState(testDatabase.connection.pool, running, silent);
    try {
      const otherProcess = service("shared");
      await otherProcess.load(10_000);
      await otherProcess.trip("tripped from the CLI", { actor: "cli:ops" });
      await eventually(() => running.state.tradingState === "HALTED", {
        message: "the running service did not reload",
      });
      expect(running.status().circuitBreaker?.reason).toBe("tripped from the CLI");
    } finally {
      await stop();
    }
  });

  it("stores daily metrics and answers the daily report in the documented shape", async () => {
    const risk = service("report");
    await risk.load(10_000);
    await risk.saveDailyMetrics();
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    const report = await risk.dailyReport(today);
    expect(report).toMatchObject({
      date: today,
      balance: { starting: 10_000 },
      pnl: expect.objectContaining({ realized: 0 }),
      trades: { total: 0, won: 0, lost: 0 },
      risk_metrics: expect.objectContaining({ max_concurrent_positions: 0 }),
      timestamps: expect.objectContaining({ first_trade: null }),
    });
    expect(await risk.dailyReport("2020-01-01")).toBeUndefined();
  });
});
