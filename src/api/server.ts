import type { FastifyBaseLogger, FastifyRequest } from "fastify";
import { Redis } from "ioredis";
import { AuthService } from "../app/auth/auth-service.ts";
import { resolveJwtSecret } from "../app/auth/jwt-secret.ts";
import { TokenService } from "../app/auth/token-service.ts";
import { startJobRuntime } from "../app/backtests/job-runtime.ts";
import { observeConfluenceScores, startTradingRuntime } from "../app/bots/trading-runtime.ts";
import { type DatabaseRuntime, openDatabase } from "../app/database-runtime.ts";
import { relayBacktestEvents } from "../app/events/backtest-events.ts";
import { createLocalEventHub, createRedisEventHub } from "../app/events/event-hub.ts";
import { relayPrices } from "../app/events/price-events.ts";
import { applyMigrations } from "../app/migrations.ts";
import { assertPortAvailable } from "../app/port-check.ts";
import { databaseCheck, type ReadinessCheck, redisCheck } from "../app/readiness.ts";
import { createRiskService } from "../app/risk/create-risk-service.ts";
import { watchRiskState } from "../app/risk/risk-state-watcher.ts";
import { ensureWebBuild } from "../app/web-build.ts";
import type { Config } from "../core/config.ts";
import { createSecurityLogger, type Logger } from "../core/logger.ts";
import { APP_VERSION } from "../core/version.ts";
import { type Api, buildApi } from "./app.ts";
import { buildWebServer } from "./static-web.ts";

/** A running suite. */
export interface RunningSuite {
  readonly api: Api;
  readonly database: DatabaseRuntime;
  /** URLs served, for the console. */
  readonly urls: string[];
  /** Set on the first start of an empty database: the generated admin's one-time password. */
  readonly firstAdmin: { username: string; password: string } | undefined;
  /** Stops the API, closes the pool and stops the embedded PostgreSQL server. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startSuite} beyond the configuration. */
export interface StartOptions {
  onRateLimitExceeded?: (request: FastifyRequest, tier: string) => void;
}

/**
 * Starts the suite: the database (embedded unless DATABASE_URL is set), pending migrations, the first
 * admin on an empty database, the API.
 * @throws {OperationalError} when a port or the embedded data directory is already in use.
 */
export async function startSuite(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningSuite> {
  await assertPortAvailable(config.HOST, config.PORT, "PORT");
  if (config.WEB_PORT !== 0) await assertPortAvailable(config.HOST, config.WEB_PORT, "WEB_PORT");
  const database = await openDatabase(config, logger, "exclusive");
  const closers: Array<() => Promise<void>> = [];
  try {
    const applied = await applyMigrations(database.connection.database);
    if (applied.names.length > 0) {
      logger.info({ event: "migrations_applied", migrations: applied.names }, "migrations applied");
    }
    const checks: ReadinessCheck[] = [databaseCheck(database.connection.database)];
    let redis: Redis | undefined;
    if (config.REDIS_URL) {
      const probe = redisCheck(config.REDIS_URL);
      checks.push(probe);
      closers.push(() => probe.close());
      const client = new Redis(config.REDIS_URL, {
        connectTimeout: 2_000,
        maxRetriesPerRequest: 1,
        lazyConnect: true,
      });
      client.on("error", (error: Error) =>
        logger.warn({ event: "redis_error", code: (error as { code?: string }).code }, "redis error"),
      );
      await client.connect().catch(() => undefined);
      redis = client;
      closers.push(async () => void client.disconnect());
    }
    const tokens = new TokenService(
      resolveJwtSecret(config.JWT_SECRET),
      config.ACCESS_TOKEN_TTL_MINUTES * 60,
    );
    const securityLogger = createSecurityLogger({ level: config.LOG_LEVEL, file: config.SECURITY_LOG_FILE });
    closers.push(async () => void securityLogger.flush());
    const auth = new AuthService(database.connection.database, tokens, securityLogger);
    const firstAdmin = await auth.ensureFirstAdmin();
    const risk = await createRiskService(database.connection.database, config, logger);
    const jobs = await startJobRuntime(database, logger, { workerConcurrency: 1 });
    closers.unshift(() => jobs.stop());
    closers.push(await watchRiskState(database.connection.pool, risk, logger));
    const events = config.REDIS_URL
      ? await createRedisEventHub(config.REDIS_URL, logger)
      : createLocalEventHub();
    closers.push(() => events.close());
    const trading = await startTradingRuntime(
      database.connection.database,
      config,
      logger,
      risk.limits,
      jobs.folders,
      risk,
    );
    closers.unshift(() => trading.stop());
    trading.supervisor.publishTo(events);
    closers.unshift(relayPrices({ endpoints: trading.endpoints, hub: events, logger }));
    closers.push(await relayBacktestEvents(database.connection.pool, jobs.backtests, events, logger));
    // Risk changes reach every replica through LISTEN/NOTIFY already: deliver them locally.
    risk.onChange(() => events.deliverLocal({ channel: "risk", event: "state", data: risk.status() }));
    const api = await buildApi({
      logger,
      version: APP_VERSION,
      environment: config.NODE_ENV,
      readinessChecks: checks,
      services: {
        database: database.connection.database,
        auth,
        tokens,
        risk,
        backtests: { service: jobs.backtests, folders: jobs.folders },
        jobs: { sweeps: jobs.sweeps, reports: jobs.reports },
        botRunner: trading.supervisor,
        supervisor: trading.supervisor,
        liveTradingAllowed: config.HL_NETWORK !== "simulator",
        events,
        ...(redis ? { redis } : {}),
      },
      trustProxy: config.TRUST_PROXY,
      securityLogger,
      metrics: {
        sources: {
          database: database.connection.database,
          pool: database.connection.pool,
          poolMax: config.DB_POOL_MAX,
          risk,
          ...(redis ? { redis } : {}),
          exchangeConnected: () =>
            [...trading.supervisor.running.values()].some((node) => node.status().connected === true),
        },
        allowedNetworks: config.METRICS_ALLOWED_NETWORKS,
      },
      ...(options.onRateLimitExceeded ? { onRateLimitExceeded: options.onRateLimitExceeded } : {}),
    });
    database.connection.onConnectionFailure(() => api.metrics?.databaseConnectionsFailed.inc());
    observeConfluenceScores((total) => api.metrics?.confluenceScore.observe(total));
    closers.push(async () => observeConfluenceScores(undefined));
    await api.listen({ host: config.HOST, port: config.PORT });
    const web = await buildWebServer({
      root: await ensureWebBuild(logger),
      apiOrigin: `http://127.0.0.1:${config.PORT}`,
      logger: logger as FastifyBaseLogger,
    });
    await web.listen({ host: config.HOST, port: config.WEB_PORT });
    closers.unshift(() => web.close());
    const webAddress = web.server.address();
    const webPort = typeof webAddress === "object" && webAddress ? webAddress.port : config.WEB_PORT;
    const shownHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
    const base = `http://${shownHost}:${config.PORT}`;
    const urls = [
      `http://${shownHost}:${webPort}/ (dashboard)`,
      `${base}/api/health`,
      `${base}/api/health/ready`,
      `${base}/api/auth/login`,
      `${base}/metrics`,
    ];
    let stopping: Promise<void> | undefined;
    return {
      api,
      database,
      urls,
      firstAdmin,
      stop: () => {
        stopping ??= (async () => {
          await api.close();
          for (const close of closers) await close();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
