import type { PositionView, Role, TradeView } from "./lib/api-types.ts";

/** A stand-in for the API server in component tests: answers the live routes, 404 "no route" for the rest. */
export function fakeApi(options: { role?: Role; positions?: PositionView[]; trades?: TradeView[] } = {}) {
  const calls: Array<{ method: string; url: string; body: unknown; authorization: string | undefined }> = [];
  let accessToken = "access-1";
  let refreshCount = 0;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const method = init.method ?? "GET";
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body, authorization: headers.authorization });
    const path = url.split("?")[0] ?? "";
    if (path === "/api/auth/login") {
      if (body.password !== "right")
        return json(401, { error: { code: "INVALID_CREDENTIALS", message: "invalid username or password" } });
      return json(200, {
        access_token: accessToken,
        refresh_token: "refresh-1",
        token_type: "bearer",
        expires_in: 900,
      });
    }
    if (path === "/api/auth/refresh") {
      if (body.refresh_token !== "refresh-1")
        return json(401, {
          error: { code: "INVALID_REFRESH_TOKEN", message: "refresh token is invalid or expired" },
        });
      refreshCount += 1;
      accessToken = `access-${refreshCount + 1}`;
      return json(200, {
        access_token: accessToken,
        refresh_token: "refresh-1",
        token_type: "bearer",
        expires_in: 900,
      });
    }
    if (headers.authorization !== `Bearer ${accessToken}`) {
      return json(401, {
        error: { code: "TOKEN_EXPIRED", message: "access token expired; refresh it or log in again" },
      });
    }
    switch (path) {
      case "/api/auth/me":
        return json(200, {
          id: "u1",
          username: "alice",
          role: options.role ?? "admin",
          mustChangePassword: false,
          createdAt: "2026-01-01T00:00:00Z",
          lastLoginAt: null,
        });
      case "/api/risk/status":
        return json(200, {
          scope: "paper",
          tradingState: "ACTIVE",
          equity: 10_000,
          dailyBaselineEquity: 10_000,
          dailyLossPercent: 1,
          reducedAtDailyLossPercent: 2.25,
          dailyLossLimitPercent: 3,
          emergencyDailyLossPercent: 5,
          highWaterMark: 10_000,
          drawdownPercent: 0,
          maxDrawdownPercent: 15,
          consecutiveLosses: 0,
          lossStreakLimit: 3,
          lossStreakUntil: null,
          circuitBreaker: null,
          updatedAt: "2026-01-05T12:00:00Z",
          limits: { maxConcurrentPositions: 3, breakerCooldownHours: 24 },
        });
      case "/api/trades/stats/daily":
        return json(200, {
          today: { date: "2026-01-05", trades: 2, won: 1, lost: 1, winRate: 0.5, pnl: 25 },
          days: [],
        });
      case "/api/trades/stats/overall":
        return json(200, { totalTrades: 2, won: 1, lost: 1, winRate: 0.5, totalPnl: 25 });
      case "/api/trades/positions":
        return json(200, { positions: options.positions ?? [] });
      case "/api/trades": {
        const trades = options.trades ?? [];
        return json(200, { trades, total: trades.length, totalCapped: false, limit: 50, offset: 0 });
      }
      case "/api/openapi.json":
        return json(200, { paths: { "/api/trades": { get: {} } } });
      case "/api/health/ready":
        return json(200, { status: "ready", checks: {} });
      default:
        return json(404, { error: { code: "NOT_FOUND", message: `no route ${method} ${path}` } });
    }
  };
  return {
    fetch,
    calls,
    get refreshCount() {
      return refreshCount;
    },
    expireAccessToken() {
      accessToken = `${accessToken}-rotated`;
    },
  };
}

export function position(overrides: Partial<PositionView> = {}): PositionView {
  return {
    id: "p1",
    symbol: "BTC",
    side: "long",
    size: 0.5,
    entryPrice: 42_000,
    stopLoss: 41_000,
    takeProfits: [43_000],
    leverage: 3,
    mode: "paper",
    botId: null,
    strategy: "ema-cross",
    realizedPnl: 0,
    fees: 0,
    funding: 0,
    openedAt: new Date(Date.now() - 90 * 60_000).toISOString(),
    minutesOpen: 90,
    ...overrides,
  };
}
