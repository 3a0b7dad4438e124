import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobRuntime, startJobRuntime } from "../../src/app/backtests/job-runtime.ts";
import { relayBacktestEvents } from "../../src/app/events/backtest-events.ts";
import { createLocalEventHub, type EventHub, type HubEvent } from "../../src/app/events/event-hub.ts";
import { notifyStream } from "../../src/jobs/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { asDatabaseRuntime, createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const SHARED = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

describe("running backtests stream trades and equity to WebSocket events", () => {
  let database: TestDatabase;
  let jobs: JobRuntime;
  let hub: EventHub;
  let stopRelay: () => Promise<void>;
  let uploads: string;
  const events: HubEvent[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
    uploads = mkdtempSync(join(tmpdir(), "hlbot-stream-"));
    const logger = pino({ level: "silent" });
    jobs = await startJobRuntime(asDatabaseRuntime(database), logger, {
      workerConcurrency: 1,
      folders: { shared: SHARED, uploads },
    });
    hub = createLocalEventHub();
    hub.subscribe((event) => events.push(event));
    stopRelay = await relayBacktestEvents(database.connection.pool, jobs.backtests, hub, logger);
  });

  afterAll(async () => {
    await stopRelay?.();
    await hub?.close();
    await jobs?.stop();
    await database?.drop();
    rmSync(uploads, { recursive: true, force: true });
  });

  it("sends trade and equity events of the run, all before `complete`, matching the results", async () => {
    const created = await jobs.backtests.create(
      {
        strategy: "sma-cross",
        params: { fast: 10, slow: 30 },
        dataset: "shared:FILUSDT-PERP-binance-1m-2023-08_2023-11.csv",
        cash: 100_000,
        sizing: "all-in",
      },
      null,
    );
    const mine = () => events.filter((event) => (event.data as { id?: string }).id === created.id);
    await eventually(() => mine().some((event) => event.event === "complete"), {
      timeoutMs: 120_000,
      message: "no complete event",
    });
    const stream = mine();
    const complete = stream.findIndex((event) => event.event === "complete");
    const trades = stream.filter((event) => event.event === "trade");
    const equity = stream.filter((event) => event.event === "equity");
    expect(trades.length).toBeGreaterThan(0);
    expect(equity.length).toBeGreaterThan(0);
    for (const event of [...trades, ...equity]) expect(stream.indexOf(event)).toBeLessThan(complete);

    const detail = await jobs.backtests.get(created.id);
    expect(detail.status).toBe("completed");
    const results = (await database.connection.database
      .selectFrom("backtests")
      .select("results")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow()) as {
      results: { trades: unknown[]; equity: { timestamps: number[]; values: number[] } };
    };
    // Every streamed trade is one of the run's trades, in the run's order.
    const all = results.results.trades;
    const positions = trades.map((event) =>
      all.findIndex((trade) => isDeepStrictEqual(trade, (event.data as { trade: unknown }).trade)),
    );
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The last trade closed is streamed, and the last equity event is the run's final equity.
    expect(positions.at(-1)).toBe(all.length - 1);
    const last = equity.at(-1)?.data as { time: number; equity: number };
    expect(last.time).toBe(results.results.equity.timestamps.at(-1));
    expect(last.equity).toBeCloseTo(results.results.equity.values.at(-1) as number, 6);
    const times = equity.map((event) => (event.data as { time: number }).time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("splits a large update over several notifications, under PostgreSQL's payload limit", async () => {
    const trade = (index: number) => ({ index, note: "x".repeat(200) });
    const id = "00000000-0000-4000-8000-000000000001";
    const before = events.length;
    await notifyStream(database.connection.database, id, {
      trades: [
        ...Array.from({ length: 100 }, (_, index) => trade(index)),
        { index: 100, note: "y".repeat(9_000) },
      ],
      equity: { time: 1, value: 2 },
      omitted: 3,
    });
    await eventually(() => events.slice(before).some((event) => event.event === "equity"), {
      message: "no equity event",
    });
    const received = events.slice(before);
    const delivered = received
      .filter((event) => event.event === "trade")
      .map((event) => (event.data as { trade: { index: number } }).trade.index);
    // All 100 trades in order; the one too large for any notification counts as omitted.
    expect(delivered).toEqual(Array.from({ length: 100 }, (_, index) => index));
    const equity = received.filter((event) => event.event === "equity");
    expect(equity.map((event) => event.data)).toEqual([{ id, time: 1, equity: 2, omittedTrades: 4 }]);
    expect(received.at(-1)?.event).toBe("equity");
  });
});
