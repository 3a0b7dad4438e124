import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Api } from "../../src/api/app.ts";
import { failStaleReports } from "../../src/app/reports/report-jobs.ts";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";
import { eventually } from "../helpers/eventually.ts";
import type { TestDatabase } from "../helpers/test-database.ts";

const BTC = "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv";

describe("sweeps and reports as jobs through the API", () => {
  let database: TestDatabase;
  let harness: ApiHarness;
  let api: Api;
  let uploads: string;
  const token: Record<string, string> = {};
  let ip = 0;

  const call = (method: "GET" | "POST" | "DELETE", url: string, role: string, payload?: unknown) => {
    ip += 1;
    return api.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token[role]}` },
      remoteAddress: `10.8.${Math.floor(ip / 250)}.${ip % 250}`,
      ...(payload !== undefined ? { payload: payload as string } : {}),
    });
  };
  const count = async (table: "backtests" | "backtest_sweeps" | "reports") =>
    Number(
      (
        await database.connection.database
          .selectFrom(table)
          .select((builder) => builder.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), "hlbot-jobs-"));
    harness = await createApiHarness({ jobs: true, jobWorkers: 1, uploads });
    ({ database, api } = harness);
    Object.assign(token, harness.tokenFor);
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(uploads, { recursive: true, force: true });
  });

  it("runs one backtest job per valid combination and ranks them, listing the skipped ones with the reason", async () => {
    const created = await call("POST", "/api/backtesting/sweeps", "strategist", {
      strategy: "sma-cross",
      dataset: BTC,
      cash: 1_000_000,
      sizing: "all-in",
      params: { allowShort: true },
      grid: { fast: [5, 10, 40], slow: [20, 30] },
      rankBy: "returnPct",
    });
    expect(created.statusCode).toBe(202);
    const sweep = created.json();
    expect(sweep).toMatchObject({ combinations: 4, rankBy: "returnPct", strategy: "sma-cross" });
    expect(sweep.skipped).toHaveLength(2);
    expect(sweep.skipped[0].params).toEqual({ fast: 40, slow: 20 });
    expect(sweep.skipped[0].reason).toContain("fast");

    const done = await eventually(
      async () => {
        const body = (await call("GET", `/api/backtesting/sweeps/${sweep.id}`, "viewer")).json();
        return body.status === "completed" ? body : undefined;
      },
      { timeoutMs: 120_000, message: "the sweep did not finish" },
    );
    expect(done.counts).toEqual({ pending: 0, running: 0, completed: 4, failed: 0, cancelled: 0 });
    expect(done.progress).toBe(1);
    const scores = done.results.map((entry: { score: number | null }) => entry.score);
    expect(scores.every((score: number | null) => typeof score === "number")).toBe(true);
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores);
    expect(done.results.map((entry: { params: object }) => entry.params)).toEqual(
      expect.arrayContaining([
        { allowShort: true, fast: 5, slow: 20 },
        { allowShort: true, fast: 5, slow: 30 },
        { allowShort: true, fast: 10, slow: 20 },
        { allowShort: true, fast: 10, slow: 30 },
      ]),
    );
    // Each combination is an ordinary backtest whose stats match the ranking entry.
    const best = done.results[0];
    const detail = (await call("GET", `/api/backtesting/${best.backtestId}`, "viewer")).json();
    expect(detail.stats.returnPct).toBe(best.score);
  });

  it.each([
    [{ strategy: "sma-cross", dataset: BTC }, "grid"],
    [{ strategy: "sma-cross", dataset: BTC, grid: {} }, "grid"],
    [{ strategy: "sma-cross", dataset: BTC, grid: { fast: "10" } }, "grid.fast"],
    [{ strategy: "sma-cross", dataset: BTC, grid: { fast: [30, 40], slow: [10, 20] } }, "grid"],
    [
      {
        strategy: "sma-cross",
        dataset: BTC,
        grid: {
          fast: Array.from({ length: 40 }, (_, index) => index + 1),
          slow: Array.from({ length: 40 }, (_, index) => index + 41),
        },
      },
      "exceed",
    ],
    [{ strategy: "sma-cross", dataset: BTC, grid: { fast: [5] }, rankBy: "luck" }, "rankBy"],
    [{ strategy: "sma-cross", dataset: BTC, grid: { fast: [5] }, cash: -1 }, "cash"],
    [{ strategy: "nope", dataset: BTC, grid: { fast: [5] } }, "strategy"],
  ])("rejects the sweep %j naming %s, and stores nothing", async (payload, field) => {
    const before = [await count("backtests"), await count("backtest_sweeps")];
    const response = await call("POST", "/api/backtesting/sweeps", "strategist", payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(field);
    expect([await count("backtests"), await count("backtest_sweeps")]).toEqual(before);
  });

  it("cancels a sweep: nothing of it stays pending or running", async () => {
    const created = await call("POST", "/api/backtesting/sweeps", "strategist", {
      strategy: "sma-cross",
      dataset: "shared:FILUSDT-PERP-binance-1m-2023-08_2023-11.csv",
      cash: 100_000,
      grid: { fast: [3, 4, 5, 6, 7, 8], slow: [50, 60] },
    });
    expect(created.statusCode).toBe(202);
    const { id } = created.json();
    const cancelled = (await call("DELETE", `/api/backtesting/sweeps/${id}`, "strategist")).json();
    expect(cancelled.counts.pending).toBe(0);
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);
    const settled = await eventually(
      async () => {
        const body = (await call("GET", `/api/backtesting/sweeps/${id}`, "viewer")).json();
        return body.counts.running === 0 ? body : undefined;
      },
      { timeoutMs: 30_000, message: "a cancelled sweep kept running" },
    );
    expect(settled.status).toBe("completed");
    expect(settled.counts.cancelled + settled.counts.completed).toBe(12);
    expect(
      (await call("GET", "/api/backtesting/sweeps/00000000-0000-4000-8000-000000000000", "viewer"))
        .statusCode,
    ).toBe(404);
  });

  it("computes a performance report on a worker and serves it as JSON and HTML", async () => {
    const now = Date.now();
    for (const [index, pnl] of [25, -10, 40].entries()) {
      await database.connection.database
        .insertInto("trades")
        .values({
          symbol: "BTC",
          side: "long",
          size: "1",
          entry_price: "100",
          exit_price: String(100 + pnl),
          entry_time: new Date(now - (index + 2) * 3_600_000),
          exit_time: new Date(now - (index + 1) * 3_600_000),
          pnl: String(pnl),
          exit_reason: pnl > 0 ? "tp1" : "stop_loss",
          strategy: "sma-cross",
          created_at: new Date(now - (index + 1) * 3_600_000),
        })
        .execute();
    }
    const created = await call("POST", "/api/reports/jobs", "viewer", { period: "day" });
    expect(created.statusCode).toBe(202);
    const { id, status } = created.json();
    expect(status).toBe("pending");
    const done = await eventually(
      async () => {
        const body = (await call("GET", `/api/reports/jobs/${id}`, "viewer")).json();
        return body.status === "completed" ? body : undefined;
      },
      { timeoutMs: 30_000, message: "the report job did not finish" },
    );
    expect(done.report).toMatchObject({ period: "day", totalTrades: 3, won: 2, lost: 1, totalPnl: 55 });
    expect(done.report.profitFactor).toBeCloseTo(6.5, 10);
    const html = await call("GET", `/api/reports/jobs/${id}/html`, "viewer");
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.body).toContain("<html");
    const list = (await call("GET", "/api/reports/jobs", "viewer")).json();
    expect(list.reports[0].id).toBe(id);
  });

  it("rejects a bad report request naming the field and stores nothing; unknown ids are 404", async () => {
    const before = await count("reports");
    for (const payload of [{ period: "decade" }, { period: "day", extra: 1 }, {}]) {
      const response = await call("POST", "/api/reports/jobs", "viewer", payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/period|extra/);
    }
    expect(await count("reports")).toBe(before);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call("GET", `/api/reports/jobs/${unknown}`, "viewer")).statusCode).toBe(404);
    expect((await call("GET", `/api/reports/jobs/${unknown}/html`, "viewer")).statusCode).toBe(404);
    expect((await call("GET", "/api/reports/jobs/not-a-uuid", "viewer")).statusCode).toBe(400);
  });

  it("marks a report whose worker died as failed with the reason", async () => {
    const row = await database.connection.database
      .insertInto("reports")
      .values({ period: "week", status: "running", created_at: new Date(Date.now() - 3_600_000) })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await failStaleReports(database.connection.database)).toBe(1);
    const body = (await call("GET", `/api/reports/jobs/${row.id}`, "viewer")).json();
    expect(body).toMatchObject({ status: "failed", error: "worker stopped before the report was done" });
    const html = await call("GET", `/api/reports/jobs/${row.id}/html`, "viewer");
    expect(html.statusCode).toBe(400);
  });
});
