import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ExponentialMovingAverage,
  RelativeStrengthIndex,
  SimpleMovingAverage,
} from "../src/indicators/index.ts";
import { type BenchFigure, bestOf } from "./bench-result.ts";

export const title = "Incremental indicator updates (issue 5)";

const FILE = fileURLToPath(
  new URL("../../shared/data/FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", import.meta.url),
);
const UPDATES = 10_000_000;
const PERIOD = 14;
const TARGET_NS = 20;

function loadCloses(): Float64Array {
  const lines = readFileSync(FILE, "utf8").trim().split("\n").slice(1);
  const closes = new Float64Array(lines.length);
  lines.forEach((line, index) => {
    closes[index] = Number(line.split(",")[4]);
  });
  return closes;
}

// One loop per class keeps each `update` call site monomorphic, as in a strategy's bar loop.
function runSimple(closes: Float64Array): number {
  const indicator = new SimpleMovingAverage(PERIOD);
  let last = 0;
  for (let done = 0; done < UPDATES; ) {
    const count = Math.min(closes.length, UPDATES - done);
    for (let index = 0; index < count; index++) last = indicator.update(closes[index] as number);
    done += count;
  }
  return last;
}

function runExponential(closes: Float64Array): number {
  const indicator = new ExponentialMovingAverage(PERIOD);
  let last = 0;
  for (let done = 0; done < UPDATES; ) {
    const count = Math.min(closes.length, UPDATES - done);
    for (let index = 0; index < count; index++) last = indicator.update(closes[index] as number);
    done += count;
  }
  return last;
}

function runRelativeStrength(closes: Float64Array): number {
  const indicator = new RelativeStrengthIndex(PERIOD);
  let last = 0;
  for (let done = 0; done < UPDATES; ) {
    const count = Math.min(closes.length, UPDATES - done);
    for (let index = 0; index < count; index++) last = indicator.update(closes[index] as number);
    done += count;
  }
  return last;
}

export async function run(): Promise<BenchFigure[]> {
  const closes = loadCloses();
  const runs: Array<[string, (closes: Float64Array) => number]> = [
    ["SMA", runSimple],
    ["EMA", runExponential],
    ["RSI (Wilder)", runRelativeStrength],
  ];
  const figures: BenchFigure[] = [];
  for (const [name, loop] of runs) {
    let last = Number.NaN;
    const milliseconds = await bestOf(5, () => {
      last = loop(closes);
    });
    if (!Number.isFinite(last)) throw new Error(`${name} ended on ${last}, expected a finite value`);
    figures.push({
      name: `${name}(${PERIOD}) update, ${UPDATES.toLocaleString("en-US")} FILUSDT 1m closes`,
      value: (milliseconds * 1e6) / UPDATES,
      unit: "ns/value",
      target: TARGET_NS,
      better: "lower",
      issue: 5,
    });
  }
  return figures;
}
