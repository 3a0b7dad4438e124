import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../../src/api/app.ts";
import { databaseCheck, redisCheck } from "../../src/app/readiness.ts";
import { APP_VERSION } from "../../src/core/version.ts";
import { connectDatabase, type DatabaseConnection } from "../../src/storage/database.ts";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../../src/storage/embedded-postgres.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis-server.ts";
import { freePort } from "../setup/global-postgres.ts";

const silent = pino({ level: "silent" });

describe("GET /api/health", () => {
  it("answers healthy with the package version and the environment", async () => {
    const app = await buildApi({
      logger: silent,
      version: APP_VERSION,
      environment: "test",
      readinessChecks: [],
    });
    const response = await app.inject({ method: "GET", url: "/api/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "healthy", version: APP_VERSION, environment: "test" });
    expect(APP_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    await app.close();
  });

  it("answers unknown routes with the error envelope", async () => {
    const app = await buildApi({
      logger: silent,
      version: APP_VERSION,
      environment: "test",
      readinessChecks: [],
    });
    const response = await app.inject({ method: "GET", url: "/api/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: "NOT_FOUND", message: "no route GET /api/nope" } });
    await app.close();
  });
});

describe("GET /api/health/ready", () => {
  let folder: string;
  let postgres: EmbeddedPostgresServer;
  let connection: DatabaseConnection;
  let redis: TestRedis;
  let app: FastifyInstance;
  let closeRedisCheck: () => Promise<void>;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "hlbot-ready-"));
    const { chmodSync } = await import("node:fs");
    chmodSync(folder, 0o755);
    postgres = await startEmbeddedPostgres({
      dataDirectory: join(folder, "pg"),
      port: await freePort(),
      ephemeral: true,
    });
    connection = connectDatabase(postgres.url, { poolMax: 2 });
    redis = await startTestRedis(await freePort());
    const redisProbe = redisCheck(redis.url);
    closeRedisCheck = redisProbe.close;
    app = await buildApi({
      logger: silent,
      version: APP_VERSION,
      environment: "test",
      readinessChecks: [databaseCheck(connection.database), redisProbe],
    });
  });

  afterAll(async () => {
    await app?.close();
    await closeRedisCheck?.();
    await connection?.close();
    await postgres?.stop();
    await redis?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("reports each check with its status and latency when everything is up", async () => {
    const response = await app.inject({ method: "GET", url: "/api/health/ready" });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe("ready");
    expect(body.checks.database.status).toBe("up");
    expect(body.checks.redis.status).toBe("up");
    expect(typeof body.checks.database.latencyMs).toBe("number");
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("answers 503 naming redis when Redis is down, without leaking its URL", async () => {
    await redis.stop();
    const response = await app.inject({ method: "GET", url: "/api/health/ready" });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.status).toBe("not_ready");
    expect(body.failing).toEqual(["redis"]);
    expect(body.checks.database.status).toBe("up");
    expect(response.body).not.toContain("redis://");
  });

  it("answers 503 naming the database when PostgreSQL is stopped", async () => {
    await postgres.stop();
    const response = await app.inject({ method: "GET", url: "/api/health/ready" });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.failing).toContain("database");
    expect(body.checks.database.status).toBe("down");
    expect(body.checks.database.error).toMatch(/^[A-Z0-9_a-z]+$/);
    expect(response.body).not.toContain("postgres://");
  });
});
