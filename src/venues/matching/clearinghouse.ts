import {
  AccountLedger,
  fundingPayment,
  type Instrument,
  liquidationPrice,
  type OrderSide,
  type Position,
} from "../../domain/index.ts";

/** Relative tolerance of margin comparisons, so an all-in order sized to the cent is not refused by float noise. */
const MARGIN_TOLERANCE = 1e-9;

/**
 * The venue's ledger ({@link AccountLedger}) plus its rules: margin checks before fills, funding
 * settlement and liquidation prices. Synchronous and mode-agnostic.
 */
export class Clearinghouse extends AccountLedger {
  /**
   * Whether a fill keeps the account within its margin (perpetual) or cash and no-short rules (cash).
   * Fills that only reduce a position always pass.
   */
  canFill(index: number, side: OrderSide, quantity: number, price: number, fee: number): boolean {
    const position = this.positions[index] as Position;
    const signed = side === "BUY" ? quantity : -quantity;
    const after = position.quantity + signed;
    const reducing = position.quantity !== 0 && Math.sign(signed) !== Math.sign(position.quantity);
    if (
      reducing &&
      (Math.sign(after) === Math.sign(position.quantity) ||
        Math.abs(after) <= Math.abs(position.quantity) * 1e-12)
    ) {
      return true;
    }
    if (this.settings.mode === "cash") {
      if (after < -Math.abs(quantity) * 1e-12) return false;
      if (side === "SELL") return true;
      return quantity * price + fee <= this.balance * (1 + MARGIN_TOLERANCE);
    }
    let equity = this.balance - fee;
    let margin = 0;
    for (let other = 0; other < this.positions.length; other++) {
      const otherPosition = this.positions[other] as Position;
      if (other === index) continue;
      if (otherPosition.quantity === 0) continue;
      const mark = this.marks[other] as number;
      equity += otherPosition.unrealizedPnl(mark);
      margin += otherPosition.notional(mark) / (this.leverages[other] as number);
    }
    equity += position.unrealizedPnl(price);
    margin += (Math.abs(after) * price) / (this.leverages[index] as number);
    return margin <= equity * (1 + MARGIN_TOLERANCE);
  }

  /**
   * Settles funding for one instrument at `price`: longs pay positive rates.
   *
   * @returns the amount credited (> 0) or debited (< 0).
   */
  settleFunding(index: number, rate: number, price: number): number {
    const position = this.positions[index] as Position;
    if (position.quantity === 0 || this.settings.mode === "cash") return 0;
    const amount = fundingPayment(position.quantity, price, rate);
    this.applyFunding(index, amount);
    return amount;
  }

  /** Price at which this position would be liquidated with every other mark unchanged; `NaN` if none. */
  liquidationPrice(index: number): number {
    if (this.settings.mode === "cash") return Number.NaN;
    const position = this.positions[index] as Position;
    if (position.quantity === 0) return Number.NaN;
    let otherEquity = this.balance;
    for (let other = 0; other < this.positions.length; other++) {
      if (other !== index) otherEquity += this.positionValue(other);
    }
    const rate = (this.instruments[index] as Instrument).maintenanceMarginRate;
    return liquidationPrice(otherEquity, position.quantity, position.averageEntryPrice, rate);
  }
}
