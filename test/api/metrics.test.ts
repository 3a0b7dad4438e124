import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";

/** Parses the Prometheus text format into `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const match = /^(\S+?)(\{.*\})?\s+(\S+)$/.exec(line);
    if (match) values.set(`${match[1]}${match[2] ?? ""}`, Number(match[3]));
  }
  return values;
}

describe("GET /metrics", () => {
  let harness: ApiHarness;
  const scrape = async () => {
    const response = await harness.api.inject({ method: "GET", url: "/metrics", remoteAddress: "127.0.0.1" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    return parseMetrics(response.body);
  };
  beforeAll(async () => {
    harness = await createApiHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("refuses addresses outside the allowed networks", async () => {
    const response = await harness.api.inject({
      method: "GET",
      url: "/metrics",
      remoteAddress: "203.0.113.9",
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("FORBIDDEN");
  });

  it("exports the trading figures exactly as the database has them", async () => {
    const database = harness.database.connection.database;
    const hour = 3_600_000;
    await database
      .insertInto("positions")
      .values([
        {
          symbol: "BTC",
          side: "long",
          size: "0.5",
          entry_price: "60000",
          stop_loss: "59000",
          created_at: new Date(Date.now() - 30 * hour),
        },
        { symbol: "ETH", side: "short", size: "2", entry_price: "3000", stop_loss: "3100" },
      ])
      .execute();
    const today = new Date();
    await database
      .insertInto("trades")
      .values([
        {
          symbol: "BTC",
          side: "long",
          size: "1",
          entry_price: "100",
          exit_price: "110",
          entry_time: new Date(today.getTime() - 2 * 60_000),
          exit_time: today,
          pnl: "10",
          exit_reason: "tp1",
        },
        {
          symbol: "BTC",
          side: "short",
          size: "1",
          entry_price: "100",
          exit_price: "105",
          entry_time: new Date(today.getTime() - 60_000),
          exit_time: today,
          pnl: "-5.5",
          exit_reason: "stop_loss",
        },
      ])
      .execute();

    const metrics = await scrape();
    const truth = await sql<{
      open: number;
      trades: number;
      won: number;
      pnl: string;
      risk: string;
      duration: string;
    }>`
      SELECT (SELECT count(*) FROM positions WHERE status = 'open') AS open,
             (SELECT count(*) FROM trades) AS trades,
             (SELECT count(*) FROM trades WHERE pnl > 0) AS won,
             (SELECT sum(pnl) FROM trades) AS pnl,
             (SELECT sum(size * abs(entry_price - stop_loss)) FROM positions WHERE status = 'open') AS risk,
             (SELECT sum(extract(epoch FROM exit_time - entry_time)) FROM trades) AS duration
    `.execute(database);
    const row = truth.rows[0];
    expect(metrics.get("trading_positions_open")).toBe(Number(row?.open));
    expect(metrics.get("trading_trades_total")).toBe(Number(row?.trades));
    expect(metrics.get("trading_trades_won")).toBe(Number(row?.won));
    expect(metrics.get("trading_pnl_daily_total")).toBeCloseTo(Number(row?.pnl), 9);
    expect(metrics.get("trading_pnl_daily_percent")).toBeCloseTo(4.5 / 10_000, 12);
    expect(metrics.get("trading_capital_at_risk")).toBeCloseTo(Number(row?.risk), 9);
    expect(metrics.get("trading_trade_duration_seconds_sum")).toBeCloseTo(Number(row?.duration), 6);
    expect(metrics.get("trading_trade_duration_seconds_count")).toBe(2);
    expect(metrics.get("trading_capital_total")).toBe(10_000);
    const btcAge = [...metrics.entries()].find(
      ([name]) => name.startsWith("trading_position_duration_minutes") && name.includes('symbol="BTC"'),
    );
    expect(btcAge?.[1]).toBeGreaterThan(1_440);

    // Closing a position is visible at the next scrape.
    await sql`UPDATE positions SET status = 'closed', exit_reason = 'manual' WHERE symbol = 'ETH'`.execute(
      database,
    );
    const after = await scrape();
    expect(after.get("trading_positions_open")).toBe(1);
  });

  it("counts HTTP requests by route pattern and the circuit breaker state", async () => {
    await harness.api.inject({ method: "GET", url: "/api/health" });
    await harness.risk.trip("metrics test", { actor: "test" });
    const metrics = await scrape();
    expect(
      metrics.get('http_requests_total{method="GET",route="/api/health",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(metrics.get("trading_circuit_breaker_state")).toBe(1);
    expect(metrics.has("process_cpu_user_seconds_total")).toBe(true);
    await harness.risk.reset("metrics test done", { actor: "test" });
  });
});
