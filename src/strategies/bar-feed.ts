import type { StrategyContext } from "../engine/index.ts";

/**
 * Feeds every closed bar of the first instrument exactly once, in order, including the bars closed
 * before the strategy's first call (its warm-up), so incremental indicators see the whole history.
 */
export class BarFeed {
  private next = 0;

  /** Calls `visit(index)` for each closed bar not seen yet. */
  catchUp(ctx: StrategyContext, visit: (index: number) => void): void {
    while (this.next <= ctx.index) visit(this.next++);
  }
}
