import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseCandleCsv, sliceCandleSeries } from "../../src/data/index.ts";
import {
  DEFAULT_STRUCTURE_PARAMETERS,
  DEFAULT_SWING_PARAMETERS,
  detectSignals,
  setConfluenceScoreObserver,
} from "../../src/signals/index.ts";

const FIL = new URL("../../../shared/data/FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", import.meta.url);

describe("confluence score observer", () => {
  afterEach(() => setConfluenceScoreObserver(undefined));

  it("reports every scored candidate's total (0-1), more often than signals fire", () => {
    const series = parseCandleCsv(readFileSync(FIL));
    const recent = sliceCandleSeries(series, series.length - 30_000, series.length);
    const totals: number[] = [];
    setConfluenceScoreObserver((total) => totals.push(total));
    const options = {
      structure: {
        ...DEFAULT_STRUCTURE_PARAMETERS,
        swing: { ...DEFAULT_SWING_PARAMETERS, minimumStrength: 0.2 },
      },
    };
    const signals = detectSignals(recent, options);
    expect(totals.length).toBeGreaterThan(signals.length);
    for (const total of totals) expect(total >= 0 && total <= 1).toBe(true);
    setConfluenceScoreObserver(undefined);
    const before = totals.length;
    detectSignals(sliceCandleSeries(recent, 0, 5_000), options);
    expect(totals.length).toBe(before);
  });
});
