import type { FastifyInstance } from "fastify";
import { type DatabaseRuntime, openDatabase } from "../app/database-runtime.ts";
import { applyMigrations } from "../app/migrations.ts";
import { assertPortAvailable } from "../app/port-check.ts";
import { databaseCheck, type ReadinessCheck, redisCheck } from "../app/readiness.ts";
import type { Config } from "../core/config.ts";
import type { Logger } from "../core/logger.ts";
import { APP_VERSION } from "../core/version.ts";
import { buildApi } from "./app.ts";

/** A running suite. */
export interface RunningSuite {
  readonly api: FastifyInstance;
  readonly database: DatabaseRuntime;
  /** URLs served, for the console. */
  readonly urls: string[];
  /** Stops the API, closes the pool and stops the embedded PostgreSQL server. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the suite: the database (embedded unless DATABASE_URL is set), pending migrations, the API.
 * @throws {OperationalError} when a port or the embedded data directory is already in use.
 */
export async function startSuite(config: Config, logger: Logger): Promise<RunningSuite> {
  await assertPortAvailable(config.HOST, config.PORT, "PORT");
  const database = await openDatabase(config, logger, "exclusive");
  const closers: Array<() => Promise<void>> = [];
  try {
    const applied = await applyMigrations(database.connection.database);
    if (applied.names.length > 0)
      logger.info({ event: "migrations_applied", migrations: applied.names }, "migrations applied");
    const checks: ReadinessCheck[] = [databaseCheck(database.connection.database)];
    if (config.REDIS_URL) {
      const redis = redisCheck(config.REDIS_URL);
      checks.push(redis);
      closers.push(() => redis.close());
    }
    const api = await buildApi({
      logger,
      version: APP_VERSION,
      environment: config.NODE_ENV,
      readinessChecks: checks,
    });
    await api.listen({ host: config.HOST, port: config.PORT });
    const shownHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
    const urls = [
      `http://${shownHost}:${config.PORT}/api/health`,
      `http://${shownHost}:${config.PORT}/api/health/ready`,
    ];
    let stopping: Promise<void> | undefined;
    return {
      api,
      database,
      urls,
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
