import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Api } from "../../src/api/app.ts";
import { failStaleBacktests } from "../../src/jobs/index.ts";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";
import { eventually } from "../helpers/eventually.ts";
import type { TestDatabase } from "../helpers/test-database.ts";

describe("backtests as jobs through the API", () => {
  let database: TestDatabase;
  let harness: ApiHarness;
  let api: Api;
  let uploads: string;
  const token: Record<string, string> = {};
  let ip = 0;

  const call = (
    method: "GET" | "POST" | "DELETE",
    url: string,
    role: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    ip += 1;
    return api.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token[role]}`, ...headers },
      remoteAddress: `10.6.${Math.floor(ip / 250)}.${ip % 250}`,
      ...(payload !== undefined ? { payload: payload as string } : {}),
    });
  };
  const waitFor = (id: string, statuses: string[]) =>
    eventually(
      async () => {
        const body = (await call("GET", `/api/backtesting/${id}/status`, "viewer")).json();
        return statuses.includes(body.status) ? body : undefined;
      },
      { timeoutMs: 60_000, message: `backtest ${id} did not reach ${statuses.join("/")}` },
    );

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), "hlbot-uploads-"));
    harness = await createApiHarness({ jobs: true, jobWorkers: 1, uploads });
    ({ database, api } = harness);
    Object.assign(token, harness.tokenFor);
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(uploads, { recursive: true, force: true });
  });

  it("lists the bundled data sets", async () => {
    const datasets = (await call("GET", "/api/backtesting/datasets", "viewer")).json().datasets;
    expect(datasets.map((dataset: { id: string }) => dataset.id)).toContain(
      "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
    );
    expect(datasets.some((dataset: { id: string }) => dataset.id.includes("funding"))).toBe(false);
  });

  it("queues a backtest (202), runs it on a worker and serves status, stats, trades and equity", async () => {
    const submitted = await call("POST", "/api/backtesting", "strategist", {
      strategy: "sma-cross",
      params: { fast: 10, slow: 30 },
      dataset: "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
      commission: 0.0005,
      cash: 1_000_000,
      sizing: "all-in",
    });
    expect(submitted.statusCode).toBe(202);
    const { id, status } = submitted.json();
    expect(status).toBe("pending");
    const done = await waitFor(id, ["completed", "failed"]);
    expect(done).toMatchObject({ status: "completed", progress: 1, error: null });
    const detail = (await call("GET", `/api/backtesting/${id}`, "viewer")).json();
    expect(detail.stats.trades).toBeGreaterThan(0);
    const trades = (await call("GET", `/api/backtesting/${id}/trades`, "viewer")).json().trades;
    expect(trades).toHaveLength(detail.stats.trades);
    const equity = (await call("GET", `/api/backtesting/${id}/equity-curve`, "viewer")).json();
    expect(equity.timestamps).toHaveLength(1_832);
    expect(equity.values).toHaveLength(1_832);
    const row = await database.connection.database
      .selectFrom("backtests")
      .select(["attempts", "worker"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    const list = (await call("GET", "/api/backtesting", "viewer")).json();
    expect(list.backtests[0].id).toBe(id);
    expect(detail.warnings).toEqual([]);
  });

  it("serves the run's warnings: all-in on 10,000 cannot buy one whole BTC, so no order was sent", async () => {
    const submitted = await call("POST", "/api/backtesting", "strategist", {
      strategy: "sma-cross",
      dataset: "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
      cash: 10_000,
      sizing: "all-in",
    });
    const { id } = submitted.json();
    expect((await waitFor(id, ["completed", "failed"])).status).toBe("completed");
    const detail = (await call("GET", `/api/backtesting/${id}`, "viewer")).json();
    expect(detail.stats.trades).toBe(0);
    expect(detail.warnings).toHaveLength(1);
    expect(detail.warnings[0]).toMatch(
      /^\d+ orders were not sent because their size came to 0: all-in sizing/,
    );
  });

  it("serves the candles a backtest ran on, column by column, and downsamples above maxBars", async () => {
    const submitted = await call("POST", "/api/backtesting", "strategist", {
      strategy: "sma-cross",
      dataset: "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
    });
    const { id } = submitted.json();
    // Candles are known from the data set at once, before the run finishes.
    const full = await call("GET", `/api/backtesting/${id}/candles`, "viewer");
    expect(full.statusCode).toBe(200);
    const candles = full.json();
    expect(candles).toMatchObject({
      dataset: "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
      interval: "1h",
      intervalMs: 3_600_000,
      sourceInterval: "1h",
      sourceBars: 1_832,
      downsampled: false,
    });
    for (const column of ["timestamps", "open", "high", "low", "close", "volume"]) {
      expect(candles[column], column).toHaveLength(1_832);
    }
    expect(candles.timestamps[1] - candles.timestamps[0]).toBe(3_600_000);
    for (let index = 0; index < candles.timestamps.length; index++) {
      expect(candles.low[index]).toBeLessThanOrEqual(Math.min(candles.open[index], candles.close[index]));
      expect(candles.high[index]).toBeGreaterThanOrEqual(Math.max(candles.open[index], candles.close[index]));
    }

    const coarse = (await call("GET", `/api/backtesting/${id}/candles?maxBars=500`, "viewer")).json();
    expect(coarse).toMatchObject({
      interval: "4h",
      intervalMs: 14_400_000,
      sourceBars: 1_832,
      downsampled: true,
    });
    expect(coarse.timestamps.length).toBeLessThanOrEqual(500);
    expect(coarse.timestamps.length).toBeGreaterThan(450);
    // Each 4 h bar aggregates the 1 h bars of its bucket: first open, highest high, lowest low, last close.
    const bucket = coarse.timestamps[1];
    const members = candles.timestamps
      .map((time: number, index: number) => ({ time, index }))
      .filter(({ time }: { time: number }) => time >= bucket && time < bucket + 14_400_000)
      .map(({ index }: { index: number }) => index);
    expect(members).toHaveLength(4);
    expect(coarse.open[1]).toBe(candles.open[members[0]]);
    expect(coarse.close[1]).toBe(candles.close[members[3]]);
    expect(coarse.high[1]).toBe(Math.max(...members.map((index: number) => candles.high[index])));
    expect(coarse.low[1]).toBe(Math.min(...members.map((index: number) => candles.low[index])));
    expect(coarse.volume[1]).toBeCloseTo(
      members.reduce((sum: number, index: number) => sum + candles.volume[index], 0),
      6,
    );
    await waitFor(id, ["completed", "failed"]);
  });

  it("resamples a large data set to at most 5,000 bars by default and says which interval it used", async () => {
    const row = await database.connection.database
      .insertInto("backtests")
      .values({
        config: JSON.stringify({
          strategy: "sma-cross",
          dataset: "shared:FILUSDT-PERP-binance-1m-2023-08_2023-11.csv",
          from: "2023-09-01",
          to: "2023-10-31",
        }),
        status: "cancelled",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const response = await call("GET", `/api/backtesting/${row.id}/candles`, "viewer");
    expect(response.statusCode).toBe(200);
    const candles = response.json();
    expect(candles).toMatchObject({ sourceInterval: "1m", downsampled: true, interval: "30m" });
    expect(candles.sourceBars).toBeGreaterThan(80_000);
    expect(candles.timestamps.length).toBeLessThanOrEqual(5_000);
    // 61 days of 15 m bars would be 5,856: 30 m is the first interval that fits.
    expect(candles.timestamps.length).toBe(61 * 48);
    // The from/to range of the configuration is honoured (a bare `to` date includes that day).
    expect(candles.timestamps[0]).toBe(Date.UTC(2023, 8, 1));
    expect(candles.timestamps.at(-1)).toBe(Date.UTC(2023, 9, 31, 23, 30));
  });

  it("answers candles only to a logged-in user, 404 for an unknown backtest and 400 naming the bad field", async () => {
    const anonymous = await api.inject({
      method: "GET",
      url: "/api/backtesting/00000000-0000-4000-8000-000000000000/candles",
      remoteAddress: "10.7.0.1",
    });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await call(
      "GET",
      "/api/backtesting/00000000-0000-4000-8000-000000000000/candles",
      "viewer",
    );
    expect(unknown.statusCode).toBe(404);
    const badId = await call("GET", "/api/backtesting/not-a-uuid/candles", "viewer");
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toContain("id");
    const list = (await call("GET", "/api/backtesting", "viewer")).json();
    const known = list.backtests[0].id;
    const badLimit = await call("GET", `/api/backtesting/${known}/candles?maxBars=5`, "viewer");
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error.message).toContain("maxBars");
    const document = (await call("GET", "/api/openapi.json", "viewer")).json();
    const operation = document.paths["/api/backtesting/{id}/candles"].get;
    expect(operation.tags).toEqual(["backtests"]);
    expect(operation.summary).toContain("candles");
  });

  it.each([
    [{ strategy: "nope", dataset: "shared:ORCL-yahoo-1d-1995-2014.csv" }, 400, "strategy"],
    [
      {
        strategy: "sma-cross",
        params: { fast: 50, slow: 10 },
        dataset: "shared:ORCL-yahoo-1d-1995-2014.csv",
      },
      400,
      "fast",
    ],
    [{ strategy: "sma-cross", dataset: "shared:missing.csv" }, 404, "missing.csv"],
    [{ strategy: "sma-cross", dataset: "../../etc/passwd" }, 400, "dataset"],
    [{ strategy: "sma-cross", dataset: "shared:ORCL-yahoo-1d-1995-2014.csv", cash: -5 }, 400, "cash"],
    [
      { strategy: "sma-cross", dataset: "shared:ORCL-yahoo-1d-1995-2014.csv", sizing: "everything" },
      400,
      "sizing",
    ],
    [{ strategy: "sma-cross", dataset: "shared:ORCL-yahoo-1d-1995-2014.csv", surprise: 1 }, 400, "surprise"],
  ])("rejects %j and stores nothing", async (payload, status, field) => {
    const before = await database.connection.database
      .selectFrom("backtests")
      .select((builder) => builder.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const response = await call("POST", "/api/backtesting", "strategist", payload);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.message).toContain(field);
    const after = await database.connection.database
      .selectFrom("backtests")
      .select((builder) => builder.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("lets only strategists and admins submit", async () => {
    const response = await call("POST", "/api/backtesting", "viewer", {
      strategy: "sma-cross",
      dataset: "shared:ORCL-yahoo-1d-1995-2014.csv",
    });
    expect(response.statusCode).toBe(403);
  });

  it("cancels a running backtest: the worker stops within a second and the status stays cancelled", async () => {
    const submitted = await call("POST", "/api/backtesting", "strategist", {
      strategy: "confluence",
      dataset: "shared:FILUSDT-PERP-binance-1m-2023-08_2023-11.csv",
      sizing: "risk:0.01",
      leverage: 3,
    });
    const { id } = submitted.json();
    await waitFor(id, ["running"]);
    const cancelled = await call("DELETE", `/api/backtesting/${id}`, "strategist");
    expect(cancelled.json().status).toBe("cancelled");
    const cancelledAt = Date.now();
    // The worker notices within a second and writes nothing more.
    await eventually(async () => {
      const row = await database.connection.database
        .selectFrom("backtests")
        .select(["updated_at", "status"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      return row.status === "cancelled";
    });
    const after = await database.connection.database
      .selectFrom("backtests")
      .select(["status", "results", "progress"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe("cancelled");
    expect(after.results).toBeNull();
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
  });

  it("validates an uploaded CSV like the import command and runs a backtest on it", async () => {
    const bad = await call(
      "POST",
      "/api/backtesting/upload-data?name=bad.csv",
      "strategist",
      "timestamp,open,high,low,close,volume\n1700000000000,10,9,11,10,1\n",
      { "content-type": "text/csv" },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("bad.csv:2");
    const rows = ["timestamp,open,high,low,close,volume"];
    for (let index = 0; index < 300; index++) {
      const price = 100 + 10 * Math.sin(index / 10);
      rows.push(
        `${1_700_000_000_000 + index * 3_600_000},${price},${price + 1},${price - 1},${price + 0.5},10`,
      );
    }
    const good = await call(
      "POST",
      "/api/backtesting/upload-data?name=synthetic.csv",
      "strategist",
      `${rows.join("\n")}\n`,
      { "content-type": "text/csv" },
    );
    expect(good.statusCode).toBe(201);
    expect(good.json()).toMatchObject({ rows: 300 });
    const submitted = await call("POST", "/api/backtesting", "strategist", {
      strategy: "sma-cross",
      dataset: good.json().id,
    });
    const done = await waitFor(submitted.json().id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
  });

  it("marks a run whose worker stopped writing as failed, with the reason", async () => {
    const row = await database.connection.database
      .insertInto("backtests")
      .values({
        config: JSON.stringify({ strategy: "sma-cross" }),
        status: "running",
        updated_at: new Date(Date.now() - 120_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await failStaleBacktests(database.connection.database)).toBeGreaterThanOrEqual(1);
    const after = await database.connection.database
      .selectFrom("backtests")
      .select(["status", "error"])
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "failed", error: expect.stringContaining("worker stopped") });
  });
});
