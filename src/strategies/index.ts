import type { StrategyDefinition } from "../engine/index.ts";
import { confluence } from "./confluence.ts";
import { donchianBreakout } from "./donchian-breakout.ts";
import { rsiMeanReversion } from "./rsi-mean-reversion.ts";
import { smaCross } from "./sma-cross.ts";

export * from "./confluence.ts";
export * from "./donchian-breakout.ts";
export * from "./rsi-mean-reversion.ts";
export * from "./sma-cross.ts";

/** Bundled strategies by registry name. */
export const BUNDLED_STRATEGIES: ReadonlyMap<string, StrategyDefinition<never>> = new Map(
  [smaCross, confluence, rsiMeanReversion, donchianBreakout].map((definition) => [
    definition.name,
    definition as unknown as StrategyDefinition<never>,
  ]),
);

/** The bundled strategy called `name`, or undefined. */
export function findBundledStrategy(name: string): StrategyDefinition<unknown> | undefined {
  return BUNDLED_STRATEGIES.get(name) as StrategyDefinition<unknown> | undefined;
}
