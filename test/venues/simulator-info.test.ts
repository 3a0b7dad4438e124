import { fileURLToPath } from "node:url";
import type { InfoClient } from "@nktkas/hyperliquid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AllMidsResponse,
  CandleSnapshotResponse,
  ClearinghouseStateResponse,
  FrontendOpenOrdersResponse,
  FundingHistoryResponse,
  L2BookResponse,
  MetaAndAssetCtxsResponse,
  MetaResponse,
  OpenOrdersResponse,
  OrderStatusResponse,
  parseWire,
  UserFillsResponse,
  UserFundingResponse,
} from "../../src/venues/hyperliquid/index.ts";
import { loadFixtures } from "./helpers/fixtures.ts";
import { type Harness, MASTER, master, startHarness } from "./helpers/simulator-harness.ts";

const BTC_FILE = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);
const FIRST_BAR = 1748332800000;
const HOUR = 3_600_000;

/** The request suite: each endpoint the adapter uses, its schema and its recorded fixture. */
const SUITE: Array<{ endpoint: string; schema: z.ZodType; call: (info: InfoClient) => Promise<unknown> }> = [
  { endpoint: "meta", schema: MetaResponse, call: (info) => info.meta() },
  { endpoint: "metaAndAssetCtxs", schema: MetaAndAssetCtxsResponse, call: (info) => info.metaAndAssetCtxs() },
  { endpoint: "allMids", schema: AllMidsResponse, call: (info) => info.allMids() },
  { endpoint: "l2Book", schema: L2BookResponse, call: (info) => info.l2Book({ coin: "BTC" }) },
  {
    endpoint: "candleSnapshot",
    schema: CandleSnapshotResponse,
    call: (info) => info.candleSnapshot({ coin: "BTC", interval: "1h", startTime: FIRST_BAR }),
  },
  {
    endpoint: "fundingHistory",
    schema: FundingHistoryResponse,
    call: (info) => info.fundingHistory({ coin: "BTC", startTime: FIRST_BAR }),
  },
  {
    endpoint: "clearinghouseState",
    schema: ClearinghouseStateResponse,
    call: (info) => info.clearinghouseState({ user: MASTER }),
  },
  { endpoint: "openOrders", schema: OpenOrdersResponse, call: (info) => info.openOrders({ user: MASTER }) },
  {
    endpoint: "frontendOpenOrders",
    schema: FrontendOpenOrdersResponse,
    call: (info) => info.frontendOpenOrders({ user: MASTER }),
  },
  {
    endpoint: "orderStatus",
    schema: OrderStatusResponse,
    call: (info) => info.orderStatus({ user: MASTER, oid: "0x0000000000000000000000000000000a" }),
  },
  { endpoint: "userFills", schema: UserFillsResponse, call: (info) => info.userFills({ user: MASTER }) },
  {
    endpoint: "userFillsByTime",
    schema: UserFillsResponse,
    call: (info) => info.userFillsByTime({ user: MASTER, startTime: 0 }),
  },
  {
    endpoint: "userFunding",
    schema: UserFundingResponse,
    call: (info) => info.userFunding({ user: MASTER, startTime: 0 }),
  },
];

describe("info endpoints: simulator through the SDK and recorded fixtures, parsed by the same schemas", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      data: [{ file: BTC_FILE }],
      markets: [{ coin: "ETH", mid: 2500 }],
      startBar: 48,
    });
    const exchange = harness.exchangeFor(master);
    await exchange.order({
      orders: [
        {
          a: 0,
          b: true,
          p: "120000",
          s: "0.01",
          r: false,
          t: { limit: { tif: "Ioc" } },
          c: "0x0000000000000000000000000000000a",
        },
        { a: 0, b: true, p: "90000", s: "0.01", r: false, t: { limit: { tif: "Gtc" } } },
      ],
      grouping: "na",
    });
    harness.simulator.advance({ bars: 3 });
  });
  afterAll(() => harness.close());

  const fixtures = loadFixtures();
  it.each(SUITE)("$endpoint", async ({ endpoint, schema, call }) => {
    const answer = await call(harness.info);
    expect(() => parseWire(schema, answer, `simulator ${endpoint}`)).not.toThrow();
    const recorded = fixtures.filter((fixture) => fixture.kind === "http" && fixture.endpoint === endpoint);
    expect(recorded.length).toBeGreaterThan(0);
    for (const fixture of recorded)
      expect(() => parseWire(schema, fixture.payload, fixture.file)).not.toThrow();
  });

  it("meta lists the replayed coin first, then static markets", async () => {
    const meta = parseWire(MetaResponse, await harness.info.meta(), "meta");
    expect(meta.universe.map((asset) => [asset.name, asset.szDecimals, asset.maxLeverage])).toEqual([
      ["BTC", 5, 40],
      ["ETH", 4, 25],
    ]);
  });

  it("metaAndAssetCtxs carries mark, oracle, funding and the previous day's price", async () => {
    const [meta, contexts] = parseWire(
      MetaAndAssetCtxsResponse,
      await harness.info.metaAndAssetCtxs(),
      "ctxs",
    );
    expect(meta.universe).toHaveLength(2);
    const mids = parseWire(AllMidsResponse, await harness.info.allMids(), "mids");
    const history = parseWire(
      FundingHistoryResponse,
      await harness.info.fundingHistory({ coin: "BTC", startTime: FIRST_BAR }),
      "history",
    );
    // The recorded funding file next to the candle file is picked up: the rate is the recorded one.
    expect(contexts[0]).toMatchObject({
      markPx: mids.BTC,
      oraclePx: mids.BTC,
      funding: history.at(-1)?.fundingRate,
    });
    expect(contexts[0]?.funding).not.toBe("0.0000125");
    expect(Number(contexts[0]?.dayNtlVlm)).toBeGreaterThan(0);
    expect(contexts[1]).toMatchObject({ markPx: "2500", prevDayPx: "2500", dayNtlVlm: "0" });
  });

  it("candleSnapshot serves complete bars plus the candle in progress (no look-ahead), aggregating larger intervals", async () => {
    const hourly = parseWire(
      CandleSnapshotResponse,
      await harness.info.candleSnapshot({ coin: "BTC", interval: "1h", startTime: 0 }),
      "candles",
    );
    expect(hourly).toHaveLength(52);
    expect(hourly.at(-1)).toMatchObject({
      t: FIRST_BAR + 51 * HOUR,
      v: "0",
      n: 0,
      o: hourly.at(-2)?.c,
      h: hourly.at(-2)?.c,
    });
    expect(hourly[0]).toMatchObject({
      t: FIRST_BAR,
      T: FIRST_BAR + HOUR - 1,
      s: "BTC",
      i: "1h",
      o: "109568",
      c: "109742",
    });
    const mids = parseWire(AllMidsResponse, await harness.info.allMids(), "mids");
    expect(mids.BTC).toBe(hourly.at(-2)?.c);
    const daily = parseWire(
      CandleSnapshotResponse,
      await harness.info.candleSnapshot({ coin: "BTC", interval: "1d", startTime: 0 }),
      "daily",
    );
    expect(daily.length).toBe(3);
    expect(daily[0]?.o).toBe("109568");
    expect(await harness.info.candleSnapshot({ coin: "BTC", interval: "1m", startTime: 0 })).toEqual([]);
  });

  it("l2Book is a synthetic book around the mid; unknown coins give null", async () => {
    const book = parseWire(L2BookResponse, await harness.info.l2Book({ coin: "ETH" }), "book");
    expect(book?.levels[0]).toHaveLength(20);
    expect(Number(book?.levels[0][0]?.px)).toBeLessThan(2500);
    expect(Number(book?.levels[1][0]?.px)).toBeGreaterThan(2500);
    expect(await harness.info.l2Book({ coin: "DOGE" })).toBeNull();
  });

  it("account queries reflect the fill, the resting order and hourly funding", async () => {
    const state = parseWire(
      ClearinghouseStateResponse,
      await harness.info.clearinghouseState({ user: MASTER }),
      "state",
    );
    expect(state.assetPositions[0]?.position).toMatchObject({ coin: "BTC", szi: "0.01" });
    const orders = parseWire(OpenOrdersResponse, await harness.info.openOrders({ user: MASTER }), "orders");
    expect(orders).toMatchObject([{ coin: "BTC", side: "B", limitPx: "90000", sz: "0.01" }]);
    const fills = parseWire(UserFillsResponse, await harness.info.userFills({ user: MASTER }), "fills");
    expect(fills).toMatchObject([
      { coin: "BTC", dir: "Open Long", crossed: true, cloid: "0x0000000000000000000000000000000a" },
    ]);
    expect(fills[0]?.time).toBe(FIRST_BAR + 48 * HOUR);
    const funding = parseWire(
      UserFundingResponse,
      await harness.info.userFunding({ user: MASTER, startTime: 0 }),
      "funding",
    );
    expect(funding).toHaveLength(3);
    expect(funding[0]?.delta).toMatchObject({ type: "funding", coin: "BTC", szi: "0.01" });
    expect(Number(funding[0]?.delta.usdc)).toBeLessThan(0);
    const history = parseWire(
      FundingHistoryResponse,
      await harness.info.fundingHistory({ coin: "BTC", startTime: FIRST_BAR }),
      "history",
    );
    expect(history.length).toBe(52);
    expect(history[0]).toMatchObject({ coin: "BTC", fundingRate: "0.0000125" });
  });

  it("userFillsByTime filters by time and answers 422 for unknown request types", async () => {
    const now = harness.clock.now();
    expect(await harness.info.userFillsByTime({ user: MASTER, startTime: now + 1 })).toEqual([]);
    const response = await fetch(`${harness.simulator.url}/info`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "noSuchThing" }),
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/^Failed to deserialize the JSON body into the target type/);
  });
});
