import { z } from "zod";
import {
  defineStrategy,
  STRATEGY_INTERFACE_VERSION,
  type Strategy,
  type StrategyContext,
} from "../engine/index.ts";
import { AverageTrueRange, DonchianChannel } from "../indicators/index.ts";
import { BarFeed } from "./bar-feed.ts";

/** Parameters of {@link donchianBreakout}. */
export const DonchianBreakoutParamsSchema = z
  .object({
    entryPeriod: z.coerce
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(20)
      .describe("breakout channel length in bars"),
    exitPeriod: z.coerce
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(10)
      .describe("trailing exit channel length in bars"),
    atrPeriod: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(20)
      .describe("ATR period for the initial stop"),
    stopAtr: z.coerce.number().positive().max(50).default(2).describe("initial stop distance in ATRs"),
    riskPercent: z.coerce.number().positive().max(3).default(1).describe("equity at risk per trade, percent"),
    allowShort: z
      .union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")])
      .default(true)
      .describe("also trade downside breakouts"),
  })
  .strict()
  .refine((params) => params.exitPeriod < params.entryPeriod, {
    message: "exitPeriod must be shorter than entryPeriod",
    path: ["exitPeriod"],
  });

/** Parsed params of {@link donchianBreakout}. */
export type DonchianBreakoutParams = z.infer<typeof DonchianBreakoutParamsSchema>;

class DonchianBreakoutStrategy implements Strategy {
  readonly warmupBars: number;
  private readonly entry: DonchianChannel;
  private readonly exit: DonchianChannel;
  private readonly atr: AverageTrueRange;
  private readonly feed = new BarFeed();
  // Channels of the bars before the last one: a breakout is a close beyond the previous channel.
  private entryUpper = Number.NaN;
  private entryLower = Number.NaN;
  private exitUpper = Number.NaN;
  private exitLower = Number.NaN;

  constructor(private readonly params: DonchianBreakoutParams) {
    this.entry = new DonchianChannel(params.entryPeriod);
    this.exit = new DonchianChannel(params.exitPeriod);
    this.atr = new AverageTrueRange(params.atrPeriod);
    this.warmupBars = Math.max(params.entryPeriod, params.atrPeriod) + 1;
  }

  onBar(ctx: StrategyContext): void {
    const candles = ctx.candles();
    this.feed.catchUp(ctx, (index) => {
      this.entryUpper = this.entry.upper;
      this.entryLower = this.entry.lower;
      this.exitUpper = this.exit.upper;
      this.exitLower = this.exit.lower;
      this.entry.update(candles.high(index), candles.low(index));
      this.exit.update(candles.high(index), candles.low(index));
      this.atr.update(candles.high(index), candles.low(index), candles.close(index));
    });
    const atr = this.atr.value;
    if (Number.isNaN(this.entryUpper) || Number.isNaN(this.exitLower) || Number.isNaN(atr)) return;
    const close = ctx.close;
    const position = ctx.position().quantity;
    if (position > 0 && close < this.exitLower) ctx.closePosition({ tag: "signal" });
    else if (position < 0 && close > this.exitUpper) ctx.closePosition({ tag: "signal" });
    if (position !== 0 || ctx.openOrders().length > 0) return;
    const sizing = { mode: "risk", fraction: this.params.riskPercent / 100 } as const;
    if (close > this.entryUpper) {
      ctx.bracket({ side: "BUY", sizing, stopLoss: close - this.params.stopAtr * atr, tag: "signal" });
    } else if (this.params.allowShort && close < this.entryLower) {
      ctx.bracket({ side: "SELL", sizing, stopLoss: close + this.params.stopAtr * atr, tag: "signal" });
    }
  }
}

/**
 * Donchian (turtle-style) breakout: enter when the close breaks the previous `entryPeriod`-bar
 * channel, initial stop `stopAtr` ATRs away sized to `riskPercent` of equity, exit when the close
 * breaks the `exitPeriod`-bar channel the other way.
 */
export const donchianBreakout = defineStrategy<DonchianBreakoutParams>({
  name: "donchian-breakout",
  description: "trade closes beyond the N-bar channel; ATR stop; exit on the shorter opposite channel",
  interfaceVersion: STRATEGY_INTERFACE_VERSION,
  paramsSchema: DonchianBreakoutParamsSchema,
  create: (params) => new DonchianBreakoutStrategy(params),
});
