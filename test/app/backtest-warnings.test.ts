import { describe, expect, it } from "vitest";
import { backtestWarnings, type WarningInputs } from "../../src/app/backtest-warnings.ts";
import { candleSeriesFromColumns } from "../../src/data/index.ts";

const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 6);
/** Four hourly bars from START. */
const series = candleSeriesFromColumns({
  timestamp: Float64Array.from([0, 1, 2, 3], (index) => START + index * HOUR),
  open: Float64Array.of(1, 1, 1, 1),
  high: Float64Array.of(1, 1, 1, 1),
  low: Float64Array.of(1, 1, 1, 1),
  close: Float64Array.of(1, 1, 1, 1),
  volume: Float64Array.of(1, 1, 1, 1),
});
const NONE = { no_stop: 0, no_margin: 0, below_one_unit: 0, below_lot: 0 };

function warnings(overrides: Partial<WarningInputs>): string[] {
  return backtestWarnings({
    account: "perpetual",
    unsentOrders: NONE,
    orders: [],
    series,
    fundingToleranceMs: 60_000,
    ...overrides,
  });
}

function funding(times: number[]) {
  return {
    file: "f.csv",
    rates: {
      length: times.length,
      timestamp: Float64Array.from(times),
      rate: new Float64Array(times.length),
    },
  };
}

describe("backtest warnings", () => {
  it("none for a run without problems", () => {
    expect(warnings({ orders: [{ status: "FILLED", reason: null }] })).toEqual([]);
  });

  it("one line per cause of orders that were not sent, singular and plural", () => {
    expect(warnings({ unsentOrders: { no_stop: 1, no_margin: 2, below_one_unit: 3, below_lot: 4 } })).toEqual(
      [
        "1 order was not sent because its size came to 0: risk sizing sizes to the distance to an order's stop, and these had none (stopLoss)",
        "2 orders were not sent because their size came to 0: no margin was available (it was all in use, or the equity was gone)",
        "3 orders were not sent because their size came to 0: all-in sizing buys whole units only, and the account could not afford one whole unit at the price (try --sizing fraction:1, or more --cash)",
        "4 orders were not sent because their size came to 0: their size came to less than one lot",
      ],
    );
  });

  it("venue rejections by reason, bracket legs named but not counted, the margin rule of the account", () => {
    const orders = [
      { status: "REJECTED", reason: "insufficient_margin" },
      { status: "REJECTED", reason: "parent_rejected" },
      { status: "REJECTED", reason: "parent_rejected" },
      { status: "REJECTED", reason: "post_only_would_cross" },
      { status: "REJECTED", reason: null },
      { status: "CANCELED", reason: "oco" },
    ];
    expect(warnings({ orders })).toEqual([
      "3 orders were rejected by the venue: insufficient_margin ×1, post_only_would_cross ×1, unknown ×1, with 2 bracket legs (an order needs its notional / leverage plus the fee in available margin)",
    ]);
    expect(warnings({ orders: orders.slice(0, 1), account: "cash" })).toEqual([
      "1 order was rejected by the venue: insufficient_margin ×1 (a cash account cannot sell short, and a buy needs its notional plus the fee in cash)",
    ]);
    // No margin rule when margin was not the reason.
    expect(warnings({ orders: [{ status: "REJECTED", reason: "min_notional" }] })).toEqual([
      "1 order was rejected by the venue: min_notional ×1",
    ]);
  });

  it("orders canceled at the fill for lack of margin", () => {
    expect(
      warnings({
        orders: [
          { status: "CANCELED", reason: "insufficient_margin" },
          { status: "CANCELED", reason: "insufficient_margin" },
        ],
      }),
    ).toEqual([
      "2 orders were canceled when they filled: insufficient_margin (an order needs its notional / leverage plus the fee in available margin, at the price of the fill)",
    ]);
  });

  it("a funding file that cannot charge anything: outside the data, or only up to the first bar", () => {
    const warning = (covers: string) =>
      `funding file f.csv has no settlement after the first of the data's bars (2025-01-06T00:00:00.000Z to 2025-01-06T03:00:00.000Z; ${covers}): no funding was charged`;
    // Settled at the first bar's open, before any order has filled.
    expect(warnings({ funding: funding([START - HOUR, START]) })).toEqual([
      warning("it covers 2025-01-05T23:00:00.000Z to 2025-01-06T00:00:00.000Z"),
    ]);
    expect(warnings({ funding: funding([START + 4 * HOUR]) })).toEqual([
      warning("it covers 2025-01-06T04:00:00.000Z to 2025-01-06T04:00:00.000Z"),
    ]);
    expect(warnings({ funding: funding([]) })).toEqual([warning("it has no settlements")]);
    // One settlement at a later bar (or within the tolerance after the last one) is enough.
    expect(warnings({ funding: funding([START + HOUR]) })).toEqual([]);
    expect(warnings({ funding: funding([START + 3 * HOUR + 30_000]) })).toEqual([]);
  });
});
