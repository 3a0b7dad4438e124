import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { AuthService } from "../../src/app/auth/auth-service.ts";
import { TokenService } from "../../src/app/auth/token-service.ts";
import { STRONG_PASSWORD, TEST_JWT_SECRET } from "../helpers/api-harness.ts";
import { eventually } from "../helpers/eventually.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis-server.ts";
import { type RunningCli, spawnCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { freePort } from "../setup/global-postgres.ts";

/**
 * Two `hlbot start` processes on one database and one Redis, as two API replicas behind a load
 * balancer: rate limits count together, WebSocket events reach clients of either replica, and a
 * backtest submitted to one is answered by the other.
 */
describe("two API replicas in two processes (PostgreSQL + Redis)", () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let folder: string;
  const replicas: Array<{ cli: RunningCli; port: number }> = [];
  const token: Record<string, string> = {};

  const call = async (replica: number, method: string, path: string, role: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${replicas[replica]?.port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token[role]}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const subscribe = async (replica: number, channels: string[]) => {
    const socket = new WebSocket(
      `ws://127.0.0.1:${replicas[replica]?.port}/api/ws?access_token=${token.viewer}`,
    );
    const messages: Array<Record<string, unknown>> = [];
    socket.on("message", (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    socket.send(JSON.stringify({ type: "subscribe", channels }));
    await eventually(() => messages.some((message) => message.type === "subscribed"), {
      message: "no subscription answer",
    });
    return { socket, messages };
  };

  beforeAll(async () => {
    redis = await startTestRedis(await freePort());
    database = await createTestDatabase({ migrate: true });
    folder = mkdtempSync(join(tmpdir(), "hlbot-replicas-"));
    const logger = pino({ level: "silent" });
    const tokens = new TokenService(TEST_JWT_SECRET, 900);
    const auth = new AuthService(database.connection.database, tokens, logger);
    for (const role of ["viewer", "trader", "strategist", "admin"] as const) {
      const user = await auth.createUser({ username: `${role}-replicas`, password: STRONG_PASSWORD, role });
      token[role] = await tokens.signAccess({
        userId: user.id,
        username: user.username,
        role,
        passwordChangeRequired: false,
      });
    }
    // One after the other, as a rolling deployment would start them.
    for (let replica = 0; replica < 2; replica++) {
      const port = await freePort();
      const cli = spawnCli(["start"], {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        JWT_SECRET: TEST_JWT_SECRET,
        PORT: String(port),
        SIMULATOR_SPEED: "20",
        SECURITY_LOG_FILE: join(folder, `security-${replica}.log`),
        VENUE_FILE: join(folder, `venue-${replica}.json`),
      });
      replicas.push({ cli, port });
      await eventually(
        async () => {
          if (cli.child.exitCode !== null) throw new Error(`replica exited:\n${cli.output()}`);
          const response = await fetch(`http://127.0.0.1:${port}/api/health/ready`).catch(() => undefined);
          return response?.status === 200;
        },
        { timeoutMs: 120_000, message: "a replica did not become ready" },
      );
    }
  }, 300_000);

  afterAll(async () => {
    for (const { cli } of replicas) {
      if (cli.child.exitCode === null) cli.child.kill("SIGTERM");
    }
    const codes = await Promise.all(replicas.map(({ cli }) => cli.exited));
    await database?.drop();
    await redis?.stop();
    rmSync(folder, { recursive: true, force: true });
    expect(codes).toEqual([0, 0]);
  }, 60_000);

  it("counts a user's requests to both replicas against one rate limit", async () => {
    const statuses: number[] = [];
    // The trading tier allows 10 requests a minute per user; alternate between the replicas.
    for (let attempt = 0; attempt < 12; attempt++) {
      statuses.push(
        (await call(attempt % 2, "POST", "/api/bots/00000000-0000-4000-8000-000000000000/pause", "trader"))
          .status,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("delivers a bot's live events from the replica that runs it to a client of the other", async () => {
    const client = await subscribe(1, ["bots"]);
    try {
      const created = await call(0, "POST", "/api/bots", "admin", {
        name: "replica-bot",
        strategyType: "donchian-breakout",
        symbol: "BTC",
        interval: "1h",
        mode: "paper",
        params: {},
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect((await call(0, "POST", `/api/bots/${id}/start`, "admin")).status).toBe(200);
      await eventually(
        () =>
          client.messages.find(
            (message) =>
              message.type === "event" &&
              message.channel === "bots" &&
              (message.data as { botId?: string }).botId === id,
          ),
        { timeoutMs: 30_000, message: "the other replica's client got no event of the bot" },
      );
      // The other replica answers for the same bot from the shared database.
      expect((await call(1, "GET", `/api/bots/${id}`, "viewer")).body).toMatchObject({
        id,
        status: "running",
      });
      expect((await call(0, "POST", `/api/bots/${id}/stop`, "admin")).status).toBe(200);
    } finally {
      client.socket.terminate();
    }
  });

  it("runs a backtest submitted to one replica and reports it on the other, over HTTP and WebSocket", async () => {
    const client = await subscribe(1, ["backtests"]);
    try {
      const submitted = await call(0, "POST", "/api/backtesting", "strategist", {
        strategy: "sma-cross",
        params: { fast: 10, slow: 30 },
        dataset: "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
        cash: 1_000_000,
        sizing: "all-in",
      });
      expect(submitted.status).toBe(202);
      const id = submitted.body.id as string;
      await eventually(
        () =>
          client.messages.find(
            (message) =>
              message.channel === "backtests" &&
              message.event === "complete" &&
              (message.data as { id?: string }).id === id,
          ),
        { timeoutMs: 60_000, message: "no complete event on the other replica" },
      );
      const status = await call(1, "GET", `/api/backtesting/${id}/status`, "viewer");
      expect(status.body).toMatchObject({ id, status: "completed", progress: 1 });
      expect(
        client.messages.some(
          (message) => message.event === "trade" && (message.data as { id?: string }).id === id,
        ),
      ).toBe(true);
    } finally {
      client.socket.terminate();
    }
  });
});
