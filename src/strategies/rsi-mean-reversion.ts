import { z } from "zod";
import {
  defineStrategy,
  STRATEGY_INTERFACE_VERSION,
  type Strategy,
  type StrategyContext,
} from "../engine/index.ts";
import { AverageTrueRange, RelativeStrengthIndex } from "../indicators/index.ts";
import { BarFeed } from "./bar-feed.ts";

/** Parameters of {@link rsiMeanReversion}. */
export const RsiMeanReversionParamsSchema = z
  .object({
    period: z.coerce.number().int().min(2).max(500).default(14).describe("RSI (Wilder) period in bars"),
    oversold: z.coerce.number().min(1).max(49).default(30).describe("buy when RSI crosses back above this"),
    overbought: z.coerce
      .number()
      .min(51)
      .max(99)
      .default(70)
      .describe("sell short when RSI crosses back below this"),
    exitLevel: z.coerce.number().min(1).max(99).default(50).describe("close when RSI reaches this level"),
    atrPeriod: z.coerce.number().int().min(1).max(500).default(14).describe("ATR period for the stop"),
    stopAtr: z.coerce.number().positive().max(50).default(2).describe("stop distance in ATRs"),
    riskPercent: z.coerce.number().positive().max(3).default(1).describe("equity at risk per trade, percent"),
    allowShort: z
      .union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")])
      .default(true)
      .describe("also trade the overbought side"),
  })
  .strict();

/** Parsed params of {@link rsiMeanReversion}. */
export type RsiMeanReversionParams = z.infer<typeof RsiMeanReversionParamsSchema>;

class RsiMeanReversionStrategy implements Strategy {
  readonly warmupBars: number;
  private readonly rsi: RelativeStrengthIndex;
  private readonly atr: AverageTrueRange;
  private readonly feed = new BarFeed();
  private previousRsi = Number.NaN;
  private currentRsi = Number.NaN;

  constructor(private readonly params: RsiMeanReversionParams) {
    this.rsi = new RelativeStrengthIndex(params.period);
    this.atr = new AverageTrueRange(params.atrPeriod);
    this.warmupBars = Math.max(params.period, params.atrPeriod) + 1;
  }

  onBar(ctx: StrategyContext): void {
    const candles = ctx.candles();
    this.feed.catchUp(ctx, (index) => {
      this.previousRsi = this.currentRsi;
      this.currentRsi = this.rsi.update(candles.close(index));
      this.atr.update(candles.high(index), candles.low(index), candles.close(index));
    });
    const rsi = this.currentRsi;
    const before = this.previousRsi;
    const atr = this.atr.value;
    if (Number.isNaN(rsi) || Number.isNaN(before) || Number.isNaN(atr)) return;
    const { oversold, overbought, exitLevel, stopAtr, riskPercent, allowShort } = this.params;
    const position = ctx.position().quantity;
    if (position > 0 && rsi >= exitLevel) ctx.closePosition({ tag: "signal" });
    else if (position < 0 && rsi <= exitLevel) ctx.closePosition({ tag: "signal" });
    if (position !== 0 || ctx.openOrders().length > 0) return;
    const sizing = { mode: "risk", fraction: riskPercent / 100 } as const;
    if (before < oversold && rsi >= oversold) {
      const stop = ctx.close - stopAtr * atr;
      ctx.bracket({ side: "BUY", sizing, stopLoss: stop, tag: "signal" });
    } else if (allowShort && before > overbought && rsi <= overbought) {
      const stop = ctx.close + stopAtr * atr;
      ctx.bracket({ side: "SELL", sizing, stopLoss: stop, tag: "signal" });
    }
  }
}

/**
 * RSI mean reversion: buy when RSI (Wilder) crosses back above `oversold`, short when it crosses back
 * below `overbought`; stop `stopAtr` ATRs away, sized to `riskPercent` of equity; exit at `exitLevel`.
 */
export const rsiMeanReversion = defineStrategy<RsiMeanReversionParams>({
  name: "rsi-mean-reversion",
  description: "buy RSI oversold recoveries, short overbought ones; ATR stop; exit at the RSI midline",
  interfaceVersion: STRATEGY_INTERFACE_VERSION,
  paramsSchema: RsiMeanReversionParamsSchema,
  create: (params) => new RsiMeanReversionStrategy(params),
});
