/** One measured figure of `npm run bench`, printed beside its target. */
export interface BenchFigure {
  /** What was measured, e.g. "CSV parse FILUSDT 1m (175,680 rows)". */
  name: string;
  /** The measured value. */
  value: number;
  /** Unit of value and target, e.g. "rows/s", "µs", "MiB". */
  unit: string;
  /** The target from the issue. */
  target: number;
  /** Whether higher or lower values are better. */
  better: "higher" | "lower";
  /** The issue the target comes from. */
  issue: number;
  /** How the value was obtained when that needs saying (e.g. "median of 5 processes, 19.1–21.0 M"). */
  detail?: string;
}

/** A benchmark module: exports `title` and `run()`. */
export interface BenchModule {
  title: string;
  run(): Promise<BenchFigure[]>;
}

/** Times `fn` `repeats` times and returns the fastest run in ms (after one warm-up run). */
export async function bestOf(repeats: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let index = 0; index < repeats; index++) {
    const started = performance.now();
    await fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
