import { fillPath, ROUTES, type RouteName } from "./api-routes.ts";
import type {
  BacktestCandlesResponse,
  BacktestRequest,
  BacktestStatusResponse,
  BreakerActionResponse,
  CreateBotRequest,
  DailyReport,
  DailyStatsResponse,
  DatasetListResponse,
  OverallStats,
  PerformanceReport,
  PositionListResponse,
  ReportPeriod,
  RiskStatusResponse,
  TokenPair,
  TradeListResponse,
  TradeQuery,
  TradeView,
  UploadResult,
  UserView,
} from "./api-types.ts";
import { type SessionStore, sessionFromTokens } from "./session-store.ts";

/** An error answer of the API (`{"error":{"code","message"}}`), or a transport failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The server has no such route at all (an endpoint of issue 8 that this server does not serve yet). */
  get notAvailable(): boolean {
    return this.status === 404 && this.code === "NOT_FOUND" && this.message.startsWith("no route ");
  }
}

export interface ApiClientOptions {
  store: SessionStore;
  /** Prefix of every path; empty for the same origin. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Called once when the session can no longer be refreshed (the store is cleared first). */
  onSessionExpired?: () => void;
}

interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** A body sent as is with its own content type (a CSV upload), instead of `body` as JSON. */
  raw?: { contentType: string; data: string | Blob };
  /** Send the access token and refresh it on 401 (default true). */
  authenticated?: boolean;
}

export type BotAction = "start" | "pause" | "resume" | "stop";

/** A typed client of the hlbot API with access-token refresh on 401 (one refresh at a time). */
export function createApiClient(options: ApiClientOptions) {
  const { store } = options;
  const baseUrl = options.baseUrl ?? "";
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  let refreshing: Promise<boolean> | null = null;

  async function send(
    name: RouteName,
    call: CallOptions,
    accessToken: string | undefined,
  ): Promise<Response> {
    const route = ROUTES[name];
    let url = baseUrl + fillPath(route.path, call.params);
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== "") search.set(key, String(value));
    }
    if ([...search.keys()].length > 0) url += `?${search.toString()}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (call.raw) headers["content-type"] = call.raw.contentType;
    else if (call.body !== undefined) headers["content-type"] = "application/json";
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    try {
      return await fetchImpl(url, {
        method: route.method,
        headers,
        ...(call.raw
          ? { body: call.raw.data }
          : call.body !== undefined
            ? { body: JSON.stringify(call.body) }
            : {}),
      });
    } catch {
      throw new ApiError(0, "NETWORK_ERROR", "the server could not be reached");
    }
  }

  async function errorOf(response: Response): Promise<ApiError> {
    let code = `HTTP_${response.status}`;
    let message = response.statusText || `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code === "string") code = body.error.code;
      if (typeof body.error?.message === "string") message = body.error.message;
    } catch {
      // Not JSON (a proxy's error page): keep the status line.
    }
    const retryAfter = Number(response.headers.get("retry-after"));
    return new ApiError(
      response.status,
      code,
      message,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }

  async function refreshSession(): Promise<boolean> {
    const current = store.get();
    if (!current) return false;
    refreshing ??= (async () => {
      try {
        const response = await send("refresh", { body: { refresh_token: current.refreshToken } }, undefined);
        if (!response.ok) return false;
        store.set(sessionFromTokens((await response.json()) as TokenPair));
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
    return await refreshing;
  }

  function expire(): ApiError {
    if (store.get()) {
      store.clear();
      options.onSessionExpired?.();
    }
    return new ApiError(401, "SESSION_EXPIRED", "your session has expired; log in again");
  }

  async function call<T>(name: RouteName, call: CallOptions = {}): Promise<T> {
    const authenticated = call.authenticated ?? true;
    let token = authenticated ? store.get()?.accessToken : undefined;
    if (authenticated && !token) throw expire();
    let response = await send(name, call, token);
    if (response.status === 401 && authenticated) {
      const usedToken = token;
      // Another request may have refreshed while this one was in flight.
      const latest = store.get()?.accessToken;
      const refreshed = latest && latest !== usedToken ? true : await refreshSession();
      if (!refreshed) throw expire();
      token = store.get()?.accessToken;
      response = await send(name, call, token);
      if (response.status === 401) throw expire();
    }
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    store,
    async login(username: string, password: string): Promise<void> {
      const tokens = await call<TokenPair>("login", { body: { username, password }, authenticated: false });
      store.set(sessionFromTokens(tokens));
    },
    async logout(): Promise<void> {
      const current = store.get();
      if (current) {
        await call<void>("logout", { body: { refresh_token: current.refreshToken } }).catch(() => undefined);
      }
      store.clear();
    },
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      const tokens = await call<TokenPair>("changePassword", {
        body: { current_password: currentPassword, new_password: newPassword },
      });
      store.set(sessionFromTokens(tokens));
    },
    me: () => call<UserView>("me"),
    riskStatus: () => call<RiskStatusResponse>("riskStatus"),
    dailyReport: (date?: string) => call<DailyReport>("dailyReport", { query: { date } }),
    tripBreaker: (reason: string) => call<BreakerActionResponse>("tripBreaker", { body: { reason } }),
    resetBreaker: (reason: string) => call<BreakerActionResponse>("resetBreaker", { body: { reason } }),
    trades: (query: TradeQuery = {}) => call<TradeListResponse>("trades", { query: { ...query } }),
    trade: (id: string) => call<TradeView>("trade", { params: { id } }),
    dailyStats: (days = 30) => call<DailyStatsResponse>("dailyStats", { query: { days } }),
    overallStats: () => call<OverallStats>("overallStats"),
    positions: () => call<PositionListResponse>("positions"),
    performance: (period: ReportPeriod) => call<PerformanceReport>("performance", { query: { period } }),
    closePosition: (id: string, reason: string) =>
      call<unknown>("closePosition", { params: { id }, body: { reason } }),
    closeAllPositions: (reason: string) => call<unknown>("closeAllPositions", { body: { reason } }),
    cancelAllOrders: (reason: string) => call<unknown>("cancelAllOrders", { body: { reason } }),
    strategies: () => call<unknown>("strategies"),
    strategy: (id: string) => call<unknown>("strategy", { params: { id } }),
    updateStrategy: (id: string, params: Record<string, unknown>) =>
      call<unknown>("updateStrategy", { params: { id }, body: { params } }),
    setStrategyEnabled: (id: string, enabled: boolean) =>
      call<unknown>(enabled ? "enableStrategy" : "disableStrategy", { params: { id } }),
    bots: () => call<unknown>("bots"),
    createBot: (request: CreateBotRequest) => call<unknown>("createBot", { body: request }),
    botAction: (id: string, action: BotAction) =>
      call<unknown>(`${action}Bot` as "startBot" | "pauseBot" | "resumeBot" | "stopBot", { params: { id } }),
    backtests: () => call<unknown>("backtests"),
    submitBacktest: (request: BacktestRequest) => call<unknown>("submitBacktest", { body: request }),
    backtest: (id: string) => call<unknown>("backtest", { params: { id } }),
    backtestStatus: (id: string) => call<BacktestStatusResponse>("backtestStatus", { params: { id } }),
    backtestTrades: (id: string) => call<unknown>("backtestTrades", { params: { id } }),
    backtestEquity: (id: string) => call<unknown>("backtestEquity", { params: { id } }),
    backtestCandles: (id: string, maxBars?: number) =>
      call<BacktestCandlesResponse>("backtestCandles", { params: { id }, query: { maxBars } }),
    datasets: () => call<DatasetListResponse>("datasets"),
    /** Uploads a candle CSV (validated by the server like `hlbot candles import`) as a new data set. */
    uploadData: (name: string, csv: string | Blob) =>
      call<UploadResult>("uploadData", { query: { name }, raw: { contentType: "text/csv", data: csv } }),
    cancelBacktest: (id: string) => call<unknown>("cancelBacktest", { params: { id } }),
    /** The server's OpenAPI document, to learn which planned routes it serves. */
    openApiPaths: async (): Promise<Record<string, Record<string, unknown>>> => {
      const token = store.get()?.accessToken;
      const response = await fetchImpl(`${baseUrl}/api/openapi.json`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw await errorOf(response);
      const document = (await response.json()) as { paths?: Record<string, Record<string, unknown>> };
      return document.paths ?? {};
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
