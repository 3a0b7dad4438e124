import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalEventHub, type HubEvent } from "../../src/app/events/event-hub.ts";
import { relayPrices } from "../../src/app/events/price-events.ts";
import { resolveEndpoints } from "../../src/venues/hyperliquid/index.ts";
import { type RunningSimulator, startSimulator } from "../../src/venues/simulator/index.ts";
import { eventually } from "../helpers/eventually.ts";

describe("prices: the venue's mid prices reach WebSocket clients", () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({
      accounts: [],
      markets: [
        { coin: "BTC", mid: 100_000 },
        { coin: "ETH", mid: 2_500 },
        { coin: "SOL", mid: 150 },
      ],
    });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it("publishes changed mids of the chosen coins, as numbers, and stops when closed", async () => {
    const hub = createLocalEventHub();
    const events: HubEvent[] = [];
    hub.subscribe((event) => events.push(event));
    const close = relayPrices({
      endpoints: resolveEndpoints("simulator", simulator.url),
      hub,
      logger: pino({ level: "silent" }),
      intervalMs: 20,
      coins: ["BTC", "ETH"],
    });
    try {
      await eventually(() => events.length > 0, { message: "no prices event" });
      expect(events[0]).toMatchObject({
        channel: "prices",
        event: "mids",
        data: { mids: { BTC: 100_000, ETH: 2_500 } },
      });
      expect(Object.keys(((events[0] as HubEvent).data as { mids: object }).mids)).not.toContain("SOL");

      simulator.setMid("ETH", 2_600);
      simulator.setMid("SOL", 160);
      await eventually(
        () => events.find((event) => (event.data as { mids: Record<string, number> }).mids.ETH === 2_600),
        { message: "no event for the new ETH mid" },
      );
      // Only what changed travels: BTC's unchanged mid is not repeated after the first event.
      const later = events.slice(1).map((event) => (event.data as { mids: Record<string, number> }).mids);
      expect(later.some((mids) => "BTC" in mids)).toBe(false);
      expect(later.some((mids) => "SOL" in mids)).toBe(false);
    } finally {
      await close();
    }
    const count = events.length;
    simulator.setMid("ETH", 2_700);
    // A fresh relay proves the venue published the change; the closed one must not have.
    const probe = createLocalEventHub();
    const seen: HubEvent[] = [];
    probe.subscribe((event) => seen.push(event));
    const closeProbe = relayPrices({
      endpoints: resolveEndpoints("simulator", simulator.url),
      hub: probe,
      logger: pino({ level: "silent" }),
      intervalMs: 20,
      coins: ["ETH"],
    });
    await eventually(() => seen.length > 0, { message: "probe saw no prices" });
    await closeProbe();
    expect(events.length).toBe(count);
  });

  it("does not hold up the caller when the venue is unreachable, and closes cleanly", async () => {
    const hub = createLocalEventHub();
    const close = relayPrices({
      endpoints: { apiUrl: "http://127.0.0.1:9", webSocketUrl: "ws://127.0.0.1:9/ws", isTestnet: true },
      hub,
      logger: pino({ level: "silent" }),
    });
    await close();
  });
});
