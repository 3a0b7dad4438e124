import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OpenOrdersResponse, parseWire, UserFillsResponse } from "../../src/venues/hyperliquid/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { type Harness, MASTER, master, startHarness } from "../venues/helpers/simulator-harness.ts";
import { executionClient, testCloid } from "./helpers/execution-harness.ts";

const BTC = "BTC-PERP.HYPERLIQUID";
const restingBuy = (id: string) => ({
  id,
  instrumentId: BTC,
  side: "BUY" as const,
  type: "LIMIT" as const,
  quantity: 0.001,
  price: 99_000,
});

async function venueOrders(harness: Harness) {
  return parseWire(OpenOrdersResponse, await harness.info.openOrders({ user: MASTER }), "openOrders");
}

describe("execution client under venue faults", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it("backs off through a 429 storm and places the order exactly once", async () => {
    const { client, events, errors } = await executionClient(harness, master, MASTER);
    harness.simulator.inject({ type: "http429", count: 6 });
    client.submit(restingBuy("storm-1"), []);
    await client.idle();
    expect(events.log).toEqual(["accepted:storm-1"]);
    expect(client.venueOrderId("storm-1")).toEqual(expect.any(Number));
    const orders = await venueOrders(harness);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ cloid: testCloid("storm-1"), oid: client.venueOrderId("storm-1") });
    // Every refused attempt was reported (the sends and the status lookups in between).
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors.every((what) => /retrying/.test(what))).toBe(true);
  });

  it("adopts the order when the venue placed it but the answer was lost, without sending it again", async () => {
    const { client, events } = await executionClient(harness, master, MASTER);
    harness.simulator.inject({ type: "dropResponses", count: 1 });
    harness.simulator.inject({ type: "http429", count: 2 });
    client.submit(restingBuy("lost-1"), []);
    await client.idle();
    expect(events.log).toEqual(["accepted:lost-1"]);
    const orders = await venueOrders(harness);
    expect(orders).toHaveLength(1);
    expect(client.venueOrderId("lost-1")).toBe(orders[0]?.oid);
  });

  it("never fills an IOC twice when its answer is lost; the fill comes through the fills channel", async () => {
    const filledResponses: number[] = [];
    const { client, events } = await executionClient(harness, master, MASTER, {
      hooks: { onFilledResponse: () => filledResponses.push(1) },
    });
    harness.simulator.inject({ type: "dropResponses", count: 1 });
    client.submit({ id: "ioc-1", instrumentId: BTC, side: "BUY", type: "MARKET", quantity: 0.01 }, []);
    await client.idle();
    expect(filledResponses).toEqual([1]);
    const fills = parseWire(UserFillsResponse, await harness.info.userFills({ user: MASTER }), "fills");
    expect(fills).toHaveLength(1);
    expect(client.handleFills(fills)).toBe(1);
    expect(events.log).toEqual(["accepted:ioc-1", "filled:ioc-1:0.01@100001"]);
  });

  it("treats a duplicate-cloid refusal as the order it already placed", async () => {
    const { client, events } = await executionClient(harness, master, MASTER);
    // An earlier session (or a racing retry) already placed this cloid.
    const earlier = await harness.exchangeFor(master).order({
      orders: [
        {
          a: 0,
          b: true,
          p: "98000",
          s: "0.001",
          r: false,
          t: { limit: { tif: "Gtc" } },
          c: testCloid("dup-1"),
        },
      ],
      grouping: "na",
    });
    const oid = (earlier.response.data.statuses[0] as { resting: { oid: number } }).resting.oid;
    client.submit(restingBuy("dup-1"), []);
    await client.idle();
    expect(events.log).toEqual(["accepted:dup-1"]);
    expect(client.venueOrderId("dup-1")).toBe(oid);
    expect(await venueOrders(harness)).toHaveLength(1);
  });

  it("the simulator refuses a reused cloid, even after its order is gone", async () => {
    const client = harness.exchangeFor(master);
    const cloid = testCloid("reuse");
    const wire = {
      a: 0,
      b: true,
      p: "98000",
      s: "0.001",
      r: false,
      t: { limit: { tif: "Gtc" as const } },
      c: cloid,
    };
    await client.order({ orders: [wire], grouping: "na" });
    await client.cancelByCloid({ cancels: [{ asset: 0, cloid }] });
    await expect(client.order({ orders: [wire], grouping: "na" })).rejects.toThrow(
      "Order 0: Duplicate cloid. asset=0",
    );
    expect(await venueOrders(harness)).toEqual([]);
  });

  it("gives up after its attempts when the storm outlasts them, with nothing placed", async () => {
    const { client, events } = await executionClient(harness, master, MASTER, {
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
    });
    harness.simulator.inject({ type: "http429", count: 5 });
    client.submit(restingBuy("gave-up"), []);
    await client.idle();
    expect(events.log).toEqual([
      expect.stringMatching(/^rejected:gave-up:request failed: no answer after 3 attempts: .*429/),
    ]);
    await eventually(async () => {
      try {
        return (await venueOrders(harness)).length === 0;
      } catch {
        return false;
      }
    });
  });

  it("retries a cancel through 429s", async () => {
    const { client, events } = await executionClient(harness, master, MASTER);
    client.submit(restingBuy("cancel-1"), []);
    await client.idle();
    harness.simulator.inject({ type: "http429", count: 3 });
    expect(client.cancel("cancel-1")).toBe(true);
    await client.idle();
    expect(events.log).toEqual(["accepted:cancel-1", "canceled:cancel-1:canceled"]);
    expect(await venueOrders(harness)).toEqual([]);
  });

  it("passes a venue refusal through at once, without retrying", async () => {
    const { client, events, errors } = await executionClient(harness, master, MASTER);
    client.submit({ ...restingBuy("big"), quantity: 30 }, []);
    await client.idle();
    expect(events.log).toEqual(["rejected:big:Insufficient margin to place order. asset=0"]);
    expect(errors).toEqual([]);
  });
});
