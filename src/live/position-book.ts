import type { Fill } from "../domain/index.ts";
import type { FillChange, StoredPosition, StoredTrade } from "./trading-store.ts";

/** The open round trip of one instrument as the database sees it. */
interface OpenTrip {
  side: "long" | "short";
  size: number;
  entryPrice: number;
  initialSize: number;
  stopLoss: number | null;
  realizedPnl: number;
  fees: number;
  funding: number;
  openedAt: number;
  exitQuantity: number;
  exitNotional: number;
}

const EPSILON = 1e-9;

/**
 * Turns fills into position rows and closed round trips (one `trades` row per round trip, with the
 * average exit over all exits). Restorable from the stored open position after a restart.
 */
export class PositionBook {
  private trip: OpenTrip | undefined;

  constructor(
    private readonly symbol: string,
    restored?: StoredPosition,
  ) {
    if (restored !== undefined && restored.size > 0) {
      this.trip = { ...restored, exitQuantity: 0, exitNotional: 0 };
    }
  }

  /** Signed size of the open round trip. */
  get signedSize(): number {
    if (this.trip === undefined) return 0;
    return this.trip.side === "long" ? this.trip.size : -this.trip.size;
  }

  /** The open round trip as a row (without id), or undefined when flat. */
  get open(): Omit<StoredPosition, "id"> | undefined {
    const trip = this.trip;
    if (trip === undefined) return undefined;
    return { symbol: this.symbol, ...trip };
  }

  /** Funding on the open round trip. */
  addFunding(amount: number): void {
    if (this.trip !== undefined) this.trip.funding += amount;
  }

  /** Applies a fill; `stopLoss` is the stop declared with the order, if any. */
  apply(fill: Fill, stopLoss: number | undefined): Pick<FillChange, "position" | "closed"> {
    const signed = fill.side === "BUY" ? fill.quantity : -fill.quantity;
    const before = this.signedSize;
    let closed: FillChange["closed"];
    let opening = fill.quantity;
    const trip = this.trip;
    if (trip !== undefined && Math.sign(signed) !== Math.sign(before)) {
      const closing = Math.min(trip.size, fill.quantity);
      opening = fill.quantity - closing;
      const feeShare = fill.fee * (closing / fill.quantity);
      trip.fees += feeShare;
      trip.realizedPnl += (trip.side === "long" ? 1 : -1) * closing * (fill.price - trip.entryPrice);
      trip.exitQuantity += closing;
      trip.exitNotional += closing * fill.price;
      trip.size -= closing;
      if (trip.size <= EPSILON * trip.initialSize) {
        closed = {
          exitPrice: trip.exitNotional / trip.exitQuantity,
          exitReason: fill.tag || "signal",
          trade: this.tradeOf(trip, fill),
        };
        this.trip = undefined;
      }
    }
    if (opening > EPSILON) {
      const fee = fill.fee * (opening / fill.quantity);
      const current = this.trip;
      if (current === undefined) {
        this.trip = {
          side: signed > 0 ? "long" : "short",
          size: opening,
          entryPrice: fill.price,
          initialSize: opening,
          stopLoss: stopLoss ?? null,
          realizedPnl: 0,
          fees: fee,
          funding: 0,
          openedAt: fill.timestamp,
          exitQuantity: 0,
          exitNotional: 0,
        };
      } else {
        current.entryPrice =
          (current.entryPrice * current.size + fill.price * opening) / (current.size + opening);
        current.size += opening;
        current.initialSize = Math.max(current.initialSize, current.size);
        current.fees += fee;
      }
    }
    const open = this.open;
    const position = open ?? {
      symbol: this.symbol,
      side: closed?.trade.side ?? "long",
      size: 0,
      entryPrice: closed?.trade.entryPrice ?? fill.price,
      initialSize: closed?.trade.size ?? 0,
      stopLoss: null,
      realizedPnl: 0,
      fees: 0,
      funding: 0,
      openedAt: fill.timestamp,
    };
    return closed === undefined ? { position } : { position, closed };
  }

  private tradeOf(trip: OpenTrip, fill: Fill): StoredTrade {
    const exitPrice = trip.exitNotional / trip.exitQuantity;
    const pnl = trip.realizedPnl - trip.fees + trip.funding;
    const notional = trip.initialSize * trip.entryPrice;
    const risk = trip.stopLoss === null ? 0 : Math.abs(trip.entryPrice - trip.stopLoss) * trip.initialSize;
    return {
      symbol: this.symbol,
      side: trip.side,
      size: trip.initialSize,
      entryPrice: trip.entryPrice,
      exitPrice,
      entryTime: trip.openedAt,
      exitTime: Math.max(fill.timestamp, trip.openedAt),
      pnl,
      pnlR: risk > 0 ? pnl / risk : null,
      returnPct: notional > 0 ? (pnl / notional) * 100 : 0,
      fees: trip.fees,
      funding: trip.funding,
      exitReason: fill.tag || "signal",
    };
  }
}
