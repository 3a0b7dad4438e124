import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { type Api, buildApi } from "../../src/api/app.ts";
import { buildWebServer } from "../../src/api/static-web.ts";
import { AuthService } from "../../src/app/auth/auth-service.ts";
import { TokenService } from "../../src/app/auth/token-service.ts";
import { defaultDatasetFolders } from "../../src/app/backtests/datasets.ts";
import { type JobRuntime, startJobRuntime } from "../../src/app/backtests/job-runtime.ts";
import { startTradingRuntime, type TradingRuntime } from "../../src/app/bots/trading-runtime.ts";
import { createLocalEventHub } from "../../src/app/events/event-hub.ts";
import { RiskService } from "../../src/app/risk/risk-service.ts";
import { LiveClock } from "../../src/core/clock.ts";
import { loadConfig } from "../../src/core/config.ts";
import { APP_VERSION } from "../../src/core/version.ts";
import { resolveRiskLimits } from "../../src/risk/index.ts";
import { STRONG_PASSWORD, TEST_JWT_SECRET } from "../helpers/api-harness.ts";
import { asDatabaseRuntime, createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

export { STRONG_PASSWORD };

/**
 * The whole suite in this process, as `npm start` composes it: a backtest worker, the simulator with paper
 * bots (none started by itself), the API and the dashboard server over a fresh database, with one user per
 * role (password {@link STRONG_PASSWORD}).
 */
export interface TradingSuite {
  database: TestDatabase;
  api: Api;
  auth: AuthService;
  /** The dashboard's origin, e.g. `http://127.0.0.1:40123`. */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startTradingSuite(options: {
  /** The built dashboard to serve. */
  dist: string;
  /** Simulator bars per second. */
  simulatorSpeed: number;
}): Promise<TradingSuite> {
  const logger = pino({ level: "silent" });
  const folder = mkdtempSync(join(tmpdir(), "hlbot-web-suite-"));
  const database = await createTestDatabase({ migrate: true });
  const config = loadConfig({
    DATABASE_URL: database.url,
    HL_NETWORK: "simulator",
    SIMULATOR_SPEED: String(options.simulatorSpeed),
    PAPER_BOT_AUTOSTART: "false",
    VENUE_FILE: join(folder, "venue.json"),
  });
  const runtime = asDatabaseRuntime(database);
  const stops: Array<() => Promise<void>> = [];
  try {
    const jobs: JobRuntime = await startJobRuntime(runtime, logger, {
      workerConcurrency: 1,
      folders: defaultDatasetFolders(),
    });
    stops.unshift(() => jobs.stop());
    const risk = new RiskService(
      database.connection.database,
      resolveRiskLimits(),
      new LiveClock(),
      logger,
      "paper",
    );
    await risk.load(config.PAPER_STARTING_BALANCE);
    const trading: TradingRuntime = await startTradingRuntime(
      database.connection.database,
      config,
      logger,
      risk.limits,
      jobs.folders,
      risk,
    );
    stops.unshift(() => trading.stop());
    const events = createLocalEventHub();
    stops.push(() => events.close());
    trading.supervisor.publishTo(events);
    const tokens = new TokenService(TEST_JWT_SECRET, 900);
    const auth = new AuthService(database.connection.database, tokens, logger);
    const api = await buildApi({
      logger,
      version: APP_VERSION,
      environment: "test",
      readinessChecks: [],
      rateLimitScale: 10,
      services: {
        database: database.connection.database,
        auth,
        tokens,
        risk,
        backtests: { service: jobs.backtests, folders: jobs.folders },
        botRunner: trading.supervisor,
        supervisor: trading.supervisor,
        liveTradingAllowed: false,
        events,
      },
    });
    stops.unshift(() => api.close());
    for (const role of ["viewer", "trader", "strategist", "admin"] as const) {
      await auth.createUser({ username: `${role}-user`, password: STRONG_PASSWORD, role });
    }
    await api.listen({ host: "127.0.0.1", port: 0 });
    const apiAddress = api.server.address();
    const apiPort = typeof apiAddress === "object" && apiAddress ? apiAddress.port : 0;
    const web: FastifyInstance = await buildWebServer({
      root: options.dist,
      apiOrigin: `http://127.0.0.1:${apiPort}`,
    });
    await web.listen({ host: "127.0.0.1", port: 0 });
    stops.unshift(() => web.close());
    const webAddress = web.server.address();
    const baseUrl = `http://127.0.0.1:${typeof webAddress === "object" && webAddress ? webAddress.port : 0}`;
    return {
      database,
      api,
      auth,
      baseUrl,
      close: async () => {
        for (const stop of stops) await stop().catch(() => undefined);
        await database.drop();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    await database.drop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
