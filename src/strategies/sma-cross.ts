import { z } from "zod";
import {
  defineStrategy,
  STRATEGY_INTERFACE_VERSION,
  type Strategy,
  type StrategyContext,
} from "../engine/index.ts";

/** Parameters of {@link smaCross}. */
export const SmaCrossParamsSchema = z
  .object({
    fast: z.coerce.number().int().min(1).max(10_000).default(10).describe("fast SMA period in bars"),
    slow: z.coerce.number().int().min(2).max(10_000).default(20).describe("slow SMA period in bars"),
    allowShort: z
      .union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")])
      .default(true)
      .describe("reverse long ↔ short on each cross (false: long only)"),
  })
  .strict()
  .refine((params) => params.fast < params.slow, {
    message: "fast must be smaller than slow",
    path: ["fast"],
  });

/** Parsed params of {@link smaCross}. */
export type SmaCrossParams = z.infer<typeof SmaCrossParamsSchema>;

/**
 * The fast and the slow rolling mean of the closes over one ring buffer of the last `slowPeriod`
 * closes, each with a compensated (Kahan) running sum, so a long run does not drift from the exact
 * mean. A mean is `NaN` until its window is full. Both are updated by one call: the close leaving the
 * fast window is read from the same buffer, `fastPeriod` slots behind the newest.
 */
class CrossingMeans {
  /** Mean of the last `fastPeriod` closes, `NaN` before that many were added. */
  fast = Number.NaN;
  /** Mean of the last `slowPeriod` closes, `NaN` before that many were added. */
  slow = Number.NaN;
  /** The last `slowPeriod` closes (zeros before it fills, so the close leaving either window is 0 then). */
  private readonly window: Float64Array;
  /** Slot of the next close. */
  private position = 0;
  /** Closes added so far. */
  private count = 0;
  private fastSum = 0;
  private fastCompensation = 0;
  private slowSum = 0;
  private slowCompensation = 0;

  /** `fastPeriod` < `slowPeriod` (the schema guarantees it). */
  constructor(
    private readonly fastPeriod: number,
    private readonly slowPeriod: number,
  ) {
    this.window = new Float64Array(slowPeriod);
  }

  /** Adds `close` to both windows. */
  add(close: number): void {
    const fastPeriod = this.fastPeriod;
    const slowPeriod = this.slowPeriod;
    const window = this.window;
    const position = this.position;
    // Until the buffer has wrapped, that slot has not been written yet and holds 0.
    const fastOld = window[
      position >= fastPeriod ? position - fastPeriod : position - fastPeriod + slowPeriod
    ] as number;
    const slowOld = window[position] as number;
    window[position] = close;
    this.position = position + 1 === slowPeriod ? 0 : position + 1;
    const count = ++this.count;
    const fastSum = this.fastSum;
    const fastDelta = close - fastOld - this.fastCompensation;
    const fastNext = fastSum + fastDelta;
    this.fastCompensation = fastNext - fastSum - fastDelta;
    this.fastSum = fastNext;
    const slowSum = this.slowSum;
    const slowDelta = close - slowOld - this.slowCompensation;
    const slowNext = slowSum + slowDelta;
    this.slowCompensation = slowNext - slowSum - slowDelta;
    this.slowSum = slowNext;
    this.fast = count >= fastPeriod ? fastNext / fastPeriod : Number.NaN;
    this.slow = count >= slowPeriod ? slowNext / slowPeriod : Number.NaN;
  }
}

/** The running strategy (fields, not closure variables, so per-bar updates allocate nothing). */
class SmaCrossStrategy implements Strategy {
  readonly warmupBars: number;
  private readonly means: CrossingMeans;
  private fastBefore = Number.NaN;
  private slowBefore = Number.NaN;
  private pushed = 0;

  constructor(private readonly params: SmaCrossParams) {
    this.means = new CrossingMeans(params.fast, params.slow);
    this.warmupBars = params.slow - 1;
  }

  onBar(ctx: StrategyContext): void {
    // Bars closed before the first call (warm-up) are added first, so the means never lag.
    if (this.pushed < ctx.index) this.catchUp(ctx);
    this.pushed++;
    const means = this.means;
    means.add(ctx.close);
    const fast = means.fast;
    const slow = means.slow;
    const fastBefore = this.fastBefore;
    const slowBefore = this.slowBefore;
    this.fastBefore = fast;
    this.slowBefore = slow;
    const crossUp = fastBefore < slowBefore && fast > slow;
    if (crossUp || (fastBefore > slowBefore && fast < slow)) this.reverse(ctx, crossUp);
  }

  /** On a cross: close the position, then buy (cross up) or, with `allowShort`, sell (cross down). */
  private reverse(ctx: StrategyContext, up: boolean): void {
    if (ctx.position().quantity !== 0) ctx.closePosition();
    if (up) ctx.buy();
    else if (this.params.allowShort) ctx.sell();
  }

  /**
   * Adds the closed bars from `pushed` up to the one before `ctx.index`; their last means become
   * the "before" values of bar `ctx.index` (NaN while the windows are not full).
   */
  private catchUp(ctx: StrategyContext): void {
    const candles = ctx.candles();
    const means = this.means;
    while (this.pushed < ctx.index) means.add(candles.close(this.pushed++));
    this.fastBefore = means.fast;
    this.slowBefore = means.slow;
  }
}

/**
 * Moving-average crossover, the backtesting.py `SmaCross` example: on a cross up (fast[i−1] < slow[i−1]
 * and fast[i] > slow[i]) close any short and buy; on a cross down close any long and, with
 * `allowShort`, sell short. Orders use the run's sizing.
 */
export const smaCross = defineStrategy<SmaCrossParams>({
  name: "sma-cross",
  description: "SMA(fast) / SMA(slow) crossover; reverses long ↔ short on each cross unless allowShort=false",
  interfaceVersion: STRATEGY_INTERFACE_VERSION,
  paramsSchema: SmaCrossParamsSchema as unknown as z.ZodType<SmaCrossParams>,
  create: (params) => new SmaCrossStrategy(params),
});
