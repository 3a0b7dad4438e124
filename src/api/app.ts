import formBody from "@fastify/formbody";
import swagger from "@fastify/swagger";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Redis } from "ioredis";
import type { AuthService } from "../app/auth/auth-service.ts";
import type { TokenService } from "../app/auth/token-service.ts";
import type { BacktestService } from "../app/backtests/backtest-service.ts";
import type { DatasetFolders } from "../app/backtests/datasets.ts";
import type { SweepService } from "../app/backtests/sweep-service.ts";
import { type BotRunner, BotService } from "../app/bots/bot-service.ts";
import type { BotSupervisor } from "../app/bots/bot-supervisor.ts";
import type { Database } from "../app/database-runtime.ts";
import type { EventHub } from "../app/events/event-hub.ts";
import type { ReadinessCheck } from "../app/readiness.ts";
import type { ReportJobService } from "../app/reports/report-jobs.ts";
import type { RiskService } from "../app/risk/risk-service.ts";
import { StrategyConfigs } from "../app/strategies/strategy-configs.ts";
import type { Logger } from "../core/logger.ts";
import { installErrorEnvelope } from "./error-envelope.ts";
import { installAuthentication, type RouteRule } from "./plugins/authentication.ts";
import { type ApiMetrics, installMetrics, type MetricsSources } from "./plugins/metrics.ts";
import { installRateLimits } from "./plugins/rate-limits.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { backtestRoutes } from "./routes/backtest-routes.ts";
import { botRoutes } from "./routes/bot-routes.ts";
import { emergencyRoutes } from "./routes/emergency-routes.ts";
import { healthRoutes } from "./routes/health-routes.ts";
import { jobRoutes } from "./routes/job-routes.ts";
import { riskRoutes } from "./routes/risk-routes.ts";
import { strategyRoutes } from "./routes/strategy-routes.ts";
import { tradeRoutes } from "./routes/trade-routes.ts";
import { wsRoutes } from "./routes/ws-routes.ts";

/** The services behind the authenticated routes. */
export interface ApiServices {
  database: Database;
  auth: AuthService;
  tokens: TokenService;
  risk: RiskService;
  /** Backtest jobs; absent when no job queue runs (the routes then do not exist). */
  backtests?: { service: BacktestService; folders: DatasetFolders };
  /** Sweeps and report jobs; absent when no job queue runs (the routes then do not exist). */
  jobs?: { sweeps: SweepService; reports: ReportJobService };
  /** Runs bots (the trading node supervisor); without it bots can be created but not started. */
  botRunner?: BotRunner;
  /** The running bots, for emergency actions (close positions, cancel orders). */
  supervisor?: BotSupervisor;
  /** Whether live-mode bots are allowed (HL_NETWORK testnet/mainnet). */
  liveTradingAllowed?: boolean;
  /** Live events for WebSocket clients; without it /api/ws does not exist. */
  events?: EventHub;
  /** Shared store for rate limits across replicas; in-memory when absent. */
  redis?: Redis;
}

/** Everything the HTTP API is built from. */
export interface ApiOptions {
  logger: Logger;
  version: string;
  environment: string;
  readinessChecks: ReadinessCheck[];
  /** Without services only the public health routes exist. */
  services?: ApiServices;
  trustProxy?: boolean | string[];
  /** Multiplies every rate limit (load tests and property tests only); default 1. */
  rateLimitScale?: number;
  /** Where security events (rate limits, emergency actions) are logged besides the request log. */
  securityLogger?: Logger;
  /** Serve GET /metrics from these sources to these networks. */
  metrics?: { sources: MetricsSources; allowedNetworks: readonly string[] };
  onRateLimitExceeded?: (request: FastifyRequest, tier: string) => void;
}

/** The built application, the access rule of every route, and its metrics (when served). */
export type Api = FastifyInstance & { routeRules: RouteRule[]; metrics: ApiMetrics | undefined };

/** Builds the Fastify application (not listening yet). */
export async function buildApi(options: ApiOptions): Promise<Api> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    forceCloseConnections: true,
    trustProxy: options.trustProxy ?? false,
    // One log line per request, written by the onResponse hook below with the fields operators grep.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const routeRules: RouteRule[] = [];
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorEnvelope(app);
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        event: "http_request",
        method: request.method,
        url: request.url.split("?")[0],
        status: reply.statusCode,
        duration: Math.round(reply.elapsedTime * 100) / 100,
      },
      "request completed",
    );
  });
  const metrics = options.metrics
    ? installMetrics(app, options.metrics.sources, options.metrics.allowedNetworks)
    : undefined;
  await app.register(formBody);
  await app.register(swagger, {
    openapi: {
      info: { title: "hlbot API", description: "Hyperliquid trading bot suite", version: options.version },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  if (options.services) {
    const limits = await installRateLimits(app, {
      ...(options.services.redis ? { redis: options.services.redis } : {}),
      ...(options.rateLimitScale ? { scale: options.rateLimitScale } : {}),
      onExceeded: (request, tier) => {
        metrics?.rateLimitHits.inc();
        options.securityLogger?.warn(
          { event: "rate_limit_exceeded", ip: request.ip, tier, url: request.url.split("?")[0] },
          "rate_limit_exceeded",
        );
        options.onRateLimitExceeded?.(request, tier);
      },
    });
    installAuthentication(app, options.services.tokens, routeRules);
    limits.afterAuthentication();
  } else {
    app.addHook("onRoute", (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method !== "HEAD")
          routeRules.push({ method, url: route.url, access: route.config?.access ?? "public" });
      }
    });
  }
  await app.register(healthRoutes, {
    version: options.version,
    environment: options.environment,
    checks: options.readinessChecks,
  });
  app.get(
    "/api/openapi.json",
    {
      schema: { hide: true },
      config: { access: options.services ? "viewer" : "public", rateLimitTier: "read" },
    },
    async () => app.swagger(),
  );
  if (options.services) {
    await app.register(authRoutes, { auth: options.services.auth, database: options.services.database });
    await app.register(riskRoutes, {
      risk: options.services.risk,
      ...(options.securityLogger ? { securityLogger: options.securityLogger } : {}),
    });
    await app.register(tradeRoutes, { database: options.services.database });
    await app.register(strategyRoutes, { configs: new StrategyConfigs(options.services.database) });
    if (options.services.supervisor) {
      await app.register(emergencyRoutes, {
        supervisor: options.services.supervisor,
        database: options.services.database,
        ...(options.securityLogger ? { securityLogger: options.securityLogger } : {}),
      });
    }
    await app.register(botRoutes, {
      bots: new BotService(
        options.services.database,
        options.services.botRunner,
        options.services.liveTradingAllowed ?? false,
      ),
    });
    if (options.services.events) await app.register(wsRoutes, { hub: options.services.events });
    if (options.services.backtests) {
      await app.register(backtestRoutes, {
        backtests: options.services.backtests.service,
        folders: options.services.backtests.folders,
      });
    }
    if (options.services.jobs) await app.register(jobRoutes, options.services.jobs);
  }
  return Object.assign(app as unknown as FastifyInstance, { routeRules, metrics });
}
