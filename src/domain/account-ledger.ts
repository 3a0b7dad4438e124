import type { AccountSettings } from "./account.ts";
import type { Instrument } from "./instrument.ts";
import type { OrderSide } from "./order.ts";
import { type FillAmounts, fillAmounts, Position } from "./position.ts";

/**
 * An account's books: balance, one net position per instrument, marks and margin. The venue
 * (clearinghouse) and the engine (portfolio) keep one each, built from the same fills with the same
 * code, so both sides agree. Instruments are addressed by their index in the constructor list.
 *
 * Perpetual mode: `balance` moves by realized PnL, fees and funding; equity = balance + Σ unrealized.
 * Cash mode: fills move the notional through `balance`; equity = balance + Σ quantity · mark.
 */
export class AccountLedger {
  /** Cash balance (perpetual: collateral), quote currency. */
  balance = 0;
  /** Net position per instrument index. */
  readonly positions: Position[];
  /** Last known price per instrument index. */
  readonly marks: Float64Array;
  /** Effective leverage per instrument index: min(account leverage, instrument max leverage). */
  readonly leverages: Float64Array;
  /** PnL realized by the last fill booked ({@link applyFillEvent}), before fees, quote currency. */
  lastRealizedPnl = 0;

  constructor(
    readonly settings: AccountSettings,
    readonly instruments: readonly Instrument[],
  ) {
    this.balance = settings.initialBalance;
    this.positions = instruments.map((instrument) => new Position(instrument.id));
    this.marks = new Float64Array(instruments.length).fill(Number.NaN);
    this.leverages = Float64Array.from(instruments, (instrument) =>
      settings.mode === "cash" ? 1 : Math.min(settings.leverage, instrument.maxLeverage),
    );
  }

  /** Value of one position at its mark: unrealized PnL (perpetual) or market value (cash). */
  positionValue(index: number): number {
    const position = this.positions[index] as Position;
    if (position.quantity === 0) return 0;
    const mark = this.marks[index] as number;
    return this.settings.mode === "cash" ? position.quantity * mark : position.unrealizedPnl(mark);
  }

  /** Balance plus the value of every position at its mark. */
  equity(): number {
    let total = this.balance;
    for (let index = 0; index < this.positions.length; index++) total += this.positionValue(index);
    return total;
  }

  /** Initial margin of all open positions at their marks (0 in cash mode). */
  marginUsed(): number {
    if (this.settings.mode === "cash") return 0;
    let total = 0;
    for (let index = 0; index < this.positions.length; index++) {
      const position = this.positions[index] as Position;
      if (position.quantity !== 0) {
        total += position.notional(this.marks[index] as number) / (this.leverages[index] as number);
      }
    }
    return total;
  }

  /** Equity not tied up as initial margin (cash mode: the cash balance), never below 0. */
  availableMargin(): number {
    return this.availableMarginWith(this.settings.mode === "cash" ? 0 : this.equity());
  }

  /**
   * {@link equity} and {@link availableMargin} into `figures`, valuing the positions once (an object
   * argument, so no number is boxed on the way).
   */
  readMargin(figures: { equity: number; availableMargin: number }): void {
    const equity = this.equity();
    figures.equity = equity;
    figures.availableMargin = this.availableMarginWith(equity);
  }

  private availableMarginWith(equity: number): number {
    if (this.settings.mode === "cash") return Math.max(0, this.balance);
    return Math.max(0, equity - this.marginUsed());
  }

  /**
   * Books a fill on the ledger.
   *
   * @returns PnL realized by the fill before fees.
   */
  applyFill(index: number, side: OrderSide, quantity: number, price: number, fee: number): number {
    this.applyFillEvent(index, fillAmounts(side, quantity, price, fee));
    return this.lastRealizedPnl;
  }

  /**
   * {@link applyFill} with the execution's amounts as one object, a fill event say; the PnL it
   * realizes is left in {@link lastRealizedPnl} (no number is boxed on the call or its return).
   */
  applyFillEvent(index: number, fill: FillAmounts): void {
    const position = this.positions[index] as Position;
    const realized = position.applyFillOf(fill);
    const quantity = fill.quantity;
    const price = fill.price;
    const fee = fill.fee;
    this.marks[index] = price;
    if (this.settings.mode === "cash") {
      this.balance -= (fill.side === "BUY" ? quantity : -quantity) * price + fee;
    } else {
      this.balance += realized - fee;
    }
    this.lastRealizedPnl = realized;
  }

  /** Books a funding payment on one position: `amount` > 0 received, < 0 paid. */
  applyFunding(index: number, amount: number): void {
    (this.positions[index] as Position).applyFunding(amount);
    this.balance += amount;
  }
}
