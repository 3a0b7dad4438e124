import { pino } from "pino";
import { type Api, buildApi } from "../../src/api/app.ts";
import { AuthService } from "../../src/app/auth/auth-service.ts";
import { TokenService } from "../../src/app/auth/token-service.ts";
import { defaultDatasetFolders } from "../../src/app/backtests/datasets.ts";
import { type JobRuntime, startJobRuntime } from "../../src/app/backtests/job-runtime.ts";
import { createLocalEventHub, type EventHub } from "../../src/app/events/event-hub.ts";
import { RiskService } from "../../src/app/risk/risk-service.ts";
import { TestClock } from "../../src/core/clock.ts";
import { APP_VERSION } from "../../src/core/version.ts";
import { resolveRiskLimits } from "../../src/risk/index.ts";
import { asDatabaseRuntime, createTestDatabase, type TestDatabase } from "./test-database.ts";

export const TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";
export const STRONG_PASSWORD = "Correct-Horse-9-Battery";

/** A full API over a fresh migrated database, with one user per role (password {@link STRONG_PASSWORD}). */
export interface ApiHarness {
  api: Api;
  database: TestDatabase;
  tokens: TokenService;
  auth: AuthService;
  risk: RiskService;
  clock: TestClock;
  events: EventHub;
  /** A valid access token per role. */
  tokenFor: Record<"viewer" | "trader" | "strategist" | "admin", string>;
  close(): Promise<void>;
}

export async function createApiHarness(
  options: {
    /** Backtest, sweep and report jobs (routes and a job runtime). */
    jobs?: boolean;
    /** Job workers in this process (default 0: jobs are queued, not run). */
    jobWorkers?: number;
    /** Folder of uploaded data sets (default `./var/uploads`). */
    uploads?: string;
    rateLimitScale?: number;
  } = {},
): Promise<ApiHarness> {
  const database = await createTestDatabase({ migrate: true });
  const logger = pino({ level: "silent" });
  let jobs: JobRuntime | undefined;
  if (options.jobs) {
    const runtime = asDatabaseRuntime(database);
    const folders = defaultDatasetFolders();
    jobs = await startJobRuntime(runtime, logger, {
      workerConcurrency: options.jobWorkers ?? 0,
      folders: { shared: folders.shared, uploads: options.uploads ?? folders.uploads },
    });
  }
  const tokens = new TokenService(TEST_JWT_SECRET, 900);
  const auth = new AuthService(database.connection.database, tokens, logger);
  const clock = new TestClock(Date.UTC(2026, 0, 5, 12));
  const risk = new RiskService(database.connection.database, resolveRiskLimits(), clock, logger, "paper");
  await risk.load(10_000);
  const events = createLocalEventHub();
  risk.onChange(() => events.deliverLocal({ channel: "risk", event: "state", data: risk.status() }));
  const api = await buildApi({
    logger,
    version: APP_VERSION,
    environment: "test",
    readinessChecks: [],
    ...(options.rateLimitScale ? { rateLimitScale: options.rateLimitScale } : {}),
    services: {
      database: database.connection.database,
      auth,
      tokens,
      risk,
      events,
      ...(jobs
        ? {
            backtests: { service: jobs.backtests, folders: jobs.folders },
            jobs: { sweeps: jobs.sweeps, reports: jobs.reports },
          }
        : {}),
    },
    metrics: {
      sources: { database: database.connection.database, pool: database.connection.pool, poolMax: 4, risk },
      allowedNetworks: ["127.0.0.1/32", "::1/128"],
    },
  });
  const tokenFor = {} as ApiHarness["tokenFor"];
  for (const role of ["viewer", "trader", "strategist", "admin"] as const) {
    const user = await auth.createUser({ username: `${role}-user`, password: STRONG_PASSWORD, role });
    tokenFor[role] = await tokens.signAccess({
      userId: user.id,
      username: user.username,
      role,
      passwordChangeRequired: false,
    });
  }
  return {
    api,
    database,
    tokens,
    auth,
    risk,
    clock,
    events,
    tokenFor,
    close: async () => {
      await api.close();
      await jobs?.stop();
      await database.drop();
    },
  };
}
