import { type CandleColumns, candleColumnsFrom, createInstrument } from "../../src/domain/index.ts";

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** 2024-01-01T00:00:00Z, a Monday. */
export const START = Date.UTC(2024, 0, 1);
export const INSTRUMENT = createInstrument({ id: "TEST-PERP.SIM" });

/** Candles from `[open, high, low, close]` rows, one every `intervalMs` from {@link START}. */
export function candles(
  rows: ReadonlyArray<readonly [number, number, number, number]>,
  intervalMs = MINUTE,
): CandleColumns {
  return candleColumnsFrom(
    rows.map(([open, high, low, close], index) => ({
      timestamp: START + index * intervalMs,
      open,
      high,
      low,
      close,
      volume: 1,
    })),
  );
}

/** Flat-ish candles from a list of closes (open = previous close, high/low ±1 %). */
export function fromCloses(closes: readonly number[], intervalMs = MINUTE): CandleColumns {
  return candles(
    closes.map((close, index) => {
      const open = index === 0 ? close : (closes[index - 1] as number);
      return [open, Math.max(open, close) * 1.01, Math.min(open, close) * 0.99, close] as const;
    }),
    intervalMs,
  );
}
