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

/** Where a {@link RollingMean} reads its next value (the strategy context, or a scratch object). */
interface CloseSource {
  readonly close: number;
}

/**
 * Rolling mean over a fixed window with a compensated (Kahan) running sum, so a long run does not
 * drift from the exact mean. {@link mean} is `NaN` until `period` values have been added. (The value
 * comes in and the mean goes out through objects, not as number arguments and results, so a call
 * the compiler does not inline boxes no number.)
 */
class RollingMean {
  /** Mean of the last `period` values, `NaN` before the window is full. */
  mean = Number.NaN;
  /** The last `period` values (zeros before the window fills, so the value leaving is 0 then). */
  private readonly window: Float64Array;
  private position = 0;
  /** Values added so far. */
  private count = 0;
  private sum = 0;
  private compensation = 0;

  constructor(private readonly period: number) {
    this.window = new Float64Array(period);
  }

  /** Adds `source.close` to the window. */
  add(source: CloseSource): void {
    const value = source.close;
    const period = this.period;
    const position = this.position;
    const window = this.window;
    const old = window[position] as number;
    window[position] = value;
    this.position = position + 1 === period ? 0 : position + 1;
    const count = ++this.count;
    const sum = this.sum;
    const delta = value - old - this.compensation;
    const next = sum + delta;
    this.compensation = next - sum - delta;
    this.sum = next;
    this.mean = count >= period ? next / period : Number.NaN;
  }
}

/** A close for {@link RollingMean.add} outside the context (warm-up catch-up). */
class ScratchClose implements CloseSource {
  close = Number.NaN;
}

/** The running strategy (fields, not closure variables, so per-bar updates allocate nothing). */
class SmaCrossStrategy implements Strategy {
  readonly warmupBars: number;
  private readonly fastMean: RollingMean;
  private readonly slowMean: RollingMean;
  private fastBefore = Number.NaN;
  private slowBefore = Number.NaN;
  private pushed = 0;

  constructor(private readonly params: SmaCrossParams) {
    this.fastMean = new RollingMean(params.fast);
    this.slowMean = new RollingMean(params.slow);
    this.warmupBars = params.slow - 1;
  }

  onBar(ctx: StrategyContext): void {
    // Bars closed before the first call (warm-up) are added first, so the means never lag.
    if (this.pushed < ctx.index) this.catchUp(ctx);
    this.pushed++;
    const fastMean = this.fastMean;
    const slowMean = this.slowMean;
    fastMean.add(ctx);
    slowMean.add(ctx);
    const fast = fastMean.mean;
    const slow = slowMean.mean;
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
    const scratch = new ScratchClose();
    while (this.pushed < ctx.index) {
      scratch.close = candles.close(this.pushed++);
      this.fastMean.add(scratch);
      this.slowMean.add(scratch);
    }
    this.fastBefore = this.fastMean.mean;
    this.slowBefore = this.slowMean.mean;
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
