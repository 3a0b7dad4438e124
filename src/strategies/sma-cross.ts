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
 * Rolling mean over a fixed window with a compensated (Kahan) running sum, so a long run does not
 * drift from the exact mean. `NaN` until `period` values have been pushed.
 */
class RollingMean {
  private readonly window: Float64Array;
  private position = 0;
  private count = 0;
  private sum = 0;
  private compensation = 0;

  constructor(private readonly period: number) {
    this.window = new Float64Array(period);
  }

  push(value: number): number {
    const old = this.count >= this.period ? (this.window[this.position] as number) : 0;
    this.window[this.position] = value;
    this.position = this.position + 1 === this.period ? 0 : this.position + 1;
    if (this.count < this.period) this.count++;
    const delta = value - old - this.compensation;
    const next = this.sum + delta;
    this.compensation = next - this.sum - delta;
    this.sum = next;
    return this.count >= this.period ? this.sum / this.period : Number.NaN;
  }
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
    let fast = Number.NaN;
    let slow = Number.NaN;
    if (this.pushed < ctx.index) {
      // Catch up with the bars closed before the first call (warm-up).
      const candles = ctx.candles();
      while (this.pushed <= ctx.index) {
        const close = candles.close(this.pushed++);
        this.fastBefore = fast;
        this.slowBefore = slow;
        fast = this.fastMean.push(close);
        slow = this.slowMean.push(close);
      }
    } else {
      this.pushed++;
      fast = this.fastMean.push(ctx.close);
      slow = this.slowMean.push(ctx.close);
    }
    const crossUp = this.fastBefore < this.slowBefore && fast > slow;
    const crossDown = this.fastBefore > this.slowBefore && fast < slow;
    this.fastBefore = fast;
    this.slowBefore = slow;
    if (crossUp) {
      if (ctx.position().quantity !== 0) ctx.closePosition();
      ctx.buy();
    } else if (crossDown) {
      if (ctx.position().quantity !== 0) ctx.closePosition();
      if (this.params.allowShort) ctx.sell();
    }
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
