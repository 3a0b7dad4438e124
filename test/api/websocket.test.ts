import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Api, buildApi } from "../../src/api/app.ts";
import { AuthService } from "../../src/app/auth/auth-service.ts";
import { TokenService } from "../../src/app/auth/token-service.ts";
import { createRedisEventHub, type EventHub } from "../../src/app/events/event-hub.ts";
import { RiskService } from "../../src/app/risk/risk-service.ts";
import { TestClock } from "../../src/core/clock.ts";
import { resolveRiskLimits } from "../../src/risk/index.ts";
import {
  type ApiHarness,
  createApiHarness,
  STRONG_PASSWORD,
  TEST_JWT_SECRET,
} from "../helpers/api-harness.ts";
import { eventually } from "../helpers/eventually.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { freePort } from "../setup/global-postgres.ts";

interface Client {
  socket: WebSocket;
  messages: Array<Record<string, unknown>>;
  close(): void;
}

async function connect(url: string): Promise<Client> {
  const socket = new WebSocket(url);
  const messages: Array<Record<string, unknown>> = [];
  socket.on("message", (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (request, response) => {
      request.destroy();
      socket.terminate();
      reject(new Error(`HTTP ${response.statusCode}`));
    });
  });
  return { socket, messages, close: () => socket.terminate() };
}

describe("WebSocket /api/ws", () => {
  let harness: ApiHarness;
  let base: string;
  beforeAll(async () => {
    harness = await createApiHarness();
    const port = await freePort();
    await harness.api.listen({ host: "127.0.0.1", port });
    base = `ws://127.0.0.1:${port}/api/ws`;
  });
  afterAll(async () => {
    await harness.close();
  });

  it("refuses connections without a valid token", async () => {
    await expect(connect(base)).rejects.toThrow("HTTP 401");
    await expect(connect(`${base}?access_token=forged.token.value`)).rejects.toThrow("HTTP 401");
  });

  it("pushes risk state changes to subscribers and answers bad messages with an error", async () => {
    const client = await connect(`${base}?access_token=${harness.tokenFor.viewer}`);
    client.socket.send("not json");
    client.socket.send(JSON.stringify({ type: "subscribe", channels: ["gossip"] }));
    client.socket.send(JSON.stringify({ type: "subscribe", channels: ["risk"] }));
    await eventually(() => client.messages.some((message) => message.type === "subscribed"));
    expect(
      client.messages.filter((message) => message.type === "error").map((message) => message.message),
    ).toEqual(["messages must be JSON", expect.stringContaining("unknown channel(s): gossip")]);
    await harness.risk.trip("websocket test", { actor: "test" });
    const event = await eventually(() => client.messages.find((message) => message.type === "event"));
    expect(event).toMatchObject({ channel: "risk", event: "state", data: { tradingState: "HALTED" } });
    await harness.risk.reset("websocket test done", { actor: "test" });
    client.close();
  });
});

describe("WebSocket events across API replicas through Redis", () => {
  let redis: TestRedis;
  let database: TestDatabase;
  const hubs: EventHub[] = [];
  const replicas: Api[] = [];
  const ports: number[] = [];
  let token = "";

  beforeAll(async () => {
    redis = await startTestRedis(await freePort());
    database = await createTestDatabase({ migrate: true });
    const logger = pino({ level: "silent" });
    const tokens = new TokenService(TEST_JWT_SECRET, 900);
    const auth = new AuthService(database.connection.database, tokens, logger);
    const user = await auth.createUser({ username: "ws-viewer", password: STRONG_PASSWORD, role: "viewer" });
    token = await tokens.signAccess({
      userId: user.id,
      username: user.username,
      role: "viewer",
      passwordChangeRequired: false,
    });
    for (let index = 0; index < 2; index++) {
      const hub = await createRedisEventHub(redis.url, logger);
      hubs.push(hub);
      const risk = new RiskService(
        database.connection.database,
        resolveRiskLimits(),
        new TestClock(0),
        logger,
      );
      await risk.load(10_000);
      const api = await buildApi({
        logger,
        version: "0",
        environment: "test",
        readinessChecks: [],
        services: { database: database.connection.database, auth, tokens, risk, events: hub },
      });
      const port = await freePort();
      await api.listen({ host: "127.0.0.1", port });
      replicas.push(api);
      ports.push(port);
    }
  });

  afterAll(async () => {
    for (const api of replicas) await api.close();
    for (const hub of hubs) await hub.close();
    await database?.drop();
    await redis?.stop();
  });

  it("delivers an event published on one replica to a client connected to the other", async () => {
    const client = await connect(`ws://127.0.0.1:${ports[1]}/api/ws?access_token=${token}`);
    client.socket.send(JSON.stringify({ type: "subscribe", channels: ["positions"] }));
    await eventually(() => client.messages.some((message) => message.type === "subscribed"));
    await hubs[0]?.publish({ channel: "positions", event: "opened", data: { symbol: "BTC", size: 0.1 } });
    const event = await eventually(() => client.messages.find((message) => message.type === "event"));
    expect(event).toMatchObject({ channel: "positions", event: "opened", data: { symbol: "BTC" } });
    client.close();
  });
});
