import { HttpRequestError } from "@nktkas/hyperliquid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INJECTED_REJECTION } from "../../src/venues/simulator/index.ts";
import { eventually, type Harness, MASTER, master, startHarness } from "./helpers/simulator-harness.ts";

const order = { a: 0, b: true, p: "99000", s: "0.001", r: false, t: { limit: { tif: "Gtc" as const } } };

describe("fault injection", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it("answers HTTP 429 to the next N requests, then recovers", async () => {
    harness.simulator.inject({ type: "http429", count: 2 });
    const first = await harness.info.allMids().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(HttpRequestError);
    expect((first as HttpRequestError).response?.status).toBe(429);
    await expect(harness.exchangeFor(master).order({ orders: [order], grouping: "na" })).rejects.toThrow(
      /429/,
    );
    expect(await harness.info.openOrders({ user: MASTER })).toEqual([]);
    await expect(harness.info.allMids()).resolves.toEqual({ BTC: "100000", ETH: "2500" });
  });

  it("rejects the next N actions without touching state", async () => {
    harness.simulator.inject({ type: "rejectActions", count: 1 });
    harness.simulator.inject({ type: "rejectActions", count: 1, message: "Custom outage" });
    const client = harness.exchangeFor(master);
    await expect(client.order({ orders: [order], grouping: "na" })).rejects.toThrow(INJECTED_REJECTION);
    await expect(client.order({ orders: [order], grouping: "na" })).rejects.toThrow("Custom outage");
    await expect(client.order({ orders: [order], grouping: "na" })).resolves.toMatchObject({ status: "ok" });
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(1);
  });

  it("drops every WebSocket; the SDK reconnects, resubscribes and receives later pushes", async () => {
    const { subscriptions } = harness.openWebSocket();
    const mids: unknown[] = [];
    await subscriptions.allMids((data) => mids.push(data));
    await eventually(() => expect(mids).toHaveLength(1));
    harness.simulator.inject({ type: "dropWebSockets" });
    await eventually(() => expect(mids).toHaveLength(2));
    harness.simulator.setMid("BTC", 100_500);
    await eventually(() => expect(mids.at(-1)).toEqual({ mids: { BTC: "100500", ETH: "2500" } }));
  });

  it("loses the next N pushes without closing the connection (fills must be gap-filled over HTTP)", async () => {
    const { subscriptions } = harness.openWebSocket();
    const fills: unknown[] = [];
    await subscriptions.userFills({ user: MASTER }, (data) => fills.push(data));
    await eventually(() => expect(fills).toHaveLength(1));
    harness.simulator.inject({ type: "dropWebSocketMessages", count: 1 });
    const client = harness.exchangeFor(master);
    await client.order({ orders: [{ ...order, p: "100010", t: { limit: { tif: "Ioc" } } }], grouping: "na" });
    await client.order({ orders: [{ ...order, p: "100010", t: { limit: { tif: "Ioc" } } }], grouping: "na" });
    await eventually(() => expect(fills).toHaveLength(2));
    expect(await harness.info.userFillsByTime({ user: MASTER, startTime: 0 })).toHaveLength(2);
  });

  it("delays WebSocket frames", async () => {
    harness.simulator.inject({ type: "delayWebSocket", milliseconds: 150 });
    const { subscriptions } = harness.openWebSocket();
    const started = Date.now();
    await subscriptions.allMids(() => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    harness.simulator.inject({ type: "delayWebSocket", milliseconds: 0 });
  });
});

describe("connection hygiene", () => {
  it("closes WebSocket connections that stay silent, keeps those that ping", async () => {
    const harness = await startHarness({ webSocketIdleMs: 300 });
    try {
      const { WebSocket } = await import("ws");
      const silent = new WebSocket(harness.simulator.wsUrl);
      const pinging = new WebSocket(harness.simulator.wsUrl);
      await Promise.all(
        [silent, pinging].map((socket) => new Promise((resolve) => socket.once("open", resolve))),
      );
      const timer = setInterval(() => pinging.send(JSON.stringify({ method: "ping" })), 50);
      const closed = new Promise((resolve) => silent.once("close", resolve));
      await closed;
      expect(pinging.readyState).toBe(WebSocket.OPEN);
      clearInterval(timer);
      pinging.close();
    } finally {
      await harness.close();
    }
  });

  it("refuses bodies over 1 MiB with 413", async () => {
    const harness = await startHarness();
    try {
      const response = await fetch(`${harness.simulator.url}/info`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "allMids", padding: "x".repeat(1_100_000) }),
      });
      expect(response.status).toBe(413);
      const missing = await fetch(`${harness.simulator.url}/nothing`, { method: "POST", body: "{}" });
      expect(missing.status).toBe(404);
    } finally {
      await harness.close();
    }
  });
});

describe("replay on the wall clock", () => {
  it("replays recorded bars at `speed` bars per second without an injected clock", async () => {
    const { fileURLToPath } = await import("node:url");
    const { startSimulator } = await import("../../src/venues/simulator/index.ts");
    const file = fileURLToPath(
      new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
    );
    const simulator = await startSimulator({ accounts: [], data: [{ file }], speed: 50, startBar: 10 });
    try {
      const first = simulator.exchange.mids().BTC;
      await eventually(() => expect(simulator.exchange.mids().BTC).not.toBe(first));
      const response = await fetch(`${simulator.url}/info`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "candleSnapshot", req: { coin: "BTC", interval: "1h", startTime: 0 } }),
      });
      expect(((await response.json()) as unknown[]).length).toBeGreaterThan(10);
    } finally {
      await simulator.close();
    }
  });
});
