import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { parseWire, WS_WELCOME_TEXT, WsServerMessage } from "../../src/venues/hyperliquid/index.ts";
import { loadFixtures } from "./helpers/fixtures.ts";
import { eventually, type Harness, MASTER, master, startHarness } from "./helpers/simulator-harness.ts";

const BTC_FILE = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);

/** Collects what an SDK listener receives, as the server frame `{channel, data}` it came in. */
function collector(channel: string) {
  const frames: unknown[] = [];
  return {
    frames,
    listener: (data: unknown) => frames.push(parseWire(WsServerMessage, { channel, data }, `ws ${channel}`)),
  };
}

/** A raw `ws` client that records every frame. */
async function rawClient(url: string) {
  const socket = new WebSocket(url);
  const frames: unknown[] = [];
  socket.on("message", (data) => {
    const text = data.toString();
    frames.push(text === WS_WELCOME_TEXT ? text : JSON.parse(text));
  });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return { socket, frames, send: (frame: unknown) => socket.send(JSON.stringify(frame)) };
}

describe("WebSocket channels through the SDK", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness({
      data: [{ file: BTC_FILE }],
      markets: [{ coin: "ETH", mid: 2500 }],
      startBar: 24,
    });
  });
  afterEach(() => harness.close());

  it("pushes every channel the engine uses, each parsing with the wire schema", async () => {
    const { subscriptions } = harness.openWebSocket();
    const mids = collector("allMids");
    const book = collector("l2Book");
    const trades = collector("trades");
    const candles = collector("candle");
    const updates = collector("orderUpdates");
    const fills = collector("userFills");
    const events = collector("user");
    await subscriptions.allMids(mids.listener);
    await subscriptions.l2Book({ coin: "BTC" }, book.listener);
    await subscriptions.trades({ coin: "BTC" }, trades.listener);
    await subscriptions.candle({ coin: "BTC", interval: "1h" }, candles.listener);
    await subscriptions.orderUpdates({ user: MASTER }, updates.listener);
    await subscriptions.userFills({ user: MASTER }, fills.listener);
    await subscriptions.userEvents({ user: MASTER }, events.listener);

    await eventually(() =>
      expect(fills.frames).toMatchObject([{ data: { user: MASTER, fills: [], isSnapshot: true } }]),
    );
    const client = harness.exchangeFor(master);
    await client.order({
      orders: [{ a: 0, b: true, p: "120000", s: "0.01", r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    });
    harness.simulator.advance({ bars: 1 });

    await eventually(() => {
      expect(mids.frames.length).toBeGreaterThanOrEqual(2);
      expect(book.frames.length).toBeGreaterThanOrEqual(2);
      expect(candles.frames.length).toBeGreaterThanOrEqual(2);
      expect(trades.frames).toMatchObject([
        { data: [{ coin: "BTC", side: "B", users: [MASTER, expect.any(String)] }] },
      ]);
      expect(updates.frames).toMatchObject([
        { data: [{ status: "filled", order: { coin: "BTC", side: "B" } }] },
      ]);
      expect(fills.frames[1]).toMatchObject({
        data: { user: MASTER, fills: [{ dir: "Open Long", sz: "0.01" }] },
      });
      expect(events.frames).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ data: { fills: [expect.objectContaining({ coin: "BTC" })] } }),
          expect.objectContaining({
            data: { funding: expect.objectContaining({ coin: "BTC", szi: "0.01" }) },
          }),
        ]),
      );
    });
    const hour = 3_600_000;
    const start = 1748332800000;
    expect(candles.frames.map((frame) => (frame as { data: { t: number } }).data.t)).toEqual([
      start + 24 * hour,
      start + 24 * hour,
      start + 25 * hour,
    ]);
    expect(candles.frames.at(-2)).toMatchObject({ data: { s: "BTC", i: "1h", n: 1 } });
    expect(candles.frames.at(-1)).toMatchObject({ data: { n: 0, v: "0" } });
  });

  it("recorded WS fixtures parse with the same schema", () => {
    for (const fixture of loadFixtures().filter((candidate) => candidate.kind === "ws")) {
      expect(() => parseWire(WsServerMessage, fixture.payload, fixture.file)).not.toThrow();
    }
  });

  it("answers ping, post (info and action) and subscription errors in Hyperliquid's frames", async () => {
    const client = await rawClient(harness.simulator.wsUrl);
    try {
      client.send({ method: "ping" });
      client.send({ method: "post", id: 7, request: { type: "info", payload: { type: "allMids" } } });
      client.send({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
      client.send({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
      client.send({ method: "subscribe", subscription: { type: "nonsense" } });
      client.send({ method: "unsubscribe", subscription: { type: "trades", coin: "ETH" } });
      client.send({
        method: "post",
        id: 8,
        request: {
          type: "action",
          payload: { action: { type: "noop" }, nonce: 1, signature: { r: "0x1", s: "0x1", v: 27 } },
        },
      });
      await eventually(() => expect(client.frames).toHaveLength(8));
      expect(client.frames).toEqual([
        WS_WELCOME_TEXT,
        { channel: "pong" },
        {
          channel: "post",
          data: {
            id: 7,
            response: {
              type: "info",
              payload: { type: "allMids", data: expect.objectContaining({ ETH: "2500" }) },
            },
          },
        },
        {
          channel: "subscriptionResponse",
          data: { method: "subscribe", subscription: { type: "trades", coin: "BTC" } },
        },
        { channel: "error", data: 'Already subscribed: {"type":"trades","coin":"BTC"}' },
        { channel: "error", data: 'Invalid subscription {"type":"nonsense"}' },
        { channel: "error", data: 'Already unsubscribed: {"type":"trades","coin":"ETH"}' },
        {
          channel: "post",
          data: {
            id: 8,
            response: {
              type: "action",
              payload: { status: "err", response: expect.stringMatching(/does not exist|Unable to recover/) },
            },
          },
        },
      ]);
    } finally {
      client.socket.close();
    }
  });

  it("sends signed actions over WS post through the SDK", async () => {
    const { transport } = harness.openWebSocket();
    const { ExchangeClient } = await import("@nktkas/hyperliquid");
    const client = new ExchangeClient({ transport, wallet: master });
    const response = await client.order({
      orders: [{ a: 1, b: true, p: "2400", s: "0.01", r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    });
    expect(response).toMatchObject({
      status: "ok",
      response: { type: "order", data: { statuses: [{ resting: {} }] } },
    });
  });
});
