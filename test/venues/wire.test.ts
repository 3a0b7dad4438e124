import { describe, expect, it } from "vitest";
import {
  ExchangeRequest,
  L1Action,
  L2BookResponse,
  normalizeDecimalString,
  OrderAction,
  parseWire,
  UserFillsResponse,
  WsServerMessage,
} from "../../src/venues/hyperliquid/index.ts";
import { loadFixtures, schemaFor } from "./helpers/fixtures.ts";

describe("recorded Hyperliquid payloads", () => {
  const fixtures = loadFixtures();

  it("covers every endpoint the adapter uses", () => {
    const endpoints = new Set(fixtures.map((fixture) => `${fixture.kind}_${fixture.endpoint}`));
    for (const endpoint of [
      "http_meta",
      "http_metaAndAssetCtxs",
      "http_allMids",
      "http_l2Book",
      "http_candleSnapshot",
      "http_fundingHistory",
      "http_clearinghouseState",
      "http_openOrders",
      "http_frontendOpenOrders",
      "http_orderStatus",
      "http_userFills",
      "http_userFillsByTime",
      "http_userFunding",
      "http_exchange",
      "ws_allMids",
      "ws_l2Book",
      "ws_trades",
      "ws_candle",
      "ws_orderUpdates",
      "ws_userFills",
      "ws_user",
    ]) {
      expect(endpoints, endpoint).toContain(endpoint);
    }
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))("%s parses", (_file, fixture) => {
    expect(() => parseWire(schemaFor(fixture), fixture.payload, fixture.file)).not.toThrow();
  });

  it("normalizes decimals and lowercases addresses while parsing", () => {
    const book = parseWire(
      L2BookResponse,
      fixtures.find((f) => f.file === "http_l2Book_btc.json")?.payload,
      "book",
    );
    expect(book?.levels[0][0]?.px).toBe("113377");
    const message = parseWire(
      WsServerMessage,
      {
        channel: "trades",
        data: [
          {
            coin: "BTC",
            side: "A",
            px: "1.50",
            sz: "2.0",
            hash: `0x${"AB".repeat(32)}`,
            time: 1,
            tid: 2,
            users: [`0x${"A".repeat(40)}`, `0x${"b".repeat(40)}`],
          },
        ],
      },
      "trades",
    );
    expect(message).toMatchObject({
      data: [{ px: "1.5", sz: "2", users: [`0x${"a".repeat(40)}`, `0x${"b".repeat(40)}`] }],
    });
  });

  it("rejects a payload with a bad field and names the field", () => {
    expect(() => parseWire(UserFillsResponse, [{ coin: "BTC", px: "abc" }], "userFills response")).toThrow(
      /Invalid userFills response: 0\.px: expected an unsigned decimal/,
    );
    expect(() => parseWire(L2BookResponse, { coin: "BTC", time: -1, levels: [[], []] }, "l2Book")).toThrow(
      /time/,
    );
  });
});

describe("decimal normalization", () => {
  it.each([
    ["29792.0", "29792"],
    ["0.0100", "0.01"],
    ["-0.0", "0"],
    ["007.50", "7.5"],
    ["-12.340", "-12.34"],
    ["0", "0"],
  ])("%s → %s", (input, output) => {
    expect(normalizeDecimalString(input)).toBe(output);
  });
});

describe("exchange actions", () => {
  it("parses every action of the signing vectors' shapes", () => {
    const order = {
      type: "order",
      orders: [
        {
          a: 1,
          b: true,
          p: "100",
          s: "100",
          r: false,
          t: { trigger: { isMarket: true, triggerPx: "103", tpsl: "sl" } },
          c: "0x00000000000000000000000000000001",
        },
      ],
      grouping: "na",
    };
    expect(OrderAction.parse(order).orders[0]?.c).toBe("0x00000000000000000000000000000001");
    for (const action of [
      { type: "cancel", cancels: [{ a: 1, o: 82382 }] },
      { type: "cancelByCloid", cancels: [{ asset: 1, cloid: "0x00000000000000000000000000000001" }] },
      {
        type: "modify",
        oid: 123,
        order: { a: 1, b: false, p: "2500", s: "0.5", r: false, t: { limit: { tif: "Alo" } } },
      },
      {
        type: "batchModify",
        modifies: [{ oid: "0x00000000000000000000000000000001", order: order.orders[0] }],
      },
      { type: "scheduleCancel" },
      { type: "scheduleCancel", time: 123456789 },
      { type: "updateLeverage", asset: 0, isCross: true, leverage: 10 },
      { type: "noop" },
    ]) {
      expect(L1Action.safeParse(action).success, action.type).toBe(true);
    }
  });

  it("refuses unknown keys, float leverage and malformed envelopes", () => {
    expect(
      L1Action.safeParse({ type: "updateLeverage", asset: 0, isCross: true, leverage: 2.5 }).success,
    ).toBe(false);
    expect(L1Action.safeParse({ type: "cancel", cancels: [{ a: 1, o: 2, x: 3 }] }).success).toBe(false);
    expect(
      ExchangeRequest.safeParse({
        action: { type: "noop" },
        nonce: 1,
        signature: { r: "0x1", s: "0x2", v: 29 },
      }).success,
    ).toBe(false);
    expect(
      ExchangeRequest.safeParse({
        action: { type: "noop" },
        nonce: 1,
        signature: { r: "0x1", s: "0x2", v: 27 },
        vaultAddress: null,
      }).success,
    ).toBe(true);
  });
});

describe("network endpoints", () => {
  it("resolves mainnet, testnet and a local simulator", async () => {
    const { resolveEndpoints } = await import("../../src/venues/hyperliquid/index.ts");
    expect(resolveEndpoints("mainnet")).toMatchObject({
      apiUrl: "https://api.hyperliquid.xyz",
      isTestnet: false,
    });
    expect(resolveEndpoints("testnet")).toMatchObject({
      webSocketUrl: "wss://api.hyperliquid-testnet.xyz/ws",
      isTestnet: true,
    });
    expect(resolveEndpoints("simulator", "http://127.0.0.1:5123/")).toEqual({
      apiUrl: "http://127.0.0.1:5123",
      webSocketUrl: "ws://127.0.0.1:5123/ws",
      isTestnet: false,
    });
    expect(() => resolveEndpoints("devnet")).toThrow(/Unknown Hyperliquid network "devnet"/);
    expect(() => resolveEndpoints("simulator")).toThrow(/needs a base URL/);
  });
});
