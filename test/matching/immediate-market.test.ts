import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/core/clock.ts";
import { createInstrument, createOrder, type Fill, type OrderSide } from "../../src/domain/index.ts";
import { MatchingEngine, SILENT_MATCHING_LISTENER } from "../../src/venues/matching/index.ts";

const INSTRUMENT = createInstrument({
  id: "NOW-PERP.SIM",
  maxLeverage: 20,
  lotSize: 0.1,
  minNotional: 20,
  maintenanceMarginRate: 0.05,
});

/** A venue with one open bar [open 100, high 104, low 96, close 101] and `cash` in the account. */
function venue(
  options: {
    cash?: number;
    leverage?: number;
    slippageBps?: number;
    quoted?: boolean;
    resting?: boolean;
    /** false: no bar has opened yet, so the venue knows no price. */
    priced?: boolean;
  } = {},
) {
  const fills: Fill[] = [];
  const engine = new MatchingEngine({
    instruments: [INSTRUMENT],
    account: { mode: "perpetual", initialBalance: options.cash ?? 10_000, leverage: options.leverage ?? 1 },
    fees: { kind: "maker-taker", makerRate: 0.0002, takerRate: 0.0005 },
    slippageBps: options.slippageBps ?? 5,
    intrabarPath: "stop-first",
    clock: new TestClock(1_700_000_000_000),
    listener: { ...SILENT_MATCHING_LISTENER, onOrderFilled: (_order, fill) => fills.push({ ...fill }) },
    ...(options.quoted ? { arrivalQuote: (_index: number, _side: OrderSide, price: number) => price } : {}),
  });
  if (options.priced !== false) engine.beginBar(0, 100, 104, 96, 101);
  return { engine, fills };
}

/** What the venue's books look like: balance, position, and the next trade id it hands out. */
function books(engine: MatchingEngine) {
  const position = engine.position(0);
  return {
    balance: engine.clearinghouse.balance,
    quantity: position.quantity,
    averageEntryPrice: position.averageEntryPrice,
    fees: position.fees,
  };
}

describe("MatchingEngine.executeMarketNow", () => {
  it("fills exactly as an order sent through submitOrder would: rounded size, slipped price, fee, trade id", () => {
    const now = venue();
    const booked = venue();
    const fill = now.engine.executeMarketNow(0, {
      side: "BUY",
      quantity: 12.34,
      reduceOnly: false,
      id: "o1",
      tag: "entry",
    });
    booked.engine.submitOrder(
      createOrder(
        { id: "o1", instrumentId: INSTRUMENT.id, side: "BUY", type: "MARKET", quantity: 12.34, tag: "entry" },
        1_700_000_000_000,
      ),
    );
    expect({ ...fill }).toStrictEqual({ ...booked.fills[0] });
    expect(fill?.quantity).toBe(12.3);
    expect(fill?.price).toBeCloseTo(100.05, 10);
    expect(books(now.engine)).toStrictEqual(books(booked.engine));
    // The reduce-only close that follows matches too, and its trade id continues the sequence.
    const close = {
      ...now.engine.executeMarketNow(0, {
        side: "SELL",
        quantity: 12.3,
        reduceOnly: true,
        id: "o2",
        tag: "",
      }),
    };
    booked.engine.submitOrder(
      createOrder(
        {
          id: "o2",
          instrumentId: INSTRUMENT.id,
          side: "SELL",
          type: "MARKET",
          quantity: 12.3,
          reduceOnly: true,
        },
        1_700_000_000_000,
      ),
    );
    expect(close).toStrictEqual({ ...booked.fills[1] });
    expect(close.tradeId).toBe(2);
    expect(books(now.engine)).toStrictEqual(books(booked.engine));
  });

  it.each([
    ["another order rests on the instrument", { resting: true }, "BUY", 1, false],
    ["the size rounds to less than one lot", {}, "BUY", 0.04, false],
    ["the notional is below the instrument minimum", {}, "BUY", 0.1, false],
    ["the margin does not suffice", { cash: 1_000 }, "BUY", 50, false],
    ["a reduce-only order finds no position to reduce", {}, "SELL", 1, true],
    ["the venue quotes a spread to arriving orders", { quoted: true }, "BUY", 1, false],
  ] as const)("changes nothing and declines when %s", (_name, setup, side, quantity, reduceOnly) => {
    const { engine, fills } = venue(setup);
    if ("resting" in setup) {
      engine.submitOrder(
        createOrder(
          { id: "rest", instrumentId: INSTRUMENT.id, side: "BUY", type: "LIMIT", quantity: 1, price: 90 },
          1_700_000_000_000,
        ),
      );
    }
    const before = books(engine);
    expect(
      engine.executeMarketNow(0, {
        side: side,
        quantity: quantity,
        reduceOnly: reduceOnly,
        id: "o1",
        tag: "",
      }),
    ).toBeUndefined();
    expect(books(engine)).toStrictEqual(before);
    // No trade id was used up: the next fill, through the books, is trade 1.
    engine.submitOrder(
      createOrder(
        { id: "probe", instrumentId: INSTRUMENT.id, side: "BUY", type: "MARKET", quantity: 0.2 },
        1_700_000_000_000,
      ),
    );
    expect(fills.map((fill) => [fill.orderId, fill.tradeId])).toStrictEqual([["probe", 1]]);
  });

  it("declines a reduce-only order larger than the position (the books cap it and expire the rest)", () => {
    const { engine } = venue();
    engine.executeMarketNow(0, { side: "BUY", quantity: 2, reduceOnly: false, id: "o1", tag: "" });
    const before = books(engine);
    expect(
      engine.executeMarketNow(0, { side: "SELL", quantity: 3, reduceOnly: true, id: "o2", tag: "" }),
    ).toBeUndefined();
    expect(books(engine)).toStrictEqual(before);
  });

  it("declines before the first price is known", () => {
    const { engine } = venue({ priced: false });
    expect(
      engine.executeMarketNow(0, { side: "BUY", quantity: 1, reduceOnly: false, id: "o1", tag: "" }),
    ).toBeUndefined();
    expect(engine.position(0).quantity).toBe(0);
  });
});
