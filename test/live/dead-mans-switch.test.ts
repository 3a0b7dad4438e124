import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeadMansSwitch } from "../../src/live/dead-mans-switch.ts";
import { eventually } from "../helpers/eventually.ts";
import { type Harness, MASTER, master, startHarness } from "../venues/helpers/simulator-harness.ts";
import { executionClient, streamAccount } from "./helpers/execution-harness.ts";

const BTC = "BTC-PERP.HYPERLIQUID";

describe("dead-man's switch armed by the execution client's heartbeat", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  async function clientWithRestingOrders() {
    const setup = await executionClient(harness, master, MASTER, {
      deadMan: { windowMs: 30_000, heartbeatMs: 10_000 },
    });
    await streamAccount(harness, setup.client, MASTER);
    await setup.client.start();
    for (const id of ["a", "b"]) {
      setup.client.submit(
        { id, instrumentId: BTC, side: "BUY", type: "LIMIT", quantity: 0.001, price: 99_000 },
        [],
      );
    }
    await setup.client.idle();
    return setup;
  }

  it("keeps resting orders alive while the heartbeat re-arms the switch", async () => {
    const { client } = await clientWithRestingOrders();
    const heartbeat = client.deadMansSwitch as DeadMansSwitch;
    expect(heartbeat.deadline).toBe(harness.clock.now() + 30_000);
    for (let beat = 0; beat < 4; beat++) {
      harness.clock.advance(20_000);
      harness.simulator.advance();
      expect(await heartbeat.beat()).toBe(true);
    }
    harness.clock.advance(29_000);
    harness.simulator.advance();
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(2);
    await client.stop();
  });

  it("cancels every resting order at the scheduled time once the heartbeat stops (process killed)", async () => {
    const { client, events } = await clientWithRestingOrders();
    const deadline = client.deadMansSwitch?.deadline as number;
    // The process dies: no more beats (stop() without disarming is what a killed process leaves behind).
    await client.stop();
    harness.clock.set(deadline - 1);
    harness.simulator.advance();
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(2);
    harness.clock.set(deadline);
    harness.simulator.advance();
    expect(await harness.info.openOrders({ user: MASTER })).toEqual([]);
    const status = await harness.info.orderStatus({ user: MASTER, oid: client.venueOrderId("a") as number });
    expect(status).toMatchObject({ status: "order", order: { status: "scheduledCancel" } });
    // The client learns it from orderUpdates.
    await eventually(
      () =>
        events.log.includes("canceled:a:scheduledCancel") &&
        events.log.includes("canceled:b:scheduledCancel"),
      { message: "scheduledCancel reached the client" },
    );
    expect(client.openOrders()).toEqual([]);
  });

  it("disarms on request: orders then outlive the window", async () => {
    const { client } = await clientWithRestingOrders();
    await client.deadMansSwitch?.stop({ disarm: true });
    harness.clock.advance(120_000);
    harness.simulator.advance();
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(2);
  });

  it("refuses windows the venue would refuse, naming the field", () => {
    const exchange = harness.exchangeFor(master);
    expect(() => new DeadMansSwitch({ exchange, clock: harness.clock, windowMs: 4_000 })).toThrow(
      expect.objectContaining({ field: "windowMs" }),
    );
    expect(
      () => new DeadMansSwitch({ exchange, clock: harness.clock, windowMs: 10_000, heartbeatMs: 10_000 }),
    ).toThrow(expect.objectContaining({ field: "heartbeatMs" }));
  });

  it("reports a beat the venue refused", async () => {
    const errors: unknown[] = [];
    const heartbeat = new DeadMansSwitch({
      exchange: harness.exchangeFor(master),
      clock: harness.clock,
      windowMs: 10_000,
      onError: (error) => errors.push(error),
    });
    harness.simulator.inject({
      type: "rejectActions",
      count: 1,
      message: "Too many scheduled cancel triggers today.",
    });
    expect(await heartbeat.beat()).toBe(false);
    expect(String(errors[0])).toMatch(/Too many scheduled cancel triggers today/);
    expect(heartbeat.deadline).toBeUndefined();
  });
});
