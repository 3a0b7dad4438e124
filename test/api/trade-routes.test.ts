import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";

describe("trade, position and report routes", () => {
  let harness: ApiHarness;
  let ip = 0;
  const get = (url: string) => {
    ip += 1;
    return harness.api.inject({
      method: "GET",
      url,
      headers: { authorization: `Bearer ${harness.tokenFor.viewer}` },
      remoteAddress: `10.4.${Math.floor(ip / 250)}.${ip % 250}`,
    });
  };
  const now = Date.now();
  const minutes = (count: number) => new Date(now - count * 60_000);
  // PnL sequence 10, -4, 6, -8, 3: total 7, wins 19, losses 12, peak 12, trough 4 → max drawdown 8.
  const PNLS = [10, -4, 6, -8, 3];

  beforeAll(async () => {
    harness = await createApiHarness();
    const database = harness.database.connection.database;
    for (const [index, pnl] of PNLS.entries()) {
      await database
        .insertInto("trades")
        .values({
          symbol: index % 2 === 0 ? "BTC" : "ETH",
          side: "long",
          size: "1",
          entry_price: "100",
          exit_price: String(100 + pnl),
          entry_time: minutes(60 - index * 10 + 5),
          exit_time: minutes(60 - index * 10),
          pnl: String(pnl),
          exit_reason: pnl > 0 ? "tp1" : "stop_loss",
          strategy: "sma-cross",
          created_at: minutes(60 - index * 10),
        })
        .execute();
    }
    await database
      .insertInto("positions")
      .values({ symbol: "SOL", side: "short", size: "10", entry_price: "150", stop_loss: "155" })
      .execute();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("lists trades newest first with pagination and filters", async () => {
    const page = await get("/api/trades?limit=2&offset=1");
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.total).toBe(5);
    expect(body.trades.map((trade: { pnl: number }) => trade.pnl)).toEqual([-8, 6]);
    const eth = (await get("/api/trades?symbol=ETH")).json();
    expect(eth.trades.map((trade: { pnl: number }) => trade.pnl)).toEqual([-8, -4]);
    const windowed = (await get(`/api/trades?from=${encodeURIComponent(minutes(35).toISOString())}`)).json();
    expect(windowed.total).toBe(2);
  });

  it.each([
    ["/api/trades?limit=0", "limit"],
    ["/api/trades?limit=abc", "limit"],
    ["/api/trades?offset=-1", "offset"],
    ["/api/trades?symbol=BTC%3BDROP", "symbol"],
    ["/api/trades?from=yesterday", "from"],
    ["/api/trades?from=2026-01-02&to=2026-01-01", "from"],
    ["/api/trades/not-a-uuid", "id"],
    ["/api/reports/performance?period=year", "period"],
  ])("answers %s with 400 naming %s", async (url, field) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(field);
  });

  it("answers one trade by id, and 404 for an unknown id", async () => {
    const first = (await get("/api/trades?limit=1")).json().trades[0];
    const one = await get(`/api/trades/${first.id}`);
    expect(one.json()).toMatchObject({ id: first.id, pnl: 3, strategy: "sma-cross" });
    const missing = await get("/api/trades/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
  });

  it("reports performance with the hand-computed figures", async () => {
    const report = (await get("/api/reports/performance?period=day")).json();
    expect(report).toMatchObject({
      totalTrades: 5,
      won: 3,
      lost: 2,
      winRate: 0.6,
      totalPnl: 7,
      averageTrade: 1.4,
      bestTrade: 10,
      worstTrade: -8,
      maxDrawdown: 8,
    });
    expect(report.profitFactor).toBeCloseTo(19 / 12, 12);
    expect(report.equity.map((point: { cumulativePnl: number }) => point.cumulativePnl)).toEqual([
      10, 6, 12, 4, 7,
    ]);
    const overall = (await get("/api/trades/stats/overall")).json();
    expect(overall.totalPnl).toBe(7);
    expect(overall.equity).toBeUndefined();
  });

  it("answers daily statistics and open positions", async () => {
    const daily = (await get("/api/trades/stats/daily?days=2")).json();
    const total = daily.days.reduce((sum: number, day: { trades: number }) => sum + day.trades, 0);
    expect(total).toBe(5);
    expect(daily.today.date).toBe(new Date().toISOString().slice(0, 10));
    const positions = (await get("/api/trades/positions")).json().positions;
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({
      symbol: "SOL",
      side: "short",
      size: 10,
      entryPrice: 150,
      stopLoss: 155,
    });
  });
});
