import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, buildApi } from "../../src/api/app.ts";
import { AuthService } from "../../src/app/auth/auth-service.ts";
import { TokenService } from "../../src/app/auth/token-service.ts";
import { RiskService } from "../../src/app/risk/risk-service.ts";
import { TestClock } from "../../src/core/clock.ts";
import { resolveRiskLimits } from "../../src/risk/index.ts";
import { STRONG_PASSWORD, TEST_JWT_SECRET } from "../helpers/api-harness.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { freePort } from "../setup/global-postgres.ts";

describe("rate limits shared through Redis", () => {
  let redisServer: TestRedis;
  let database: TestDatabase;
  const clients: Redis[] = [];
  const replicas: Api[] = [];

  beforeAll(async () => {
    redisServer = await startTestRedis(await freePort());
    database = await createTestDatabase({ migrate: true });
    const logger = pino({ level: "silent" });
    const tokens = new TokenService(TEST_JWT_SECRET, 900);
    const auth = new AuthService(database.connection.database, tokens, logger);
    await auth.createUser({ username: "shared-user", password: STRONG_PASSWORD, role: "viewer" });
    const risk = new RiskService(database.connection.database, resolveRiskLimits(), new TestClock(0), logger);
    await risk.load(10_000);
    for (let replica = 0; replica < 2; replica++) {
      const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
      clients.push(redis);
      replicas.push(
        await buildApi({
          logger,
          version: "0",
          environment: "test",
          readinessChecks: [],
          services: { database: database.connection.database, auth, tokens, risk, redis },
        }),
      );
    }
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    for (const client of clients) client.disconnect();
    await database.drop();
    await redisServer.stop();
  });

  it("counts requests to two API replicas together", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const replica = replicas[attempt % 2];
      const response = await replica?.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "shared-user", password: STRONG_PASSWORD },
        remoteAddress: "10.7.7.7",
      });
      statuses.push(response?.statusCode ?? 0);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const keys = await clients[0]?.keys("hlbot-rate-limit:*");
    expect(keys?.length).toBeGreaterThan(0);
  });
});
