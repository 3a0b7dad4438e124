import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import {
  defineStrategy,
  PositionManagementSchema,
  PositionManager,
  STRATEGY_INTERFACE_VERSION,
  type Strategy,
  type StrategyContext,
} from "../engine/index.ts";
import {
  type ConfluenceOptions,
  createSignalDetector,
  DEFAULT_STRUCTURE_PARAMETERS,
  DEFAULT_SWING_PARAMETERS,
  type Signal,
  type SignalDetector,
} from "../signals/index.ts";
import { BarFeed } from "./bar-feed.ts";

/** Timeframe sets: `intraday` reads 4h/1h bias and 15m/5m entries (base ≤ 5m); `swing` 1d/4h and 1h (base ≤ 1h). */
export const CONFLUENCE_PROFILES = {
  intraday: {
    higherTimeframes: [
      { interval: "4h", weight: 2 },
      { interval: "1h", weight: 1 },
    ],
    lowerTimeframes: ["15m", "5m"],
  },
  swing: {
    higherTimeframes: [
      { interval: "1d", weight: 2 },
      { interval: "4h", weight: 1 },
    ],
    lowerTimeframes: ["1h"],
  },
} as const satisfies Record<string, Pick<ConfluenceOptions, "higherTimeframes" | "lowerTimeframes">>;

/** Parameters of {@link confluence}: signal thresholds, sizing and the position management rules. */
export const ConfluenceParamsSchema = z
  .object({
    profile: z
      .enum(["intraday", "swing"])
      .default("intraday")
      .describe("timeframe set (intraday: 4h/1h + 15m/5m; swing: 1d/4h + 1h)"),
    riskPercent: z.coerce.number().positive().max(3).default(1).describe("equity at risk per trade, percent"),
    minimumTotalScore: z.coerce.number().min(0).max(1).default(0.6).describe("confluence total score needed"),
    minimumAlignment: z.coerce.number().min(0).max(1).default(0.6).describe("timeframe alignment needed"),
    minimumEntryConfidence: z.coerce
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe("entry pattern confidence needed"),
    minimumSwingStrength: z.coerce
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe(
        "swing strength a swing point needs (the original's 0.4 leaves almost no swings on intraday data)",
      ),
  })
  .extend(PositionManagementSchema.shape)
  .strict()
  .refine((params) => params.tp2R > params.tp1R, { message: "tp2R must be above tp1R", path: ["tp2R"] });

/** Parsed params of {@link confluence}. */
export type ConfluenceParams = z.infer<typeof ConfluenceParamsSchema>;

class ConfluenceStrategy implements Strategy {
  private detector: SignalDetector | undefined;
  private readonly feed = new BarFeed();
  private readonly manager: PositionManager;
  /** Every signal seen, with whether it opened a position (for reports and `hlbot signals`). */
  readonly signals: Array<{ signal: Signal; taken: boolean }> = [];

  constructor(private readonly params: ConfluenceParams) {
    this.manager = new PositionManager({
      tp1R: params.tp1R,
      tp1Fraction: params.tp1Fraction,
      tp2R: params.tp2R,
      breakevenR: params.breakevenR,
      momentumPullbackR: params.momentumPullbackR,
      timeStopBars: params.timeStopBars,
    });
  }

  onBar(ctx: StrategyContext): void {
    const candles = ctx.candles();
    if (candles.length < 2) return;
    this.detector ??= this.createDetector(
      candles.timestamp(1) - candles.timestamp(0),
      ctx.instruments[0]?.symbol,
    );
    const detector = this.detector;
    this.manager.onBar(ctx);
    let latest: Signal | null = null;
    this.feed.catchUp(ctx, (index) => {
      const signal = detector.update(
        candles.timestamp(index),
        candles.open(index),
        candles.high(index),
        candles.low(index),
        candles.close(index),
        candles.volume(index),
      );
      if (signal) latest = signal;
    });
    const signal = latest as Signal | null;
    if (!signal) return;
    const free = ctx.position().quantity === 0 && !this.manager.isManaging() && ctx.openOrders().length === 0;
    this.signals.push({ signal, taken: free });
    if (!free) return;
    this.manager.open(ctx, {
      side: signal.side === "LONG" ? "BUY" : "SELL",
      stopLoss: signal.stop,
      entryPrice: signal.entry,
      sizing: { mode: "risk", fraction: this.params.riskPercent / 100 },
      tag: "signal",
      signal: {
        id: signal.id,
        side: signal.side,
        entry: signal.entry,
        stop: signal.stop,
        targets: signal.targets,
        confidence: signal.confidence,
        reasoning: signal.reasoning,
      },
    });
  }

  private createDetector(baseIntervalMs: number, symbol: string | undefined): SignalDetector {
    const profile = CONFLUENCE_PROFILES[this.params.profile];
    try {
      return createSignalDetector({
        baseIntervalMs,
        ...(symbol ? { symbol } : {}),
        higherTimeframes: profile.higherTimeframes.map((timeframe) => ({ ...timeframe })),
        lowerTimeframes: [...profile.lowerTimeframes],
        minimumTotalScore: this.params.minimumTotalScore,
        minimumAlignment: this.params.minimumAlignment,
        minimumEntryConfidence: this.params.minimumEntryConfidence,
        structure: {
          ...DEFAULT_STRUCTURE_PARAMETERS,
          swing: { ...DEFAULT_SWING_PARAMETERS, minimumStrength: this.params.minimumSwingStrength },
        },
      });
    } catch (error) {
      throw new ValidationError(
        `confluence profile ${this.params.profile} does not fit bars of ${baseIntervalMs / 60_000} minutes (${(error as Error).message}); use --param profile=swing for 1h data`,
        { field: "profile" },
      );
    }
  }
}

/**
 * The confluence engine's signals (higher-timeframe bias, lower-timeframe entry pattern, structure,
 * cycle and zone scores) traded with the position management rules: bracket at the signal's structure
 * stop, TP1/TP2 in R, breakeven, momentum exit, optional time stop; sized to `riskPercent` of equity.
 */
export const confluence = defineStrategy<ConfluenceParams>({
  name: "confluence",
  description: "multi-timeframe confluence signals with TP1/TP2, breakeven and momentum exits",
  interfaceVersion: STRATEGY_INTERFACE_VERSION,
  paramsSchema: ConfluenceParamsSchema,
  create: (params) => new ConfluenceStrategy(params),
});
