import { ApiRequestError, type ExchangeClient } from "@nktkas/hyperliquid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ClearinghouseStateResponse,
  ExchangeResponse,
  FrontendOpenOrdersResponse,
  OpenOrdersResponse,
  OrderStatusResponse,
  parseWire,
  UserFillsResponse,
} from "../../src/venues/hyperliquid/index.ts";
import {
  type Harness,
  MASTER,
  master,
  OTHER,
  otherMaster,
  startHarness,
} from "./helpers/simulator-harness.ts";

type Tif = "Gtc" | "Ioc" | "Alo";
const limit = (
  a: number,
  b: boolean,
  p: string,
  s: string,
  tif: Tif = "Gtc",
  extra: { r?: boolean; c?: `0x${string}` } = {},
) => ({
  a,
  b,
  p,
  s,
  r: extra.r ?? false,
  t: { limit: { tif } },
  ...(extra.c ? { c: extra.c } : {}),
});
// High bits set: the SDK (0.32.2) turns a cloid below 2^53 given as a modify `oid` into a number.
const CLOID = "0xc1000000000000000000000000000001" as const;

/** Sends an order action and returns the parsed statuses, whether or not the SDK threw. */
async function place(
  client: ExchangeClient,
  orders: ReturnType<typeof limit>[],
  grouping: "na" | "normalTpsl" = "na",
) {
  try {
    const response = await client.order({ orders, grouping } as never);
    return parseStatuses(response);
  } catch (error) {
    if (error instanceof ApiRequestError) return parseStatuses(error.response);
    throw error;
  }
}

function parseStatuses(response: unknown) {
  const parsed = parseWire(ExchangeResponse, response, "exchange response");
  if (parsed.status !== "ok" || parsed.response.type !== "order") throw new Error(JSON.stringify(response));
  return parsed.response.data.statuses;
}

describe("orders through the SDK", () => {
  let harness: Harness;
  let client: ExchangeClient;

  beforeEach(async () => {
    harness = await startHarness();
    client = harness.exchangeFor(master);
  });
  afterEach(() => harness.close());

  it("rests a GTC order, echoes the cloid and lists it in openOrders", async () => {
    const [status] = await place(client, [limit(0, true, "99000", "0.001", "Gtc", { c: CLOID })]);
    expect(status).toEqual({ resting: { oid: expect.any(Number), cloid: CLOID } });
    const orders = parseWire(OpenOrdersResponse, await harness.info.openOrders({ user: MASTER }), "orders");
    expect(orders).toMatchObject([
      { coin: "BTC", side: "B", limitPx: "99000", sz: "0.001", origSz: "0.001", cloid: CLOID },
    ]);
  });

  it("fills a crossing IOC against the synthetic book and books fee, position and fill", async () => {
    const [status] = await place(client, [limit(0, true, "100010", "0.01", "Ioc")]);
    expect(status).toEqual({ filled: { totalSz: "0.01", avgPx: "100001", oid: expect.any(Number) } });
    const fills = parseWire(UserFillsResponse, await harness.info.userFills({ user: MASTER }), "fills");
    expect(fills).toMatchObject([
      {
        px: "100001",
        sz: "0.01",
        side: "B",
        dir: "Open Long",
        crossed: true,
        startPosition: "0",
        fee: "0.450005",
      },
    ]);
    const state = parseWire(
      ClearinghouseStateResponse,
      await harness.info.clearinghouseState({ user: MASTER }),
      "state",
    );
    expect(state.assetPositions[0]?.position).toMatchObject({
      szi: "0.01",
      entryPx: "100001",
      leverage: { type: "cross", value: 20 },
    });
  });

  it("closes a position with realized PnL and flips direction labels", async () => {
    await place(client, [limit(0, true, "100010", "0.01", "Ioc")]);
    harness.simulator.setMid("BTC", 101_000);
    await place(client, [limit(0, false, "100000", "0.02", "Ioc")]);
    const fills = parseWire(UserFillsResponse, await harness.info.userFills({ user: MASTER }), "fills");
    expect(fills[0]).toMatchObject({
      dir: "Long > Short",
      startPosition: "0.01",
      px: "100999",
      closedPnl: "9.98",
    });
  });

  it.each([
    ["bad tick", limit(0, true, "99999.5", "0.001"), /^Price must be divisible by tick size\. asset=0$/],
    ["too many size decimals", limit(0, true, "99000", "0.000001"), /^Order has invalid size\. asset=0$/],
    ["below $10", limit(0, true, "99000", "0.0001"), /^Order must have minimum value of \$10\. asset=0$/],
    [
      "reduce-only without position",
      limit(0, false, "99000", "0.001", "Gtc", { r: true }),
      /^Reduce only order would increase position\. asset=0$/,
    ],
    ["insufficient margin", limit(0, true, "99000", "30"), /^Insufficient margin to place order\. asset=0$/],
    [
      "post-only crossing",
      limit(0, true, "100001", "0.001", "Alo"),
      /^Post only order would have immediately matched, bbo was 99999@100001\. asset=0$/,
    ],
    [
      "IOC without a match",
      limit(0, true, "99000", "0.001", "Ioc"),
      /^Order could not immediately match against any resting orders\. asset=0$/,
    ],
    [
      "80 % from the reference price",
      limit(0, true, "15000", "0.001"),
      /^Order price cannot be more than 80% away from the reference price$/,
    ],
  ])("answers %s with Hyperliquid's message", async (_name, order, message) => {
    const [status] = await place(client, [order]);
    expect(status).toEqual({ error: expect.stringMatching(message) });
    await expect(client.order({ orders: [order], grouping: "na" } as never)).rejects.toThrow(ApiRequestError);
  });

  it("keeps one status per order in a mixed batch", async () => {
    const statuses = await place(client, [
      limit(0, true, "99000", "0.001"),
      limit(0, true, "99999.5", "0.001"),
      limit(1, false, "2600", "0.01"),
    ]);
    expect(statuses).toEqual([
      { resting: { oid: expect.any(Number) } },
      { error: "Price must be divisible by tick size. asset=0" },
      { resting: { oid: expect.any(Number) } },
    ]);
  });

  it("fills a crossing GTC fully when the book is deep enough", async () => {
    const [status] = await place(client, [limit(1, true, "2501", "5", "Gtc")]);
    expect(status).toMatchObject({ filled: { totalSz: "5" } });
  });

  it("cancels by oid and by cloid, and reports unknown orders", async () => {
    const [first] = await place(client, [limit(0, true, "99000", "0.001")]);
    await place(client, [limit(0, true, "98000", "0.001", "Gtc", { c: CLOID })]);
    const oid = (first as { resting: { oid: number } }).resting.oid;
    expect(await client.cancel({ cancels: [{ a: 0, o: oid }] })).toEqual({
      status: "ok",
      response: { type: "cancel", data: { statuses: ["success"] } },
    });
    await expect(client.cancel({ cancels: [{ a: 0, o: oid }] })).rejects.toThrow(
      "Order 0: Order was never placed, already canceled, or filled. asset=0",
    );
    expect(await client.cancelByCloid({ cancels: [{ asset: 0, cloid: CLOID }] })).toMatchObject({
      response: { data: { statuses: ["success"] } },
    });
    expect(await harness.info.openOrders({ user: MASTER })).toEqual([]);
  });

  it("reports order status by oid and cloid after fills and cancels", async () => {
    const [resting] = await place(client, [limit(0, true, "99000", "0.001", "Gtc", { c: CLOID })]);
    const [filled] = await place(client, [limit(0, true, "100010", "0.001", "Ioc")]);
    const restingOid = (resting as { resting: { oid: number } }).resting.oid;
    const filledOid = (filled as { filled: { oid: number } }).filled.oid;
    const status = async (oid: number | `0x${string}`) =>
      parseWire(OrderStatusResponse, await harness.info.orderStatus({ user: MASTER, oid }), "orderStatus");
    expect(await status(CLOID)).toMatchObject({
      status: "order",
      order: { status: "open", order: { oid: restingOid, cloid: CLOID } },
    });
    expect(await status(filledOid)).toMatchObject({
      order: { status: "filled", order: { sz: "0", origSz: "0.001" } },
    });
    await client.cancel({ cancels: [{ a: 0, o: restingOid }] });
    expect(await status(restingOid)).toMatchObject({ order: { status: "canceled" } });
    expect(await status(123_456)).toEqual({ status: "unknownOid" });
  });

  it("cannot cancel another account's order", async () => {
    const [status] = await place(harness.exchangeFor(otherMaster), [limit(0, true, "99000", "0.001")]);
    const oid = (status as { resting: { oid: number } }).resting.oid;
    await expect(client.cancel({ cancels: [{ a: 0, o: oid }] })).rejects.toThrow(/never placed/);
    expect(await harness.info.openOrders({ user: OTHER })).toHaveLength(1);
  });

  it("modifies by oid and batch-modifies by cloid", async () => {
    const [status] = await place(client, [limit(0, true, "99000", "0.001", "Gtc", { c: CLOID })]);
    const oid = (status as { resting: { oid: number } }).resting.oid;
    expect(
      await client.modify({ oid, order: limit(0, true, "98500", "0.002", "Gtc", { c: CLOID }) }),
    ).toEqual({
      status: "ok",
      response: { type: "default" },
    });
    expect(await harness.info.openOrders({ user: MASTER })).toMatchObject([
      { limitPx: "98500", sz: "0.002", cloid: CLOID },
    ]);
    const batch = await client.batchModify({
      modifies: [{ oid: CLOID, order: limit(0, true, "98000", "0.003", "Gtc", { c: CLOID }) }],
    });
    expect(parseWire(ExchangeResponse, batch, "batch")).toMatchObject({
      response: { type: "order", data: { statuses: [{ resting: { cloid: CLOID } }] } },
    });
    await expect(client.modify({ oid: 999_999, order: limit(0, true, "98000", "0.001") })).rejects.toThrow(
      /never placed/,
    );
    await expect(
      client.modify({ oid: CLOID, order: limit(0, true, "98000", "0.001", "Ioc") }),
    ).rejects.toThrow("Attempted to modify to invalid new order");
  });

  it("updates leverage within 1..maxLeverage", async () => {
    expect(await client.updateLeverage({ asset: 0, isCross: true, leverage: 5 })).toEqual({
      status: "ok",
      response: { type: "default" },
    });
    await place(client, [limit(0, true, "100010", "0.01", "Ioc")]);
    const state = parseWire(
      ClearinghouseStateResponse,
      await harness.info.clearinghouseState({ user: MASTER }),
      "state",
    );
    expect(state.assetPositions[0]?.position.leverage).toEqual({ type: "cross", value: 5 });
    expect(state.marginSummary.totalMarginUsed).toBe("200");
    await expect(client.updateLeverage({ asset: 0, isCross: true, leverage: 41 })).rejects.toThrow(
      "Invalid leverage value.",
    );
  });

  it("places TP/SL triggers that fire on the mark and fill reduce-only", async () => {
    await place(client, [limit(0, true, "100010", "0.01", "Ioc")]);
    const stop = {
      a: 0,
      b: false,
      p: "95000",
      s: "0.01",
      r: true,
      t: { trigger: { isMarket: true, triggerPx: "98000", tpsl: "sl" as const } },
    };
    const take = {
      a: 0,
      b: false,
      p: "103000",
      s: "0.01",
      r: true,
      t: { trigger: { isMarket: false, triggerPx: "103000", tpsl: "tp" as const } },
    };
    expect(await place(client, [stop, take] as never)).toEqual(["waitingForTrigger", "waitingForTrigger"]);
    const waiting = parseWire(
      FrontendOpenOrdersResponse,
      await harness.info.frontendOpenOrders({ user: MASTER }),
      "orders",
    );
    expect(waiting).toMatchObject([
      {
        isTrigger: true,
        orderType: "Stop Market",
        triggerPx: "98000",
        triggerCondition: "Price below 98000",
        tif: null,
        reduceOnly: true,
      },
      {
        isTrigger: true,
        orderType: "Take Profit Limit",
        triggerPx: "103000",
        triggerCondition: "Price above 103000",
      },
    ]);
    harness.simulator.setMid("BTC", 97_900);
    const fills = parseWire(UserFillsResponse, await harness.info.userFills({ user: MASTER }), "fills");
    expect(fills[0]).toMatchObject({ side: "A", px: "97900", sz: "0.01", dir: "Close Long" });
    harness.simulator.setMid("BTC", 104_000);
    expect(
      parseWire(UserFillsResponse, await harness.info.userFills({ user: MASTER }), "fills"),
    ).toHaveLength(2);
  });

  it("places normalTpsl children once the parent fills", async () => {
    const parent = limit(0, true, "99000", "0.01");
    const stop = {
      a: 0,
      b: false,
      p: "90000",
      s: "0.01",
      r: true,
      t: { trigger: { isMarket: true, triggerPx: "95000", tpsl: "sl" as const } },
    };
    const statuses = await place(client, [parent, stop] as never, "normalTpsl");
    expect(statuses).toEqual([{ resting: { oid: expect.any(Number) } }, "waitingForFill"]);
    harness.simulator.setMid("BTC", 98_500);
    await new Promise((resolve) => setTimeout(resolve, 10));
    harness.simulator.setMid("BTC", 94_000);
    const fills = parseWire(UserFillsResponse, await harness.info.userFills({ user: MASTER }), "fills");
    expect(fills.map((fill) => fill.dir)).toEqual(["Close Long", "Open Long"]);
  });

  it("scheduleCancel cancels every open order at its time (dead-man's switch)", async () => {
    await place(client, [limit(0, true, "99000", "0.001"), limit(1, true, "2400", "0.01")]);
    await expect(client.scheduleCancel({ time: harness.clock.now() + 1_000 })).rejects.toThrow(/too early/);
    expect(await client.scheduleCancel({ time: harness.clock.now() + 10_000 })).toEqual({
      status: "ok",
      response: { type: "default" },
    });
    harness.clock.advance(9_000);
    harness.simulator.advance();
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(2);
    harness.clock.advance(1_000);
    harness.simulator.advance();
    expect(await harness.info.openOrders({ user: MASTER })).toEqual([]);
  });

  it("scheduleCancel without time clears the switch", async () => {
    await place(client, [limit(0, true, "99000", "0.001")]);
    await client.scheduleCancel({ time: harness.clock.now() + 10_000 });
    await client.scheduleCancel();
    harness.clock.advance(20_000);
    harness.simulator.advance();
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(1);
  });

  it("answers a noop and rejects malformed actions with 422", async () => {
    expect(await client.noop()).toEqual({ status: "ok", response: { type: "default" } });
    const response = await fetch(`${harness.simulator.url}/exchange`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        action: { type: "updateLeverage", asset: 0, isCross: true, leverage: 2.5 },
        nonce: 1,
        signature: { r: "0x1", s: "0x1", v: 27 },
      }),
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(
      /^Failed to deserialize the JSON body into the target type: leverage/,
    );
  });
});
