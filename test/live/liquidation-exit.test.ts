import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PositionBook } from "../../src/live/position-book.ts";
import { eventually } from "../helpers/eventually.ts";
import { type Harness, OTHER, otherMaster, startHarness } from "../venues/helpers/simulator-harness.ts";
import { executionClient, streamAccount } from "./helpers/execution-harness.ts";

describe("liquidation through the execution client", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it("a leveraged long liquidated by a price drop closes with exit reason `liquidation`", async () => {
    // OTHER holds 1,000 USDC; 0.15 BTC at 20× uses 750 of it.
    const { client, events } = await executionClient(harness, otherMaster, OTHER);
    await streamAccount(harness, client, OTHER);
    client.submit(
      { id: "entry", instrumentId: "BTC-PERP.HYPERLIQUID", side: "BUY", type: "MARKET", quantity: 0.15 },
      [],
    );
    await client.idle();
    await eventually(() => client.positionSize(0) === 0.15, { message: "entry filled" });

    harness.simulator.exchange.updateMarket(
      0,
      { open: 100_000, high: 100_000, low: 93_000, close: 95_000 },
      harness.clock.now(),
    );
    await eventually(() => client.positionSize(0) === 0, { message: "liquidation fill reached the client" });

    const book = new PositionBook("BTC");
    const closed = events.fills.map(({ fill }) => book.apply(fill, undefined).closed).find(Boolean);
    expect(closed).toMatchObject({
      exitReason: "liquidation",
      trade: { exitReason: "liquidation", side: "long" },
    });
    expect(closed?.exitPrice).toBeCloseTo(94_561.6, 0);
    const liquidation = events.fills.at(-1);
    expect(liquidation?.order).toMatchObject({ id: expect.stringMatching(/^ext-\d+$/), tag: "liquidation" });
    expect(liquidation?.fill).toMatchObject({
      side: "SELL",
      quantity: 0.15,
      tag: "liquidation",
      liquidity: "TAKER",
    });
  });
});
