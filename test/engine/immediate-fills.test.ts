import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Fill, TimeInForce } from "../../src/domain/index.ts";
import { ImmediateFills } from "../../src/engine/immediate-fills.ts";

const INSTRUMENT_IDS = ["BTC-PERP.HL", "ETH-PERP.HL", "SOL-PERP.HL"];

const orderArbitrary = fc.record({
  instrument: fc.integer({ min: 0, max: INSTRUMENT_IDS.length - 1 }),
  side: fc.constantFrom("BUY" as const, "SELL" as const),
  reduceOnly: fc.boolean(),
  tag: fc.oneof(fc.constantFrom("", "signal", "tp1"), fc.string({ maxLength: 6 })),
  // ALO applies to limit orders only.
  timeInForce: fc.constantFrom<TimeInForce | undefined>(undefined, "GTC", "IOC"),
  quantity: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  price: fc.double({ min: 1e-4, max: 1e6, noNaN: true }),
});

function fillOf(quantity: number, price: number, timestamp: number): Fill {
  return {
    tradeId: 1,
    orderId: "",
    instrumentId: "",
    side: "BUY",
    quantity,
    price,
    fee: 0,
    liquidity: "TAKER",
    timestamp,
    tag: "",
    realizedPnl: 0,
  };
}

describe("ImmediateFills", () => {
  it("gives back every order as logged: id, instrument, side, reduce-only, tag, time in force, size, price, time", () => {
    fc.assert(
      fc.property(fc.array(orderArbitrary, { minLength: 1, maxLength: 1_200 }), (orders) => {
        const log = new ImmediateFills(INSTRUMENT_IDS);
        for (const [index, order] of orders.entries()) {
          log.add({ ...order, sequence: index * 2 + 1 }, fillOf(order.quantity, order.price, 1_000 + index));
        }
        expect(log.length).toBe(orders.length);
        orders.forEach((expected, index) => {
          const order = log.order(index);
          expect(order).toMatchObject({
            id: `o${index * 2 + 1}`,
            instrumentId: INSTRUMENT_IDS[expected.instrument],
            side: expected.side,
            type: "MARKET",
            quantity: expected.quantity,
            filledQuantity: expected.quantity,
            averageFillPrice: expected.price,
            reduceOnly: expected.reduceOnly,
            tag: expected.tag,
            status: "FILLED",
            createdAt: 1_000 + index,
          });
          expect(order.timeInForce).toBe(expected.timeInForce ?? "IOC");
        });
      }),
      { numRuns: 60 },
    );
  });
});
