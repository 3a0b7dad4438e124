import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import { loadCandleFile } from "../../src/data/index.ts";
import { createInstrument } from "../../src/domain/index.ts";
import { smaCross } from "../../src/strategies/index.ts";

const DATA = new URL("../../../shared/data/", import.meta.url);
const BTC_HL = new URL("BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", DATA).pathname;

/**
 * backtesting.py's SmaCross with `buy()`/`sell()` at full size, written out as a plain loop: a cross
 * at bar i closes the position and opens floor(cash / (open·(1+c))) units at bar i+1's open; the
 * commission is paid in cash on both legs.
 */
function referenceSmaCross(
  open: Float64Array,
  close: Float64Array,
  fast: number,
  slow: number,
  commission: number,
  allowShort: boolean,
) {
  const sma = (period: number, index: number) => {
    if (index < period - 1) return Number.NaN;
    let sum = 0;
    for (let back = 0; back < period; back++) sum += close[index - back] as number;
    return sum / period;
  };
  let cash = 1_000_000;
  let position = 0;
  let entry = 0;
  let pending = 0;
  const equity: number[] = [];
  const trades: Array<[number, number, number]> = [];
  for (let index = 0; index < close.length; index++) {
    const price = open[index] as number;
    if (pending !== 0) {
      if (position !== 0) {
        cash += position * (price - entry) - Math.abs(position) * price * commission;
        trades.push([position, entry, price]);
        position = 0;
      }
      if (pending > 0 || allowShort) {
        const size = Math.floor(cash / (price * (1 + commission)));
        if (size > 0) {
          position = pending * size;
          entry = price;
          cash -= size * price * commission;
        }
      }
      pending = 0;
    }
    equity.push(cash + position * ((close[index] as number) - entry));
    const [fastNow, slowNow, fastBefore, slowBefore] = [
      sma(fast, index),
      sma(slow, index),
      sma(fast, index - 1),
      sma(slow, index - 1),
    ];
    if (fastBefore < slowBefore && fastNow > slowNow) pending = 1;
    else if (fastBefore > slowBefore && fastNow < slowNow) pending = -1;
  }
  return { equity, trades };
}

describe("sma-cross", () => {
  const series = loadCandleFile(BTC_HL, { useCache: false });
  const instrument = createInstrument({ id: "BTC-PERP.HYPERLIQUID" });

  it.each([
    [10, 20, true],
    [5, 30, false],
  ])(
    "matches the backtesting.py loop trade for trade (fast %i, slow %i, allowShort %s)",
    (fast, slow, allowShort) => {
      const commission = 0.002;
      const result = runBacktest({
        instruments: [instrument],
        series: [series],
        strategy: smaCross.create(smaCross.paramsSchema.parse({ fast, slow, allowShort })),
        cash: 1_000_000,
        fees: { kind: "flat", rate: commission },
        sizing: { mode: "all-in" },
      });
      const reference = referenceSmaCross(series.open, series.close, fast, slow, commission, allowShort);
      expect(result.trades.length).toBeGreaterThan(10);
      expect(
        result.trades.map((trade) => [
          trade.side === "LONG" ? trade.quantity : -trade.quantity,
          trade.entryPrice,
          trade.exitPrice,
        ]),
      ).toEqual(reference.trades);
      for (let index = 0; index < series.length; index++) {
        expect(result.equity[index]).toBeCloseTo(reference.equity[index] as number, 6);
      }
      expect(result.warmupBars).toBe(slow - 1);
    },
  );

  it("validates its params", () => {
    expect(smaCross.paramsSchema.parse({})).toEqual({ fast: 10, slow: 20, allowShort: true });
    expect(smaCross.paramsSchema.parse({ fast: "3", slow: "7", allowShort: "false" })).toEqual({
      fast: 3,
      slow: 7,
      allowShort: false,
    });
    expect(smaCross.paramsSchema.safeParse({ fast: 30, slow: 20 }).success).toBe(false);
    expect(smaCross.paramsSchema.safeParse({ fast: 0 }).success).toBe(false);
    expect(smaCross.paramsSchema.safeParse({ speed: 1 }).success).toBe(false);
  });
});
