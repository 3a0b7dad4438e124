import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ClearinghouseStateResponse,
  OrderStatusResponse,
  parseWire,
  UserFillsResponse,
  WsServerMessage,
} from "../../src/venues/hyperliquid/index.ts";
import { eventually, type Harness, OTHER, otherMaster, startHarness } from "./helpers/simulator-harness.ts";

/** OTHER holds 1,000 USDC; BTC max leverage 40 ⇒ maintenance margin 1.25 % of notional. */
const ENTRY = { a: 0, b: true, p: "100100", s: "0.15", r: false, t: { limit: { tif: "Ioc" as const } } };

async function state(harness: Harness) {
  return parseWire(
    ClearinghouseStateResponse,
    await harness.info.clearinghouseState({ user: OTHER }),
    "clearinghouseState",
  );
}

async function fills(harness: Harness) {
  return parseWire(UserFillsResponse, await harness.info.userFills({ user: OTHER }), "userFills");
}

describe("liquidation on the simulator (shared matching core)", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it("reports the liquidation price of a leveraged position at maintenance margin", async () => {
    await harness.exchangeFor(otherMaster).order({ orders: [ENTRY], grouping: "na" });
    const position = (await state(harness)).assetPositions[0]?.position;
    // 1000 − fee 6.750… + 0.15 (p − 100001) = 0.0125 · 0.15 · p  ⇒  p ≈ 94,561.6
    expect(Number(position?.liquidationPx)).toBeCloseTo(94_561.6, 0);
    expect(position).toMatchObject({ szi: "0.15", leverage: { type: "cross", value: 20 } });
  });

  it("closes the position at the liquidation price when a bar trades through it, and pushes it", async () => {
    const client = harness.exchangeFor(otherMaster);
    const { subscriptions } = harness.openWebSocket();
    const pushed: unknown[] = [];
    await subscriptions.userEvents({ user: OTHER }, (data) => pushed.push(data));
    const fillPushes: unknown[] = [];
    await subscriptions.userFills({ user: OTHER }, (data) => fillPushes.push(data));
    await client.order({ orders: [ENTRY], grouping: "na" });
    const resting = await client.order({
      orders: [{ a: 0, b: false, p: "110000", s: "0.15", r: true, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    });
    const restingOid = (resting.response.data.statuses[0] as { resting: { oid: number } }).resting.oid;
    const level = Number((await state(harness)).assetPositions[0]?.position.liquidationPx);

    // A bar that dips to 93,000 and recovers: the stop-first walk meets the liquidation level first.
    harness.simulator.exchange.updateMarket(
      0,
      { open: 100_000, high: 100_000, low: 93_000, close: 99_000 },
      harness.clock.now(),
    );

    const [liquidation] = await fills(harness);
    expect(liquidation).toMatchObject({
      side: "A",
      sz: "0.15",
      dir: "Liquidated Cross Long",
      startPosition: "0.15",
      crossed: true,
      liquidation: { liquidatedUser: OTHER, method: "market" },
    });
    expect(Number(liquidation?.px)).toBeCloseTo(level, 6);
    expect(Number(liquidation?.liquidation?.markPx)).toBeCloseTo(level, 6);
    expect(Number(liquidation?.closedPnl)).toBeCloseTo(0.15 * (level - 100_001), 4);
    const after = await state(harness);
    expect(after.assetPositions).toEqual([]);
    // What is left is (about) the maintenance margin minus the closing fee.
    expect(Number(after.marginSummary.accountValue)).toBeCloseTo(
      0.0125 * 0.15 * level - 0.15 * level * 0.00045,
      2,
    );
    // The account's resting orders are canceled by the liquidation.
    expect(await harness.info.openOrders({ user: OTHER })).toEqual([]);
    const status = parseWire(
      OrderStatusResponse,
      await harness.info.orderStatus({ user: OTHER, oid: restingOid }),
      "orderStatus",
    );
    expect(status).toMatchObject({ status: "order", order: { status: "liquidatedCanceled" } });

    await eventually(() =>
      expect(pushed).toContainEqual({
        liquidation: expect.objectContaining({ liquidated_user: OTHER, lid: expect.any(Number) }),
      }),
    );
    const event = pushed.find((data) => (data as { liquidation?: unknown }).liquidation) as {
      liquidation: { liquidated_ntl_pos: string };
    };
    expect(Number(event.liquidation.liquidated_ntl_pos)).toBeCloseTo(0.15 * level, 2);
    expect(
      WsServerMessage.safeParse({ channel: "user", data: event }).success,
      "liquidation push parses as Hyperliquid's user event",
    ).toBe(true);
    await eventually(() =>
      expect(fillPushes).toContainEqual(
        expect.objectContaining({
          fills: [expect.objectContaining({ dir: "Liquidated Cross Long" })],
        }),
      ),
    );
  });

  it("liquidates at the open when the market gaps below the liquidation price", async () => {
    await harness.exchangeFor(otherMaster).order({ orders: [ENTRY], grouping: "na" });
    harness.simulator.setMid("BTC", 94_000);
    const [liquidation] = await fills(harness);
    expect(liquidation).toMatchObject({ px: "94000", dir: "Liquidated Cross Long" });
    expect((await state(harness)).assetPositions).toEqual([]);
  });

  it("leaves a position alone while equity stays above maintenance margin", async () => {
    await harness.exchangeFor(otherMaster).order({ orders: [ENTRY], grouping: "na" });
    harness.simulator.setMid("BTC", 94_700);
    expect(await fills(harness)).toHaveLength(1);
    expect((await state(harness)).assetPositions[0]?.position.szi).toBe("0.15");
  });

  it("liquidates a short when the price rises through its level", async () => {
    await harness.exchangeFor(otherMaster).order({
      orders: [{ ...ENTRY, b: false, p: "99900" }],
      grouping: "na",
    });
    const level = Number((await state(harness)).assetPositions[0]?.position.liquidationPx);
    expect(level).toBeGreaterThan(100_000);
    harness.simulator.exchange.updateMarket(
      0,
      { open: 100_000, high: 107_000, low: 100_000, close: 101_000 },
      harness.clock.now(),
    );
    const [liquidation] = await fills(harness);
    expect(liquidation).toMatchObject({ side: "B", dir: "Liquidated Cross Short" });
    expect(Number(liquidation?.px)).toBeCloseTo(level, 6);
  });
});
