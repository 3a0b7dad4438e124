import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/core/clock.ts";
import { createOrder, type Fill, type Order } from "../../src/domain/index.ts";
import {
  MatchingEngine,
  type MatchingListener,
  SILENT_MATCHING_LISTENER,
} from "../../src/venues/matching/index.ts";
import { INSTRUMENT, request } from "./matching-harness.ts";

function venue(listener: MatchingListener = SILENT_MATCHING_LISTENER, reuseFillEvents = false) {
  return new MatchingEngine({
    instruments: [INSTRUMENT],
    account: { mode: "perpetual", initialBalance: 10_000, leverage: 5 },
    fees: { kind: "flat", rate: 0 },
    slippageBps: 0,
    intrabarPath: "stop-first",
    clock: new TestClock(0),
    listener,
    reuseFillEvents,
  });
}

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("quietRange", () => {
  it("never calls a bar quiet that barMatters would process", () => {
    const next = random(7);
    const range = new Float64Array(2);
    for (let trial = 0; trial < 200; trial++) {
      const matching = venue();
      matching.beginBar(0, 100, 100, 100, 100);
      if (next() < 0.7)
        matching.submit(request(`p${trial}`, next() < 0.5 ? "BUY" : "SELL", "MARKET", 1 + next() * 40));
      const kinds = [
        "LIMIT",
        "STOP_MARKET",
        "STOP_LIMIT",
        "TAKE_PROFIT_MARKET",
        "TAKE_PROFIT_LIMIT",
      ] as const;
      for (let index = 0; index < 3; index++) {
        const type = kinds[Math.floor(next() * kinds.length)] ?? "LIMIT";
        const price = 80 + next() * 40;
        matching.submit(
          request(`o${trial}-${index}`, next() < 0.5 ? "BUY" : "SELL", type, 1, {
            price: type.endsWith("LIMIT") ? price : undefined,
            triggerPrice: type === "LIMIT" ? undefined : 80 + next() * 40,
          }),
        );
      }
      matching.endBar(0);
      matching.quietRange(0, range);
      for (let bar = 0; bar < 200; bar++) {
        const low = 60 + next() * 80;
        const high = low + next() * 20;
        const open = low + next() * (high - low);
        const [quietLow, quietHigh] = range as unknown as [number, number];
        const quiet = open > quietLow && low > quietLow && open < quietHigh && high < quietHigh;
        if (quiet) expect(matching.barMatters(0, open, high, low)).toBe(false);
      }
    }
  });
});

describe("submitOrder (an in-process owner hands its order objects over)", () => {
  it("works on the caller's objects and, with reuseFillEvents, passes one fill object", () => {
    const seen: Order[] = [];
    const fills: Fill[] = [];
    const matching = venue(
      {
        ...SILENT_MATCHING_LISTENER,
        onOrderAccepted: (order) => seen.push(order),
        onOrderFilled: (_order, fill) => fills.push(fill),
      },
      true,
    );
    matching.beginBar(0, 100, 101, 99, 100);
    const entry = createOrder(request("e", "BUY", "MARKET", 2), 0);
    const stop = createOrder(
      request("s", "SELL", "STOP_MARKET", 2, { triggerPrice: 99.5, reduceOnly: true, parentId: "e" }),
      0,
    );
    matching.submitOrder(entry, [stop]);
    matching.submit(request("x", "SELL", "MARKET", 1));
    matching.processIntrabar(0);
    expect(seen[0]).toBe(entry);
    expect(seen[1]).toBe(stop);
    expect(entry).toMatchObject({ status: "FILLED", filledQuantity: 2, averageFillPrice: 100 });
    // The stop closed what was left (1 of 2) and the rest was canceled with the position.
    expect(stop).toMatchObject({ status: "CANCELED", filledQuantity: 1, averageFillPrice: 99.5 });
    expect(fills).toHaveLength(3);
    expect(fills[0]).toBe(fills[2]);
    expect(() => matching.submitOrder(entry)).toThrow(/not SUBMITTED/);
  });
});
