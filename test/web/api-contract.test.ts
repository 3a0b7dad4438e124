import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES, type RouteSpec } from "../../web/src/lib/api-routes.ts";
import type {
  BacktestCandlesResponse,
  DailyReport,
  DailyStatsResponse,
  DailyTradeStats,
  DatasetView,
  OverallStats,
  PerformanceReport,
  PositionView,
  RiskLimits,
  RiskStatusResponse,
  TokenPair,
  TradeListResponse,
  TradeView,
  UserView,
} from "../../web/src/lib/api-types.ts";
import { type ApiHarness, createApiHarness, STRONG_PASSWORD } from "../helpers/api-harness.ts";

// Exhaustive key lists of the dashboard's hand-written response types: `satisfies` fails to compile when a
// type gains or loses a field that the list does not, and the test fails when the server's answer differs.
const keys = <T>() => ({ of: <K extends Record<keyof T, true>>(record: K) => Object.keys(record).sort() });
const TOKEN_KEYS = keys<TokenPair>().of({
  access_token: true,
  refresh_token: true,
  token_type: true,
  expires_in: true,
});
const USER_KEYS = keys<UserView>().of({
  id: true,
  username: true,
  role: true,
  mustChangePassword: true,
  createdAt: true,
  lastLoginAt: true,
});
const LIMIT_KEYS = keys<RiskLimits>().of({
  riskPerTradePercent: true,
  maxRiskPerTradePercent: true,
  reducedRiskMultiplier: true,
  maxConcurrentPositions: true,
  maxPositionNotionalPercent: true,
  maxLeverage: true,
  correlationGroups: true,
  maxCorrelatedNotionalPercent: true,
  dailyLossLimitPercent: true,
  reducedAtDailyLossFraction: true,
  emergencyDailyLossPercent: true,
  maxDrawdownPercent: true,
  lossStreakLimit: true,
  lossStreakCooldownHours: true,
  liquidationDistanceMultiple: true,
  breakerCooldownHours: true,
});
const RISK_KEYS = keys<RiskStatusResponse>().of({
  scope: true,
  tradingState: true,
  equity: true,
  dailyBaselineEquity: true,
  dailyLossPercent: true,
  reducedAtDailyLossPercent: true,
  dailyLossLimitPercent: true,
  emergencyDailyLossPercent: true,
  highWaterMark: true,
  drawdownPercent: true,
  maxDrawdownPercent: true,
  consecutiveLosses: true,
  lossStreakLimit: true,
  lossStreakUntil: true,
  circuitBreaker: true,
  updatedAt: true,
  limits: true,
});
const TRADE_KEYS = keys<TradeView>().of({
  id: true,
  symbol: true,
  side: true,
  size: true,
  entryPrice: true,
  exitPrice: true,
  entryTime: true,
  exitTime: true,
  pnl: true,
  pnlR: true,
  returnPct: true,
  fees: true,
  funding: true,
  exitReason: true,
  strategy: true,
  botId: true,
  positionId: true,
  mode: true,
  signal: true,
  createdAt: true,
});
const TRADE_LIST_KEYS = keys<TradeListResponse>().of({
  trades: true,
  total: true,
  totalCapped: true,
  limit: true,
  offset: true,
});
const DAILY_KEYS = keys<DailyTradeStats>().of({
  date: true,
  trades: true,
  won: true,
  lost: true,
  winRate: true,
  pnl: true,
});
const DAILY_STATS_KEYS = keys<DailyStatsResponse>().of({ today: true, days: true });
const OVERALL_KEYS = keys<OverallStats>().of({
  period: true,
  from: true,
  to: true,
  totalTrades: true,
  won: true,
  lost: true,
  winRate: true,
  profitFactor: true,
  totalPnl: true,
  averageTrade: true,
  bestTrade: true,
  worstTrade: true,
  maxDrawdown: true,
});
const PERFORMANCE_KEYS = keys<PerformanceReport>()
  .of({
    period: true,
    from: true,
    to: true,
    totalTrades: true,
    won: true,
    lost: true,
    winRate: true,
    profitFactor: true,
    totalPnl: true,
    averageTrade: true,
    bestTrade: true,
    worstTrade: true,
    maxDrawdown: true,
    equity: true,
  })
  .sort();
// The live-only optional fields (mark price, unrealized P&L, R) are not in the stored view.
const POSITION_KEYS = keys<Required<Omit<PositionView, "markPrice" | "unrealizedPnl" | "unrealizedR">>>().of({
  id: true,
  symbol: true,
  side: true,
  size: true,
  entryPrice: true,
  stopLoss: true,
  takeProfits: true,
  leverage: true,
  mode: true,
  botId: true,
  strategy: true,
  realizedPnl: true,
  fees: true,
  funding: true,
  openedAt: true,
  minutesOpen: true,
});
const DAILY_REPORT_KEYS = keys<DailyReport>().of({
  date: true,
  balance: true,
  pnl: true,
  trades: true,
  risk_metrics: true,
  timestamps: true,
});

const CANDLES_KEYS = keys<BacktestCandlesResponse>().of({
  dataset: true,
  interval: true,
  intervalMs: true,
  sourceInterval: true,
  sourceBars: true,
  downsampled: true,
  timestamps: true,
  open: true,
  high: true,
  low: true,
  close: true,
  volume: true,
});
const DATASET_KEYS = keys<DatasetView>().of({ id: true, name: true, bytes: true });

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

describe("the dashboard's API client against the server", () => {
  let harness: ApiHarness;
  let paths: Record<string, Record<string, OpenApiOperation>>;
  let ip = 0;
  const request = async (
    method: "GET" | "POST",
    url: string,
    role: keyof ApiHarness["tokenFor"] = "viewer",
  ) => {
    ip += 1;
    return await harness.api.inject({
      method,
      url,
      headers: { authorization: `Bearer ${harness.tokenFor[role]}` },
      remoteAddress: `10.9.${Math.floor(ip / 250)}.${ip % 250}`,
    });
  };
  const get = async (url: string) => {
    const response = await request("GET", url);
    expect(response.statusCode, url).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    harness = await createApiHarness({ jobs: true });
    const database = harness.database.connection.database;
    await database
      .insertInto("trades")
      .values({
        symbol: "BTC",
        side: "long",
        size: "1",
        entry_price: "100",
        exit_price: "110",
        entry_time: new Date(Date.now() - 120_000),
        exit_time: new Date(Date.now() - 60_000),
        pnl: "10",
        exit_reason: "tp1",
        strategy: "ema-cross",
      })
      .execute();
    await database
      .insertInto("positions")
      .values({ symbol: "SOL", side: "short", size: "10", entry_price: "150", stop_loss: "155" })
      .execute();
    paths = (await get("/api/openapi.json")).paths;
  });
  afterAll(async () => {
    await harness.close();
  });

  it("calls only documented paths, with query parameters and body fields the server documents", () => {
    const checked: string[] = [];
    for (const [name, route] of Object.entries(ROUTES) as Array<[string, RouteSpec]>) {
      const operation = paths[route.path]?.[route.method.toLowerCase()];
      if (!operation) {
        expect(route.status, `${name}: ${route.method} ${route.path} is not served but marked live`).toBe(
          "planned",
        );
        continue;
      }
      checked.push(name);
      const documentedQuery = (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      expect(documentedQuery, `${name} query`).toEqual(expect.arrayContaining([...(route.query ?? [])]));
      const schema = operation.requestBody?.content?.["application/json"]?.schema;
      const documentedBody = Object.keys(schema?.properties ?? {});
      if (documentedBody.length > 0 || route.status === "live") {
        expect(documentedBody, `${name} body`).toEqual(expect.arrayContaining([...(route.body ?? [])]));
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(15);
  });

  it("matches the keys of every live response to the hand-written types", async () => {
    const risk = await get("/api/risk/status");
    expect(Object.keys(risk).sort()).toEqual(RISK_KEYS);
    expect(Object.keys(risk.limits).sort()).toEqual(LIMIT_KEYS);
    const trades = await get("/api/trades?limit=5");
    expect(Object.keys(trades).sort()).toEqual(TRADE_LIST_KEYS);
    expect(Object.keys(trades.trades[0]).sort()).toEqual(TRADE_KEYS);
    expect(Object.keys(await get(`/api/trades/${trades.trades[0].id}`)).sort()).toEqual(TRADE_KEYS);
    const daily = await get("/api/trades/stats/daily?days=7");
    expect(Object.keys(daily).sort()).toEqual(DAILY_STATS_KEYS);
    expect(Object.keys(daily.today).sort()).toEqual(DAILY_KEYS);
    expect(Object.keys(await get("/api/trades/stats/overall")).sort()).toEqual(OVERALL_KEYS);
    const performance = await get("/api/reports/performance?period=week");
    expect(Object.keys(performance).sort()).toEqual(PERFORMANCE_KEYS);
    expect(Object.keys(performance.equity[0]).sort()).toEqual(["cumulativePnl", "time"]);
    const positions = await get("/api/trades/positions");
    expect(Object.keys(positions)).toEqual(["positions"]);
    expect(Object.keys(positions.positions[0]).sort()).toEqual(POSITION_KEYS);
    expect(Object.keys(await get("/api/auth/me")).sort()).toEqual(USER_KEYS);
    const report = await get(`/api/risk/daily-report?date=${harness.risk.dailyMetrics.date}`);
    expect(Object.keys(report).sort()).toEqual(DAILY_REPORT_KEYS);
    const datasets = await get("/api/backtesting/datasets");
    expect(Object.keys(datasets)).toEqual(["datasets"]);
    expect(Object.keys(datasets.datasets[0]).sort()).toEqual(DATASET_KEYS);
    const backtest = await harness.database.connection.database
      .insertInto("backtests")
      .values({
        config: JSON.stringify({ strategy: "sma-cross", dataset: datasets.datasets[0].id }),
        status: "cancelled",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const candles = await get(`/api/backtesting/${backtest.id}/candles?maxBars=100`);
    expect(Object.keys(candles).sort()).toEqual(CANDLES_KEYS);
  });

  it("matches the login answer and the breaker actions", async () => {
    const login = await harness.api.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "viewer-user", password: STRONG_PASSWORD },
      remoteAddress: "10.9.200.1",
    });
    expect(Object.keys(login.json()).sort()).toEqual(TOKEN_KEYS);
    ip += 1;
    const trip = await harness.api.inject({
      method: "POST",
      url: "/api/emergency/circuit-breaker",
      headers: { authorization: `Bearer ${harness.tokenFor.admin}` },
      payload: { reason: "contract test" },
      remoteAddress: "10.9.200.2",
    });
    expect(trip.statusCode).toBe(200);
    expect(Object.keys(trip.json()).sort()).toEqual(["changes", "status"]);
    expect(Object.keys(trip.json().status).sort()).toEqual(
      RISK_KEYS.filter((key) => key !== "scope" && key !== "limits"),
    );
  });

  it("answers an unknown route with the 404 the dashboard reads as 'not available on this server yet'", async () => {
    const response = await request("GET", "/api/bots-that-do-not-exist");
    expect(response.statusCode).toBe(404);
    const body = response.json();
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.message.startsWith("no route ")).toBe(true);
  });
});
