import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../../app/database-runtime.ts";
import { readTradingSnapshot, type TradingSnapshot } from "../../app/metrics/trading-snapshot.ts";
import type { RiskService } from "../../app/risk/risk-service.ts";
import { ValidationError } from "../../core/errors.ts";
import type { ErrorEnvelope } from "../error-envelope.ts";

/** What the metrics read from. */
export interface MetricsSources {
  database: Database;
  pool: pg.Pool;
  poolMax: number;
  risk?: RiskService;
  redis?: Redis;
  /** Whether the venue connection is up; absent means no trading node runs, so 0. */
  exchangeConnected?: () => boolean;
}

/** Metrics other parts of the application feed. */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly rateLimitHits: Counter;
  readonly databaseConnectionsFailed: Counter;
  readonly confluenceScore: Histogram;
}

/** Builds the access list of `/metrics` from addresses and CIDRs. @throws {ValidationError} for a bad entry. */
export function metricsAccessList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const network of networks) {
    const [address = "", prefix] = network.split("/");
    const type = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
    if (!type) throw new ValidationError(`METRICS_ALLOWED_NETWORKS: ${network} is not an address or CIDR`);
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function allowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  return list.check(address, isIPv4(address) ? "ipv4" : "ipv6");
}

/**
 * Prometheus metrics on `GET /metrics` (prom-client, own registry): HTTP request counts and durations,
 * process metrics, and the trading gauges read from PostgreSQL at scrape time, so they always equal the
 * database. Only addresses in `allowedNetworks` may scrape.
 */
export function installMetrics(
  app: FastifyInstance,
  sources: MetricsSources,
  allowedNetworks: readonly string[],
): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const access = metricsAccessList(allowedNetworks);
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const durations = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  const rateLimitHits = new Counter({
    name: "trading_rate_limit_hits_total",
    help: "Requests refused by a rate limit",
    registers: [registry],
  });
  const databaseConnectionsFailed = new Counter({
    name: "database_connections_failed_total",
    help: "PostgreSQL connections that could not be made or broke",
    registers: [registry],
  });
  const confluenceScore = new Histogram({
    name: "trading_confluence_score",
    help: "Total confluence score of evaluated signals (0-1)",
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    registers: [registry],
  });

  // One database read per scrape serves all trading gauges (set by the route before collecting).
  let snapshot: Promise<TradingSnapshot> | undefined;
  const current = (): Promise<TradingSnapshot> => {
    snapshot ??= readTradingSnapshot(sources.database);
    return snapshot;
  };
  const gauge = (name: string, help: string, read: (value: TradingSnapshot) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(read(await current()));
      },
    });
  gauge(
    "trading_positions_open",
    "Open positions (positions.status = 'open')",
    (value) => value.positionsOpen,
  );
  gauge(
    "trading_pnl_daily_total",
    "Net PnL of trades closed today (UTC), quote currency",
    (value) => value.pnlToday,
  );
  gauge(
    "trading_pnl_daily_percent",
    "Today's net PnL as a fraction of the day's starting equity (negative when losing)",
    (value) => {
      const baseline = sources.risk?.state.dailyBaselineEquity ?? 0;
      return baseline > 0 ? value.pnlToday / baseline : 0;
    },
  );
  gauge("trading_trades_total", "Closed trades", (value) => value.tradesTotal);
  gauge("trading_trades_won", "Closed trades with positive net PnL", (value) => value.tradesWon);
  gauge(
    "trading_trade_duration_seconds_sum",
    "Sum of closed trades' durations in seconds",
    (value) => value.tradeDurationSecondsSum,
  );
  gauge(
    "trading_trade_duration_seconds_count",
    "Number of closed trades (durations counted)",
    (value) => value.tradesTotal,
  );
  gauge(
    "trading_capital_at_risk",
    "Σ size × |entry − stop| of open positions, quote currency",
    (value) => value.capitalAtRisk,
  );
  new Gauge({
    name: "trading_position_duration_minutes",
    help: "Minutes each open position has been open",
    labelNames: ["position_id", "symbol"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const position of (await current()).openPositions) {
        this.set({ position_id: position.id, symbol: position.symbol }, position.minutes);
      }
    },
  });
  new Gauge({
    name: "trading_capital_total",
    help: "Account equity (balance + unrealized PnL), quote currency",
    registers: [registry],
    collect() {
      this.set(sources.risk?.state.equity ?? 0);
    },
  });
  new Gauge({
    name: "trading_daily_loss_percent",
    help: "Today's loss from the day's starting equity in percent (0 when not losing)",
    registers: [registry],
    collect() {
      this.set(sources.risk ? sources.risk.status().dailyLossPercent : 0);
    },
  });
  new Gauge({
    name: "trading_circuit_breaker_state",
    help: "1 when the circuit breaker is tripped, 0 when armed",
    registers: [registry],
    collect() {
      this.set(sources.risk?.state.breaker ? 1 : 0);
    },
  });
  new Gauge({
    name: "trading_exchange_connected",
    help: "1 when the trading node's venue connection is up",
    registers: [registry],
    collect() {
      this.set(sources.exchangeConnected?.() ? 1 : 0);
    },
  });
  new Gauge({
    name: "trading_db_pool_available",
    help: "PostgreSQL connections the pool can still hand out (idle + not yet opened)",
    registers: [registry],
    collect() {
      this.set(sources.pool.idleCount + Math.max(0, sources.poolMax - sources.pool.totalCount));
    },
  });
  new Gauge({
    name: "trading_redis_connected",
    help: "1 when Redis is configured and connected",
    registers: [registry],
    collect() {
      this.set(sources.redis?.status === "ready" ? 1 : 0);
    },
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  app.get("/metrics", { config: { access: "public" } }, async (request, reply) => {
    if (!allowed(access, request.ip)) {
      const body: ErrorEnvelope = {
        error: { code: "FORBIDDEN", message: "metrics are not served to this address" },
      };
      return reply.status(403).send(body);
    }
    snapshot = readTradingSnapshot(sources.database);
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });

  return { registry, rateLimitHits, databaseConnectionsFailed, confluenceScore };
}
