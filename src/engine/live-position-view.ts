import type { Position } from "../domain/index.ts";
import type { PositionView } from "./strategy.ts";

/**
 * The strategy's view of one position: reads the engine's books when asked (nothing is copied when
 * `ctx.position()` is called, which a strategy may do every bar).
 */
export class LivePositionView implements PositionView {
  constructor(
    private readonly position: Position,
    private readonly marks: Float64Array,
    private readonly index: number,
  ) {}
  get instrumentId(): string {
    return this.position.instrumentId;
  }
  get side(): PositionView["side"] {
    return this.position.side;
  }
  get quantity(): number {
    return this.position.quantity;
  }
  get averageEntryPrice(): number {
    return this.position.averageEntryPrice;
  }
  get realizedPnl(): number {
    return this.position.realizedPnl;
  }
  /** At the instrument's last mark (the last close seen). */
  get unrealizedPnl(): number {
    return this.position.unrealizedPnl(this.marks[this.index] as number);
  }
}
