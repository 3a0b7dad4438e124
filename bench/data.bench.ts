/**
 * Data loading speed (issue #3): byte-level CSV parsing of the FILUSDT 1m file from an in-memory
 * buffer (file read excluded) and a binary-cache load of the same file (stat, read with CRC check,
 * Float64Array views).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadCandleFileWithStatus, parseCandleCsv } from "../src/data/index.ts";
import type { BenchFigure } from "./bench-result.ts";

export const title = "Data loading";

/**
 * A full garbage collection between timed runs (never inside one), so that each run gets recycled
 * memory as it would in a long-running worker. Without it every parse or cache load of this file
 * (8 MiB of columns) touches fresh pages, and on a small VM the page faults alone take ~3.5 ms,
 * more than the cache read itself.
 */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as (() => void) | undefined;
  gc?.();
}

/** Best of `repeats` timed runs of `fn` in ms, after one warm-up, collecting garbage before each. */
function bestOfCollected(repeats: number, fn: () => unknown): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let index = 0; index < repeats; index++) {
    collectGarbage();
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const FILE = fileURLToPath(
  new URL("../../shared/data/FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", import.meta.url),
);

export async function run(): Promise<BenchFigure[]> {
  const bytes = readFileSync(FILE);
  const rows = parseCandleCsv(bytes).length;
  const parseMs = bestOfCollected(5, () => parseCandleCsv(bytes));

  const cacheDir = mkdtempSync(join(tmpdir(), "hlbot-bench-cache-"));
  try {
    const first = loadCandleFileWithStatus(FILE, { cacheDir });
    if (first.cacheStatus !== "miss") throw new Error(`expected a cache miss, got ${first.cacheStatus}`);
    let status = "";
    const cacheMs = bestOfCollected(5, () => {
      status = loadCandleFileWithStatus(FILE, { cacheDir }).cacheStatus;
    });
    if (status !== "hit") throw new Error(`expected a cache hit, got ${status}`);
    const rowsLabel = rows.toLocaleString("en-US");
    return [
      {
        name: `CSV parse FILUSDT 1m (${rowsLabel} rows, in-memory buffer, best of 5)`,
        value: rows / (parseMs / 1000),
        unit: "rows/s",
        target: 2_000_000,
        better: "higher",
        issue: 3,
      },
      {
        name: `Binary cache load FILUSDT 1m (${rowsLabel} rows, stat + read + CRC, best of 5)`,
        value: rows / (cacheMs / 1000),
        unit: "rows/s",
        target: 50_000_000,
        better: "higher",
        issue: 3,
      },
    ];
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
