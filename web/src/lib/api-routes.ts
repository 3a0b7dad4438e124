/**
 * Every HTTP endpoint the dashboard calls, in OpenAPI path syntax. `live` routes exist on the server today;
 * `planned` ones are documented by issue 8 but may answer 404 until they ship (the pages then say so).
 * test/web/api-contract.test.ts checks each route the server documents against its OpenAPI document.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: readonly string[];
  readonly body?: readonly string[];
  readonly status: "live" | "planned";
}

export const ROUTES = {
  login: { method: "POST", path: "/api/auth/login", body: ["username", "password"], status: "live" },
  refresh: { method: "POST", path: "/api/auth/refresh", body: ["refresh_token"], status: "live" },
  logout: { method: "POST", path: "/api/auth/logout", body: ["refresh_token"], status: "live" },
  changePassword: {
    method: "POST",
    path: "/api/auth/password",
    body: ["current_password", "new_password"],
    status: "live",
  },
  me: { method: "GET", path: "/api/auth/me", status: "live" },
  riskStatus: { method: "GET", path: "/api/risk/status", status: "live" },
  dailyReport: { method: "GET", path: "/api/risk/daily-report", query: ["date"], status: "live" },
  tripBreaker: { method: "POST", path: "/api/emergency/circuit-breaker", body: ["reason"], status: "live" },
  resetBreaker: {
    method: "POST",
    path: "/api/emergency/circuit-breaker/reset",
    body: ["reason"],
    status: "live",
  },
  trades: {
    method: "GET",
    path: "/api/trades",
    query: ["limit", "offset", "symbol", "strategy", "from", "to"],
    status: "live",
  },
  trade: { method: "GET", path: "/api/trades/{id}", status: "live" },
  dailyStats: { method: "GET", path: "/api/trades/stats/daily", query: ["days"], status: "live" },
  overallStats: { method: "GET", path: "/api/trades/stats/overall", status: "live" },
  positions: { method: "GET", path: "/api/trades/positions", status: "live" },
  performance: { method: "GET", path: "/api/reports/performance", query: ["period"], status: "live" },

  closePosition: {
    method: "POST",
    path: "/api/trades/positions/{id}/close",
    body: ["reason"],
    status: "planned",
  },
  closeAllPositions: {
    method: "POST",
    path: "/api/trades/positions/close-all",
    body: ["reason"],
    status: "planned",
  },
  cancelAllOrders: {
    method: "POST",
    path: "/api/trades/orders/cancel-all",
    body: ["reason"],
    status: "planned",
  },

  strategies: { method: "GET", path: "/api/strategies", status: "planned" },
  strategy: { method: "GET", path: "/api/strategies/{id}", status: "planned" },
  updateStrategy: { method: "PUT", path: "/api/strategies/{id}", body: ["params"], status: "planned" },
  enableStrategy: { method: "POST", path: "/api/strategies/{id}/enable", status: "planned" },
  disableStrategy: { method: "POST", path: "/api/strategies/{id}/disable", status: "planned" },

  bots: { method: "GET", path: "/api/bots", status: "planned" },
  createBot: {
    method: "POST",
    path: "/api/bots",
    body: ["name", "strategyType", "symbol", "interval", "mode"],
    status: "planned",
  },
  startBot: { method: "POST", path: "/api/bots/{id}/start", status: "planned" },
  pauseBot: { method: "POST", path: "/api/bots/{id}/pause", status: "planned" },
  resumeBot: { method: "POST", path: "/api/bots/{id}/resume", status: "planned" },
  stopBot: { method: "POST", path: "/api/bots/{id}/stop", status: "planned" },

  backtests: { method: "GET", path: "/api/backtesting", query: ["limit", "offset"], status: "live" },
  submitBacktest: { method: "POST", path: "/api/backtesting", status: "live" },
  datasets: { method: "GET", path: "/api/backtesting/datasets", status: "live" },
  uploadData: { method: "POST", path: "/api/backtesting/upload-data", query: ["name"], status: "live" },
  backtest: { method: "GET", path: "/api/backtesting/{id}", status: "live" },
  backtestStatus: { method: "GET", path: "/api/backtesting/{id}/status", status: "live" },
  backtestTrades: { method: "GET", path: "/api/backtesting/{id}/trades", status: "live" },
  backtestEquity: { method: "GET", path: "/api/backtesting/{id}/equity-curve", status: "live" },
  backtestCandles: {
    method: "GET",
    path: "/api/backtesting/{id}/candles",
    query: ["maxBars"],
    status: "live",
  },
  cancelBacktest: { method: "DELETE", path: "/api/backtesting/{id}", status: "live" },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;

/** The WebSocket endpoint of issue 8 (not served yet; the dashboard polls until it is). */
export const WEBSOCKET_PATH = "/api/ws";

/** Fills `{name}` placeholders of a route path, URL-encoding each value. */
export function fillPath(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
