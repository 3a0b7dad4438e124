import {
  AccountLedger,
  type FillAmounts,
  fillAmounts,
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
    return this.canFillAmounts(index, fillAmounts(side, quantity, price, fee));
  }

  /**
   * {@link canFill} with the fill's side, size, price and fee as one object (a fill event, say: an
   * object argument boxes no numbers on the call).
   */
  canFillAmounts(index: number, fill: FillAmounts): boolean {
    const side = fill.side;
    const quantity = fill.quantity;
    const price = fill.price;
    const fee = fill.fee;
    const position = this.positions[index] as Position;
    const held = position.quantity;
    const signed = side === "BUY" ? quantity : -quantity;
    const after = held + signed;
    if (
      held !== 0 &&
      Math.sign(signed) !== Math.sign(held) &&
      (Math.sign(after) === Math.sign(held) || Math.abs(after) <= Math.abs(held) * 1e-12)
    ) {
      return true;
    }
    if (this.settings.mode === "cash") return this.canFillCash(side, quantity, price, fee, after);
    if (this.positions.length !== 1) return this.canFillAcross(index, price, fee, after);
    // One instrument (kept small so callers inline it): no other positions add equity or margin.
    const equity = this.balance - fee + position.unrealizedPnl(price);
    const margin = (Math.abs(after) * price) / (this.leverages[index] as number);
    return margin <= equity * (1 + MARGIN_TOLERANCE);
  }

  /** {@link canFill} in cash mode for a fill that does not only reduce: no shorts, cash covers buys. */
  private canFillCash(side: OrderSide, quantity: number, price: number, fee: number, after: number): boolean {
    if (after < -Math.abs(quantity) * 1e-12) return false;
    if (side === "SELL") return true;
    return quantity * price + fee <= this.balance * (1 + MARGIN_TOLERANCE);
  }

  /** {@link canFill} in perpetual mode with several instruments: every position's equity and margin. */
  private canFillAcross(index: number, price: number, fee: number, after: number): boolean {
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
    equity += (this.positions[index] as Position).unrealizedPnl(price);
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
