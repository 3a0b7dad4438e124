import type { StrategyDefinition } from "../engine/index.ts";
import { smaCross } from "./sma-cross.ts";

export * from "./sma-cross.ts";

/** Bundled strategies by registry name. */
export const BUNDLED_STRATEGIES: ReadonlyMap<string, StrategyDefinition<never>> = new Map(
  [smaCross as unknown as StrategyDefinition<never>].map((definition) => [definition.name, definition]),
);

/** The bundled strategy called `name`, or undefined. */
export function findBundledStrategy(name: string): StrategyDefinition<unknown> | undefined {
  return BUNDLED_STRATEGIES.get(name) as StrategyDefinition<unknown> | undefined;
}
