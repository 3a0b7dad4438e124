import type { OrderSide } from "./order.ts";

/** The amounts of one execution: side, size (base units, > 0), price (quote per unit), fee (≥ 0). */
export interface FillAmounts {
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
}

/** Carrier of {@link Position.applyFill}'s arguments (one per process; filled and read at once). */
const AMOUNTS = { side: "BUY" as OrderSide, quantity: 0, price: Number.NaN, fee: 0 };

/**
 * {@link AMOUNTS} filled with one execution's amounts (for the number-argument forms of
 * `applyFill`, which hand their arguments on as one object: no boxed numbers on the call).
 */
export function fillAmounts(side: OrderSide, quantity: number, price: number, fee: number): FillAmounts {
  AMOUNTS.side = side;
  AMOUNTS.quantity = quantity;
  AMOUNTS.price = price;
  AMOUNTS.fee = fee;
  return AMOUNTS;
}

/** LONG, SHORT or FLAT. */
export type PositionSide = "LONG" | "SHORT" | "FLAT";

/**
 * A net position in one instrument, built only from fills.
 *
 * `quantity` is signed (long > 0). `averageEntryPrice` is the size-weighted entry of the open size
 * and is kept when the position shrinks. Realized PnL, fees and funding accumulate separately and are
 * never mixed: realized PnL excludes fees and funding.
 */
export class Position {
  /** Signed size in base units. */
  quantity = 0;
  /** Average entry of the open size (quote per unit), `NaN` when flat. */
  averageEntryPrice = Number.NaN;
  /** Sum of closed PnL before fees and funding, quote currency. */
  realizedPnl = 0;
  /** Sum of fees paid, quote currency (≥ 0). */
  fees = 0;
  /** Sum of funding received (> 0) or paid (< 0), quote currency. */
  funding = 0;

  constructor(readonly instrumentId: string) {}

  /** LONG, SHORT or FLAT from the sign of `quantity`. */
  get side(): PositionSide {
    return this.quantity > 0 ? "LONG" : this.quantity < 0 ? "SHORT" : "FLAT";
  }

  /** Unrealized PnL at `markPrice`, quote currency. */
  unrealizedPnl(markPrice: number): number {
    return this.quantity === 0 ? 0 : this.quantity * (markPrice - this.averageEntryPrice);
  }

  /** Absolute notional at `markPrice`. */
  notional(markPrice: number): number {
    return Math.abs(this.quantity) * markPrice;
  }

  /**
   * Applies one fill. Closing size realizes `closed · (price − averageEntry) · sign`; a fill larger
   * than the position flips it and the excess opens at the fill price.
   *
   * @param quantity executed size in base units, > 0.
   * @param fee fee paid, ≥ 0.
   * @returns the PnL realized by this fill (before fees).
   */
  applyFill(side: OrderSide, quantity: number, price: number, fee: number): number {
    return this.applyFillOf(fillAmounts(side, quantity, price, fee));
  }

  /** {@link applyFill} with the execution's amounts as one object (a fill event, say). */
  applyFillOf(fill: FillAmounts): number {
    const side = fill.side;
    const quantity = fill.quantity;
    const price = fill.price;
    const fee = fill.fee;
    const signed = side === "BUY" ? quantity : -quantity;
    const before = this.quantity;
    this.fees += fee;
    let realized = 0;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      const total = before + signed;
      this.averageEntryPrice =
        before === 0
          ? price
          : (this.averageEntryPrice * Math.abs(before) + price * quantity) / Math.abs(total);
      this.quantity = total;
      return 0;
    }
    const closing = Math.min(Math.abs(before), quantity);
    realized = closing * (price - this.averageEntryPrice) * Math.sign(before);
    this.realizedPnl += realized;
    const after = before + signed;
    // Sizes below a billionth of the previous size are float residue of a full close.
    if (Math.abs(after) <= Math.abs(before) * 1e-12) {
      this.quantity = 0;
      this.averageEntryPrice = Number.NaN;
    } else if (Math.sign(after) === Math.sign(before)) {
      this.quantity = after;
    } else {
      this.quantity = after;
      this.averageEntryPrice = price;
    }
    return realized;
  }

  /** Books a funding payment: `amount` > 0 received, < 0 paid. */
  applyFunding(amount: number): void {
    this.funding += amount;
  }
}

/**
 * Funding payment for a position at one settlement, quote currency: longs pay positive rates,
 * shorts receive them. `rate` is the settlement's rate (e.g. 1.25e-5 per hour on Hyperliquid).
 */
export function fundingPayment(signedQuantity: number, markPrice: number, rate: number): number {
  return -signedQuantity * markPrice * rate;
}
