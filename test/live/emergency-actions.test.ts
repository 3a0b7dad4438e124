import type { InfoClient } from "@nktkas/hyperliquid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelEveryOrder, type EmergencyContext } from "../../src/live/emergency-actions.ts";
import { type Harness, MASTER, master, startHarness, stranger } from "../venues/helpers/simulator-harness.ts";
import { executionClient } from "./helpers/execution-harness.ts";

describe("emergency cancel of every order on the simulator", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  /** Places a resting buy the node does not know (no cloid of its own) and returns its venue id. */
  async function foreignRestingOrder(): Promise<number> {
    const response = (await harness.exchangeFor(master).order({
      orders: [{ a: 0, b: true, p: "90000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    })) as { response: { data: { statuses: Array<{ resting: { oid: number } }> } } };
    return response.response.data.statuses[0]?.resting.oid as number;
  }

  async function context(info: InfoClient = harness.info): Promise<EmergencyContext> {
    const { client, market } = await executionClient(harness, master, MASTER);
    return { client, info, exchange: harness.exchangeFor(master), market, user: MASTER };
  }

  it("cancels orders the node does not know by their venue id", async () => {
    await foreignRestingOrder();
    await foreignRestingOrder();
    await cancelEveryOrder(await context());
    expect(await harness.info.openOrders({ user: MASTER })).toEqual([]);
  });

  it("is not upset by an order that went away between listing and cancelling it", async () => {
    const gone = await foreignRestingOrder();
    const stays = await foreignRestingOrder();
    // The venue lists both, then one is cancelled elsewhere before the emergency cancel reaches it.
    const racing = {
      openOrders: async (parameters: { user: `0x${string}` }) => {
        const listed = await harness.info.openOrders(parameters);
        await harness.exchangeFor(master).cancel({ cancels: [{ a: 0, o: gone }] });
        return listed;
      },
    } as unknown as InfoClient;
    await cancelEveryOrder(await context(racing));
    expect(await harness.info.openOrders({ user: MASTER })).toEqual([]);
    expect(stays).not.toBe(gone);
  });

  it("still reports any other refusal of the venue", async () => {
    await foreignRestingOrder();
    // Signed by a key the venue does not know for the account.
    const unknownSigner = { ...(await context()), exchange: harness.exchangeFor(stranger) };
    await expect(cancelEveryOrder(unknownSigner)).rejects.toThrow(/does not exist/);
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(1);
  });
});
