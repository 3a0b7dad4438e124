import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountRiskFeed } from "../../src/app/risk/account-risk-feed.ts";
import { RiskService } from "../../src/app/risk/risk-service.ts";
import { TestClock } from "../../src/core/clock.ts";
import { ValidationError } from "../../src/core/errors.ts";
import { resolveRiskLimits } from "../../src/risk/index.ts";
import { recentAudit } from "../../src/storage/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const silent = pino({ level: "silent" });
const flat = { unrealizedPnl: 0, openPositions: 0 };

describe("RiskService fed with account updates", () => {
  let testDatabase: TestDatabase;
  let clock: TestClock;
  const service = (scope: string, persistIntervalMs = 60_000) =>
    new RiskService(testDatabase.connection.database, resolveRiskLimits(), clock, silent, scope, {
      persistIntervalMs,
    });
  const storedState = (scope: string) =>
    testDatabase.connection.database
      .selectFrom("risk_state")
      .selectAll()
      .where("scope", "=", scope)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrate: true });
    clock = new TestClock(Date.UTC(2026, 2, 2, 9));
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("throttles writes of price updates, writes fills at once, and a price update costs microseconds", async () => {
    const risk = service("throttle", 60_000);
    await risk.load(10_000);
    const before = risk.completedWrites;
    const updates = 100_000;
    const started = performance.now();
    for (let index = 0; index < updates; index++) {
      risk.record({ kind: "mark", equity: 10_000 + (index % 50), ...flat, atMs: clock.now() });
    }
    const microsecondsEach = ((performance.now() - started) * 1_000) / updates;
    expect(microsecondsEach).toBeLessThan(50);
    expect(risk.completedWrites).toBe(before);
    risk.record({ kind: "fill", equity: 9_999, ...flat, fee: 1, atMs: clock.now() });
    await eventually(() => risk.completedWrites === before + 1, {
      message: "the fill was not written at once",
    });
    const stored = await storedState("throttle");
    expect(Number(stored.day_start_equity)).toBe(10_000);
    expect((stored.state as { equity: number }).equity).toBe(9_999);
    await risk.close();
    console.info(`risk update: ${microsecondsEach.toFixed(2)} µs each, ${updates} price updates → 0 writes`);
  });

  it("never overwrites a breaker another process tripped: the stored state is adopted and re-evaluated", async () => {
    const running = service("conflict", 60_000);
    await running.load(10_000);
    running.record({ kind: "mark", equity: 10_100, ...flat, atMs: clock.now() });
    const cli = service("conflict");
    await cli.load(10_000);
    await cli.trip("operator stop", { actor: "cli:ops" });
    running.record({
      kind: "trade-closed",
      equity: 10_050,
      ...flat,
      trade: { grossPnl: -40, netPnl: -50 },
      atMs: clock.now(),
    });
    await running.saveDailyMetrics();
    expect(running.state.breaker).toMatchObject({ code: "MANUAL_TRIP", reason: "operator stop" });
    expect(running.state.consecutiveLosses).toBe(1);
    const stored = await storedState("conflict");
    expect(stored).toMatchObject({
      circuit_breaker_tripped: true,
      circuit_breaker_tripped_by: "cli:ops",
      trading_state: "HALTED",
      loss_streak: 1,
    });
    const trips = await recentAudit(testDatabase.connection.database, { action: "circuit_breaker_tripped" });
    expect(trips.filter((entry) => entry.target === "conflict")).toHaveLength(1);
    await running.close();
  });

  it("rejects an update with a figure that is not finite, naming it, and changes nothing", async () => {
    const risk = service("invalid");
    await risk.load(10_000);
    const before = risk.state;
    expect(() => risk.record({ kind: "fill", equity: 9_000, ...flat, fee: Number.NaN, atMs: 1 })).toThrow(
      ValidationError,
    );
    expect(() => risk.record({ kind: "mark", equity: Number.POSITIVE_INFINITY, ...flat, atMs: 1 })).toThrow(
      /equity must be a finite number/,
    );
    expect(risk.state).toBe(before);
    expect(risk.dailyMetrics.fees).toBe(0);
    await risk.close();
  });

  it("sums the account over nodes: equity is the venue value at start moved by each node's PnL", async () => {
    const risk = service("sum");
    await risk.load(10_000);
    const feed = new AccountRiskFeed(risk, silent, { tickMs: 0 });
    const first = feed.reporter("bot-1");
    const second = feed.reporter("bot-2");
    first.started({ equity: 10_000, unrealizedPnl: 0, openPositions: 0 }, clock.now());
    first.marked({ equity: 10_100, unrealizedPnl: 100, openPositions: 1 }, clock.now());
    // The venue value the second node starts from already contains the first node's open profit.
    second.started({ equity: 10_100, unrealizedPnl: 0, openPositions: 0 }, clock.now());
    expect(feed.equity).toBe(10_100);
    second.filled({ equity: 10_095, unrealizedPnl: 0, openPositions: 1 }, 5, clock.now());
    expect(feed.equity).toBe(10_095);
    expect(risk.dailyMetrics).toMatchObject({ fees: 5, maxConcurrentPositions: 2, unrealizedPnl: 100 });
    second.tradeClosed(
      { equity: 10_040, unrealizedPnl: 0, openPositions: 0 },
      { pnl: -60, fees: 10, funding: 0 },
      clock.now(),
    );
    expect(risk.dailyMetrics).toMatchObject({ trades: 1, lost: 1, realizedPnl: -50 });
    expect(risk.state.consecutiveLosses).toBe(1);
    first.stopped({ equity: 10_120, unrealizedPnl: 120, openPositions: 1 }, clock.now());
    expect(feed.equity).toBe(10_060);
    expect(risk.state.equity).toBe(10_060);
    await feed.close();
  });
});
