import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { fundingSettlements, loadFundingFile } from "../../src/data/index.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 6, 19, 10);
const HYPERLIQUID_FUNDING = new URL(
  "../../../shared/data/BTC-PERP-hyperliquid-funding-1h-2025-05-27_2025-08-11.csv",
  import.meta.url,
).pathname;

function series(times: number[], rates = times.map((_, index) => index / 1000)) {
  return { length: times.length, timestamp: Float64Array.from(times), rate: Float64Array.from(rates) };
}

describe("funding settlements on whole hours", () => {
  it("puts each record on the hour it belongs to (late by minutes, early by at most one) and keeps the rates", () => {
    const recorded = series([
      T0 - HOUR + 121, // jitter of a few ms
      T0 + 887_645, // 14:47 late: still the 10:00 settlement
      T0 + HOUR + 110_963, // 1:50 late
      T0 + 3 * HOUR - 1_000, // a second early
      T0 + 4 * HOUR + 45 * 60_000, // 45 minutes late: still its hour
      T0 + 6 * HOUR - 59_000, // 59 s early: the next hour
    ]);
    const settled = fundingSettlements(recorded, "f.csv");
    expect([...settled.timestamp]).toEqual([
      T0 - HOUR,
      T0,
      T0 + HOUR,
      T0 + 3 * HOUR,
      T0 + 4 * HOUR,
      T0 + 6 * HOUR,
    ]);
    expect(settled.rate).toBe(recorded.rate);
    expect(settled.length).toBe(6);
    // The input is not changed.
    expect(recorded.timestamp[1]).toBe(T0 + 887_645);
  });

  it("refuses two records of one settlement hour, naming the file and both times", () => {
    const twice = series([T0 + 100, T0 + 50 * 60_000]);
    expect(() => fundingSettlements(twice, "f.csv")).toThrow(ValidationError);
    expect(() => fundingSettlements(twice, "f.csv")).toThrow(
      "f.csv: funding records at 2025-07-19T10:00:00.100Z and 2025-07-19T10:50:00.000Z both settle at 2025-07-19T10:00:00.000Z",
    );
    // 8-hourly records (Binance) stay on their own hours.
    const eightHourly = series([T0 - 2 * HOUR + 5, T0 + 6 * HOUR + 3, T0 + 14 * HOUR]);
    expect([...fundingSettlements(eightHourly, "f.csv").timestamp]).toEqual([
      T0 - 2 * HOUR,
      T0 + 6 * HOUR,
      T0 + 14 * HOUR,
    ]);
  });

  it("accepts an empty history", () => {
    expect(fundingSettlements(series([]), "f.csv").length).toBe(0);
  });

  it("puts the recorded Hyperliquid file on whole, consecutive hours", () => {
    const settled = fundingSettlements(loadFundingFile(HYPERLIQUID_FUNDING), HYPERLIQUID_FUNDING);
    expect(settled.length).toBe(1832);
    for (let index = 0; index < settled.length; index++) {
      expect((settled.timestamp[index] as number) % HOUR).toBe(0);
      if (index > 0) expect(settled.timestamp[index]).toBe((settled.timestamp[index - 1] as number) + HOUR);
    }
    // The two late records of the file (10:14:47 and 12:01:50) settle at their own hours.
    const times = [...settled.timestamp];
    expect(times).toContain(Date.UTC(2025, 6, 19, 10));
    expect(times).toContain(Date.UTC(2025, 6, 27, 12));
  });
});
