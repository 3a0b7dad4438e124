import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/backtest/index.ts";
import type { CandleColumns } from "../../src/domain/index.ts";
import { resampleColumns, type Strategy } from "../../src/engine/index.ts";
import { candles, INSTRUMENT, MINUTE } from "./candle-table.ts";

const FIFTEEN_MINUTES = 15 * MINUTE;

function prefix(columns: CandleColumns, length: number): CandleColumns {
  return {
    length,
    timestamp: columns.timestamp.subarray(0, length),
    open: columns.open.subarray(0, length),
    high: columns.high.subarray(0, length),
    low: columns.low.subarray(0, length),
    close: columns.close.subarray(0, length),
    volume: columns.volume.subarray(0, length),
  };
}

/** A strategy whose every decision depends on base and 15-minute bars; it logs what it saw and did. */
function recordingStrategy(log: string[]): Strategy {
  return {
    timeframes: [FIFTEEN_MINUTES],
    onBar(ctx) {
      const higher = ctx.timeframe(FIFTEEN_MINUTES);
      const last = higher.length - 1;
      const trend = higher.close(last) - higher.close(last - 1);
      const position = ctx.position().quantity;
      let action = "hold";
      if (trend > 0 && ctx.close > higher.close(last) && position <= 0) {
        ctx.buy({ quantity: 1 });
        action = "buy";
      } else if (trend < 0 && position >= 0) {
        ctx.sell({ quantity: 1 });
        action = "sell";
      }
      log.push(
        `${ctx.index}|${higher.length}|${higher.close(last)}|${higher.high(last)}|${position}|${ctx.equity.toFixed(6)}|${action}`,
      );
    },
  };
}

const barsArbitrary = fc
  .array(
    fc.tuple(
      fc.double({ min: -0.02, max: 0.02, noNaN: true }),
      fc.double({ min: 0, max: 0.01, noNaN: true }),
    ),
    {
      minLength: 40,
      maxLength: 160,
    },
  )
  .map((steps) => {
    let price = 100;
    return steps.map(([change, range]) => {
      const open = price;
      const close = price * (1 + change);
      price = close;
      return [open, Math.max(open, close) * (1 + range), Math.min(open, close) * (1 - range), close] as const;
    });
  });

describe("no look-ahead", () => {
  it("appending future bars never changes past decisions", () => {
    fc.assert(
      fc.property(barsArbitrary, fc.double({ min: 0.2, max: 0.9, noNaN: true }), (rows, cut) => {
        const full = candles(rows);
        const length = Math.max(1, Math.floor(rows.length * cut));
        const fullLog: string[] = [];
        const prefixLog: string[] = [];
        const setup = {
          instruments: [INSTRUMENT],
          cash: 10_000,
          fees: { kind: "flat", rate: 0.001 } as const,
          sizing: { mode: "all-in" } as const,
        };
        runBacktest({ ...setup, series: [full], strategy: recordingStrategy(fullLog) });
        runBacktest({ ...setup, series: [prefix(full, length)], strategy: recordingStrategy(prefixLog) });
        expect(fullLog.slice(0, prefixLog.length)).toEqual(prefixLog);
      }),
      { numRuns: 60 },
    );
  });

  it("a higher-timeframe bar becomes visible only once its last base bar has closed", () => {
    const rows = Array.from(
      { length: 50 },
      (_, index) => [index + 1, index + 2, index, index + 1.5] as const,
    );
    const base = candles(rows);
    const resampled = resampleColumns(base, FIFTEEN_MINUTES);
    const visible: number[] = [];
    runBacktest({
      instruments: [INSTRUMENT],
      series: [base],
      cash: 1000,
      fees: { kind: "flat", rate: 0 },
      sizing: { mode: "all-in" },
      strategy: {
        timeframes: [FIFTEEN_MINUTES],
        onBar: (ctx) => visible.push(ctx.timeframe(FIFTEEN_MINUTES).length),
      },
    });
    // Bars 0..14 form the first 15-minute bar: it appears after bar 14 closes.
    expect(visible.slice(13, 16)).toEqual([0, 1, 1]);
    expect(visible[29]).toBe(2);
    expect(visible.at(-1)).toBe(3);
    expect(resampled.length).toBe(4);
    expect(resampled.close[0]).toBe(base.close[14]);
    expect(resampled.high[0]).toBe(Math.max(...Array.from(base.high.subarray(0, 15))));
  });
});
