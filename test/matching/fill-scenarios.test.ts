import { describe, expect, it } from "vitest";
import { createInstrument } from "../../src/domain/index.ts";
import { HYPERLIQUID_BASE_FEES } from "../../src/venues/matching/index.ts";
import { type Bar, INSTRUMENT, request, runScenario, type ScenarioOptions } from "./matching-harness.ts";

interface Case {
  name: string;
  options: ScenarioOptions;
  /** Expected fills as [bar, orderId, side, quantity, price]. */
  fills: Array<[number, string, "BUY" | "SELL", number, number]>;
  /**
   * Expected fee and realized PnL of each fill, hand-computed (cases that set `fees`: Hyperliquid's
   * base tier, taker 0.045 %, maker 0.015 %; PnL before fees).
   */
  costs?: Array<[fee: number, realizedPnl: number]>;
  events?: string[];
}

const bars = (...rows: Bar[]): Bar[] => rows;

/**
 * Actions of the take-profit cases: at bar 0, a market buy of 2 ("entry") and a reduce-only
 * take-profit sell of 2 ("tp") triggering at 110; `limit` makes it a take-profit limit.
 */
const longWithTakeProfit = (limit?: number): ScenarioOptions["actions"] => ({
  0: (m) => {
    m.submit(request("entry", "BUY", "MARKET", 2));
    m.submit(
      limit === undefined
        ? request("tp", "SELL", "TAKE_PROFIT_MARKET", 2, { triggerPrice: 110, reduceOnly: true })
        : request("tp", "SELL", "TAKE_PROFIT_LIMIT", 2, {
            triggerPrice: 110,
            price: limit,
            reduceOnly: true,
          }),
    );
  },
});

const cases: Case[] = [
  {
    name: "market buy fills at the open",
    options: {
      bars: bars([100, 105, 95, 102]),
      actions: { 0: (m) => m.submit(request("a", "BUY", "MARKET", 2)) },
    },
    fills: [[0, "a", "BUY", 2, 100]],
  },
  {
    name: "market buy pays 10 bps slippage",
    options: {
      bars: bars([100, 105, 95, 102]),
      slippageBps: 10,
      fees: HYPERLIQUID_BASE_FEES,
      actions: { 0: (m) => m.submit(request("a", "BUY", "MARKET", 1)) },
    },
    fills: [[0, "a", "BUY", 1, 100.1]],
    // Taker: 100.1 · 0.045 %.
    costs: [[0.045045, 0]],
  },
  {
    name: "market sell slippage is clamped to the bar's low",
    options: {
      bars: bars([100, 101, 99.95, 100]),
      slippageBps: 10,
      actions: { 0: (m) => m.submit(request("a", "SELL", "MARKET", 1)) },
    },
    fills: [[0, "a", "SELL", 1, 99.95]],
  },
  {
    name: "limit buy fills at the limit when traded through",
    options: {
      bars: bars([100, 101, 98, 99], [99, 100, 96, 98]),
      fees: HYPERLIQUID_BASE_FEES,
      actions: { 0: (m) => m.submit(request("a", "BUY", "LIMIT", 1, { price: 97 })) },
    },
    fills: [[1, "a", "BUY", 1, 97]],
    // A resting limit is maker: 97 · 0.015 %.
    costs: [[0.01455, 0]],
  },
  {
    name: "limit buy only touched does not fill",
    options: {
      bars: bars([100, 101, 97, 99]),
      actions: { 0: (m) => m.submit(request("a", "BUY", "LIMIT", 1, { price: 97 })) },
    },
    fills: [],
  },
  {
    name: "limit buy gapped through fills at the open",
    options: {
      bars: bars([100, 101, 98, 99], [95, 96, 94, 95]),
      actions: { 0: (m) => m.submit(request("a", "BUY", "LIMIT", 1, { price: 97 })) },
    },
    fills: [[1, "a", "BUY", 1, 95]],
  },
  {
    name: "marketable limit buy fills at the open on arrival",
    options: {
      bars: bars([100, 102, 99, 101]),
      actions: { 0: (m) => m.submit(request("a", "BUY", "LIMIT", 1, { price: 101 })) },
    },
    fills: [[0, "a", "BUY", 1, 100]],
  },
  {
    name: "limit sell fills at the limit when the high trades through",
    options: {
      bars: bars([100, 106, 99, 104]),
      actions: { 0: (m) => m.submit(request("a", "SELL", "LIMIT", 1, { price: 105 })) },
    },
    fills: [[0, "a", "SELL", 1, 105]],
  },
  {
    name: "ALO that would cross is rejected, a passive one rests and fills",
    options: {
      bars: bars([100, 101, 98, 99]),
      actions: {
        0: (m) => {
          m.submit(request("cross", "BUY", "LIMIT", 1, { price: 101, timeInForce: "ALO" }));
          m.submit(request("rest", "BUY", "LIMIT", 1, { price: 99, timeInForce: "ALO" }));
        },
      },
    },
    fills: [[0, "rest", "BUY", 1, 99]],
    events: ["0:rejected:cross:post_only_would_cross", "0:accepted:rest", "0:filled:rest:1@99"],
  },
  {
    name: "IOC limit fills if marketable, else expires",
    options: {
      bars: bars([100, 101, 98, 99]),
      actions: {
        0: (m) => {
          m.submit(request("miss", "BUY", "LIMIT", 1, { price: 99, timeInForce: "IOC" }));
          m.submit(request("hit", "BUY", "LIMIT", 1, { price: 100.5, timeInForce: "IOC" }));
        },
      },
    },
    fills: [[0, "hit", "BUY", 1, 100]],
    events: ["0:accepted:miss", "0:expired:miss:ioc_not_filled", "0:accepted:hit", "0:filled:hit:1@100"],
  },
  {
    name: "stop-market buy triggers on touch of the high and fills at the trigger",
    options: {
      bars: bars([100, 103, 99, 102]),
      actions: { 0: (m) => m.submit(request("a", "BUY", "STOP_MARKET", 1, { triggerPrice: 103 })) },
    },
    fills: [[0, "a", "BUY", 1, 103]],
  },
  {
    name: "stop-market sell gapped through fills at the open, not the trigger",
    options: {
      bars: bars([100, 101, 99, 100], [93, 94, 90, 92]),
      actions: {
        0: (m) => {
          m.submit(request("entry", "BUY", "MARKET", 1));
          m.submit(request("stop", "SELL", "STOP_MARKET", 1, { triggerPrice: 95, reduceOnly: true }));
        },
      },
    },
    fills: [
      [0, "entry", "BUY", 1, 100],
      [1, "stop", "SELL", 1, 93],
    ],
  },
  {
    name: "stop-limit buy triggers and fills at the trigger when the limit allows",
    options: {
      bars: bars([100, 106, 99, 105]),
      actions: {
        0: (m) => m.submit(request("a", "BUY", "STOP_LIMIT", 1, { triggerPrice: 103, price: 104 })),
      },
    },
    fills: [[0, "a", "BUY", 1, 103]],
  },
  {
    name: "stop-limit buy gapped above its limit rests as a limit and fills at the limit on the way down",
    options: {
      bars: bars([100, 101, 99, 100], [105, 106, 99, 105]),
      actions: {
        0: (m) => m.submit(request("a", "BUY", "STOP_LIMIT", 1, { triggerPrice: 103, price: 104 })),
      },
    },
    fills: [[1, "a", "BUY", 1, 104]],
  },
  {
    name: "take-profit sell (reduce-only) fills at its trigger",
    options: {
      bars: bars([100, 101, 99, 100], [105, 111, 104, 108]),
      fees: HYPERLIQUID_BASE_FEES,
      actions: longWithTakeProfit(),
    },
    fills: [
      [0, "entry", "BUY", 2, 100],
      [1, "tp", "SELL", 2, 110],
    ],
    // Entry 200 · 0.045 %; the take-profit market fill is a taker too: 220 · 0.045 %, PnL 2 · (110 − 100).
    costs: [
      [0.09, 0],
      [0.099, 20],
    ],
  },
  {
    name: "take-profit-limit sell (reduce-only) triggers on touch and fills at the trigger when its limit allows",
    options: {
      bars: bars([100, 101, 99, 100], [105, 111, 104, 108]),
      fees: HYPERLIQUID_BASE_FEES,
      actions: longWithTakeProfit(109),
    },
    fills: [
      [0, "entry", "BUY", 2, 100],
      [1, "tp", "SELL", 2, 110],
    ],
    costs: [
      [0.09, 0],
      [0.099, 20],
    ],
  },
  {
    name: "take-profit-limit sell gapped through fills at the open, above its limit",
    options: {
      bars: bars([100, 101, 99, 100], [112, 113, 111.5, 112]),
      fees: HYPERLIQUID_BASE_FEES,
      actions: longWithTakeProfit(111),
    },
    fills: [
      [0, "entry", "BUY", 2, 100],
      [1, "tp", "SELL", 2, 112],
    ],
    // 224 · 0.045 %, PnL 2 · (112 − 100).
    costs: [
      [0.09, 0],
      [0.1008, 24],
    ],
  },
  {
    name: "cancel removes a resting order",
    options: {
      bars: bars([100, 101, 98, 99], [99, 100, 90, 95]),
      actions: {
        0: (m) => m.submit(request("a", "BUY", "LIMIT", 1, { price: 97 })),
        1: (m) => m.cancel("a"),
      },
    },
    fills: [],
  },
  {
    name: "modify moves a resting limit",
    options: {
      bars: bars([100, 101, 98, 99], [100, 101, 98.5, 100]),
      actions: {
        0: (m) => m.submit(request("a", "BUY", "LIMIT", 1, { price: 97 })),
        1: (m) => m.modify("a", { price: 99 }),
      },
    },
    fills: [[1, "a", "BUY", 1, 99]],
  },
  {
    name: "reduce-only without a position is canceled, never opens one",
    options: {
      bars: bars([100, 101, 99, 100]),
      actions: { 0: (m) => m.submit(request("a", "SELL", "MARKET", 1, { reduceOnly: true })) },
    },
    fills: [],
    events: ["0:accepted:a", "0:canceled:a:reduce_only_no_position"],
  },
];

describe("bar-based fill rules", () => {
  it.each(cases)("$name", ({ options, fills, costs, events }) => {
    const result = runScenario(options);
    expect(
      result.fills.map((fill) => [fill.bar, fill.orderId, fill.side, fill.quantity, fill.price]),
    ).toEqual(
      fills.map(([bar, id, side, quantity, price]) => [bar, id, side, quantity, expect.closeTo(price, 9)]),
    );
    if (costs) {
      expect(result.fills.map((fill) => [fill.fee, fill.realizedPnl])).toEqual(
        costs.map(([fee, pnl]) => [expect.closeTo(fee, 12), expect.closeTo(pnl, 9)]),
      );
    }
    if (events) expect(result.events).toEqual(events);
  });
});

describe("both stop and take-profit inside one bar", () => {
  const bracketActions = {
    0: (m: import("../../src/venues/matching/index.ts").MatchingEngine) => {
      m.submit(request("entry", "BUY", "MARKET", 1));
      m.submit(
        request("sl", "SELL", "STOP_MARKET", 1, { triggerPrice: 95, reduceOnly: true, ocoGroup: "g" }),
      );
      m.submit(
        request("tp", "SELL", "TAKE_PROFIT_MARKET", 1, {
          triggerPrice: 110,
          reduceOnly: true,
          ocoGroup: "g",
        }),
      );
    },
  };
  const table: Array<[string, "stop-first" | "ohlc", Bar, string, number]> = [
    ["stop-first, bullish bar", "stop-first", [100, 112, 94, 111], "sl", 95],
    ["stop-first, bearish bar", "stop-first", [100, 112, 94, 96], "sl", 95],
    ["ohlc path, bullish bar goes low first", "ohlc", [100, 112, 94, 111], "sl", 95],
    ["ohlc path, bearish bar goes high first", "ohlc", [100, 112, 94, 96], "tp", 110],
  ];
  it.each(table)("%s", (_name, path, bar, exitId, exitPrice) => {
    const result = runScenario({ bars: [[100, 100, 100, 100], bar], path, actions: bracketActions });
    const exits = result.fills.filter((fill) => fill.orderId !== "entry");
    expect(exits.map((fill) => [fill.orderId, fill.price])).toEqual([[exitId, exitPrice]]);
    expect(result.events.some((event) => event.includes(":canceled:") && event.endsWith(":oco"))).toBe(true);
    expect(result.engine.position(0).quantity).toBe(0);
  });
});

describe("brackets", () => {
  const bracket = (m: import("../../src/venues/matching/index.ts").MatchingEngine) =>
    m.submit(request("entry", "BUY", "MARKET", 2), [
      request("sl", "SELL", "STOP_MARKET", 2, {
        triggerPrice: 95,
        reduceOnly: true,
        parentId: "entry",
        ocoGroup: "b",
        tag: "stop_loss",
      }),
      request("tp1", "SELL", "TAKE_PROFIT_MARKET", 1, {
        triggerPrice: 105,
        reduceOnly: true,
        parentId: "entry",
        ocoGroup: "b",
        fractionOfParent: 0.5,
        tag: "tp1",
      }),
      request("tp2", "SELL", "TAKE_PROFIT_MARKET", 2, {
        triggerPrice: 110,
        reduceOnly: true,
        parentId: "entry",
        ocoGroup: "b",
        tag: "tp2",
      }),
    ]);

  it("TP1 takes half, TP2 the rest, the stop is canceled", () => {
    const result = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 106, 99, 105],
        [105, 111, 104, 110],
      ],
      actions: { 0: bracket },
    });
    expect(result.fills.map((fill) => [fill.bar, fill.orderId, fill.quantity, fill.price])).toEqual([
      [0, "entry", 2, 100],
      [1, "tp1", 1, 105],
      [2, "tp2", 1, 110],
    ]);
    expect(result.orders.get("sl")?.status).toBe("CANCELED");
    expect(result.engine.clearinghouse.balance).toBeCloseTo(100_000 + 5 + 10, 9);
  });

  it("after TP1 a bar reaching both the stop and TP2 exits at the stop", () => {
    const result = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 106, 99, 105],
        [105, 111, 94, 100],
      ],
      actions: { 0: bracket },
    });
    expect(result.fills.map((fill) => [fill.orderId, fill.quantity, fill.price])).toEqual([
      ["entry", 2, 100],
      ["tp1", 1, 105],
      ["sl", 1, 95],
    ]);
    expect(result.orders.get("tp2")?.status).toBe("CANCELED");
  });

  it("children stay dormant until a limit entry fills, and a same-bar stop after entry fills (stop-first)", () => {
    const result = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 101, 93, 100],
      ],
      actions: {
        0: (m) =>
          m.submit(request("entry", "BUY", "LIMIT", 1, { price: 97 }), [
            request("sl", "SELL", "STOP_MARKET", 1, {
              triggerPrice: 94,
              reduceOnly: true,
              parentId: "entry",
              ocoGroup: "b",
            }),
            request("tp", "SELL", "TAKE_PROFIT_MARKET", 1, {
              triggerPrice: 100.5,
              reduceOnly: true,
              parentId: "entry",
              ocoGroup: "b",
            }),
          ]),
      },
    });
    expect(result.fills.map((fill) => [fill.bar, fill.orderId, fill.price])).toEqual([
      [1, "entry", 97],
      [1, "sl", 94],
    ]);
  });

  it("canceling an unfilled entry cancels its children", () => {
    const result = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 101, 99, 100],
      ],
      actions: {
        0: (m) =>
          m.submit(request("entry", "BUY", "LIMIT", 1, { price: 90 }), [
            request("sl", "SELL", "STOP_MARKET", 1, {
              triggerPrice: 85,
              reduceOnly: true,
              parentId: "entry",
            }),
          ]),
        1: (m) => m.cancel("entry"),
      },
    });
    expect(result.orders.get("sl")?.status).toBe("CANCELED");
    expect(result.orders.get("sl")?.reason).toBe("parent_canceled");
  });
});

describe("fees, funding, margin and liquidation", () => {
  it("charges taker on market and maker on resting limit fills (Hyperliquid base tier)", () => {
    const result = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 111, 99, 110],
      ],
      fees: HYPERLIQUID_BASE_FEES,
      actions: {
        0: (m) => {
          m.submit(request("entry", "BUY", "MARKET", 10));
          m.submit(request("exit", "SELL", "LIMIT", 10, { price: 105, reduceOnly: true }));
        },
      },
    });
    const [entry, exit] = result.fills;
    expect(entry?.fee).toBeCloseTo(1000 * 0.00045, 12);
    expect(entry?.liquidity).toBe("TAKER");
    expect(exit?.fee).toBeCloseTo(1050 * 0.00015, 12);
    expect(exit?.liquidity).toBe("MAKER");
    expect(result.engine.clearinghouse.balance).toBeCloseTo(100_000 + 50 - 0.45 - 0.1575, 9);
  });

  it("longs pay positive funding on notional, shorts receive it", () => {
    const long = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 101, 99, 100],
      ],
      funding: { 1: 0.0001 },
      actions: { 0: (m) => m.submit(request("a", "BUY", "MARKET", 10)) },
    });
    expect(long.funding).toEqual([expect.closeTo(-0.1, 12)]);
    expect(long.engine.position(0).funding).toBeCloseTo(-0.1, 12);
    const short = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 101, 99, 100],
      ],
      funding: { 1: 0.0001 },
      actions: { 0: (m) => m.submit(request("a", "SELL", "MARKET", 10)) },
    });
    expect(short.funding).toEqual([expect.closeTo(0.1, 12)]);
  });

  it("rejects an order beyond available margin and accepts one within it", () => {
    const result = runScenario({
      bars: [[100, 101, 99, 100]],
      cash: 1000,
      actions: {
        0: (m) => {
          m.submit(request("big", "BUY", "MARKET", 11));
          m.submit(request("fits", "BUY", "MARKET", 10));
        },
      },
    });
    expect(result.events).toContain("0:rejected:big:insufficient_margin");
    expect(result.fills.map((fill) => fill.orderId)).toEqual(["fits"]);
  });

  it("admits a market order sized to all the margin at its slipped price and fee, on either side", () => {
    // What the engine's sizing allows: cash / (slipped price · (1 + taker rate)). The fee of the fill
    // is on the slipped price; the admission checks that same fee (a sell slips below the open, so a
    // fee taken on the open would be the larger one and refuse every short sized to the margin).
    for (const side of ["BUY", "SELL"] as const) {
      const slipped = 100 * (side === "BUY" ? 1.0002 : 0.9998);
      const quantity = 10_000 / (slipped * (1 + 0.00045));
      const result = runScenario({
        bars: [[100, 101, 99, 100]],
        cash: 10_000,
        fees: HYPERLIQUID_BASE_FEES,
        slippageBps: 2,
        actions: { 0: (m) => m.submit(request("all", side, "MARKET", quantity)) },
      });
      expect(result.events, side).not.toContain("0:rejected:all:insufficient_margin");
      expect(
        result.fills.map((fill) => [fill.price, fill.fee]),
        side,
      ).toEqual([[expect.closeTo(slipped, 9), expect.closeTo(quantity * slipped * 0.00045, 9)]]);
      // Over by a thousandth: refused.
      const over = runScenario({
        bars: [[100, 101, 99, 100]],
        cash: 10_000,
        fees: HYPERLIQUID_BASE_FEES,
        slippageBps: 2,
        actions: { 0: (m) => m.submit(request("over", side, "MARKET", quantity * 1.001)) },
      });
      expect(over.events, side).toContain("0:rejected:over:insufficient_margin");
    }
  });

  it("liquidates at the maintenance-margin price when the low reaches it", () => {
    const instrument = createInstrument({ id: INSTRUMENT.id, maxLeverage: 50, maintenanceMarginRate: 0.01 });
    const result = runScenario({
      instrument,
      bars: [
        [100, 101, 99, 100],
        [100, 101, 85, 88],
      ],
      cash: 1000,
      leverage: 10,
      actions: { 0: (m) => m.submit(request("a", "BUY", "MARKET", 100)) },
    });
    const liquidationPrice = (10_000 - 1000) / (100 * 0.99);
    const last = result.fills.at(-1);
    expect(last?.tag).toBe("liquidation");
    expect(last?.price).toBeCloseTo(liquidationPrice, 9);
    const balance = result.engine.clearinghouse.balance;
    expect(balance).toBeCloseTo(0.01 * 100 * liquidationPrice, 6);
  });

  it("cash mode refuses shorts and spends cash on buys", () => {
    const result = runScenario({
      mode: "cash",
      bars: [[100, 101, 99, 100]],
      cash: 1000,
      actions: {
        0: (m) => {
          m.submit(request("short", "SELL", "MARKET", 1));
          m.submit(request("buy", "BUY", "MARKET", 4));
        },
      },
    });
    expect(result.events).toContain("0:rejected:short:insufficient_margin");
    expect(result.engine.clearinghouse.balance).toBeCloseTo(600, 9);
    expect(result.engine.clearinghouse.equity()).toBeCloseTo(1000, 9);
  });
});

describe("bracket legs follow the position", () => {
  it("closing the position by another order cancels the bracket's stop and take-profits", () => {
    const result = runScenario({
      bars: [
        [100, 101, 99, 100],
        [100, 101, 99, 100],
      ],
      actions: {
        0: (m) =>
          m.submit(request("entry", "BUY", "MARKET", 1), [
            request("sl", "SELL", "STOP_MARKET", 1, {
              triggerPrice: 90,
              reduceOnly: true,
              parentId: "entry",
              ocoGroup: "entry",
            }),
            request("tp", "SELL", "TAKE_PROFIT_MARKET", 1, {
              triggerPrice: 120,
              reduceOnly: true,
              parentId: "entry",
              ocoGroup: "entry",
            }),
          ]),
        1: (m) => m.submit(request("exit", "SELL", "MARKET", 1, { reduceOnly: true })),
      },
    });
    expect(result.orders.get("sl")?.status).toBe("CANCELED");
    expect(result.orders.get("tp")?.status).toBe("CANCELED");
    expect(result.engine.openOrders(0)).toEqual([]);
  });
});

describe("an entry triggered inside a bar", () => {
  const breakout = (m: import("../../src/venues/matching/index.ts").MatchingEngine) =>
    m.submit(request("entry", "BUY", "STOP_MARKET", 1, { triggerPrice: 102 }), [
      request("sl", "SELL", "STOP_MARKET", 1, {
        triggerPrice: 98,
        reduceOnly: true,
        parentId: "entry",
        ocoGroup: "entry",
      }),
      request("tp", "SELL", "TAKE_PROFIT_MARKET", 1, {
        triggerPrice: 108,
        reduceOnly: true,
        parentId: "entry",
        ocoGroup: "entry",
      }),
    ]);
  const bars: Bar[] = [
    [100, 100, 100, 100],
    [100, 109, 97, 101],
  ];
  it("stop-first: after the breakout entry the price is assumed to come back to the stop", () => {
    const result = runScenario({ bars, actions: { 0: breakout } });
    expect(result.fills.map((fill) => [fill.orderId, fill.price])).toEqual([
      ["entry", 102],
      ["sl", 98],
    ]);
  });
  it("ohlc: a bullish bar goes low, then high, so the take-profit fills", () => {
    const result = runScenario({ bars, path: "ohlc", actions: { 0: breakout } });
    expect(result.fills.map((fill) => [fill.orderId, fill.price])).toEqual([
      ["entry", 102],
      ["tp", 108],
    ]);
  });
});
