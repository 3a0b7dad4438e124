import { readFileSync } from "node:fs";
import { parseCandleCsv } from "../src/data/index.ts";
import { detectSignals } from "../src/signals/index.ts";
import { type BenchFigure, bestOf } from "./bench-result.ts";

export const title = "Confluence signal engine (issue 5)";

const FILE = new URL("../../shared/data/FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", import.meta.url);

export async function run(): Promise<BenchFigure[]> {
  const series = parseCandleCsv(readFileSync(FILE), { source: "FILUSDT 1m" });
  let signals = 0;
  const milliseconds = await bestOf(3, () => {
    signals = detectSignals(series, { symbol: "FILUSDT" }).length;
  });
  return [
    {
      name: `confluence on FILUSDT 1m resampled to 5m/15m/1h/4h (${series.length.toLocaleString("en-US")} base bars, ${signals} signals)`,
      value: series.length / (milliseconds / 1000),
      unit: "base bars/s",
      target: 200_000,
      better: "higher",
      issue: 5,
    },
  ];
}
