import type { CandleColumns, Fill, Instrument } from "../domain/index.ts";
import { TradeLog, TradeSlot } from "./trade-log.ts";
import type { TradeRecord } from "./trade-record.ts";

export type { TradeRecord } from "./trade-record.ts";

/** Size and average entry of a position before a fill (a {@link Position} qualifies). */
export interface PositionBefore {
  readonly quantity: number;
  readonly averageEntryPrice: number;
}

interface Lifecycle {
  entryTime: number;
  entryBar: number;
  openFees: number;
  openFunding: number;
  stopLossPrice: number;
  signal: unknown;
}

/** Turns fills into trades (kept in a columnar {@link TradeLog}) and tracks MAE/MFE of open positions. */
export class TradeRecorder {
  /** The closed trades, as columns of numbers. */
  readonly log: TradeLog;
  private readonly lifecycles: Lifecycle[];
  /**
   * The per-bar part of each instrument's lifecycle, three numbers at `3 · index`: open size (signed,
   * base units, 0 when no position is open), highest and lowest price since entry.
   */
  private readonly excursions: Float64Array;
  /** Per instrument, the first bar whose high and low are not yet in the excursion range. */
  private readonly folded: Float64Array;

  constructor(instruments: readonly Instrument[]) {
    this.log = new TradeLog(instruments.map((instrument) => instrument.id));
    this.lifecycles = instruments.map(() => ({
      entryTime: 0,
      entryBar: 0,
      openFees: 0,
      openFunding: 0,
      stopLossPrice: Number.NaN,
      signal: undefined,
    }));
    this.excursions = new Float64Array(instruments.length * 3);
    this.folded = new Float64Array(instruments.length);
    for (let index = 0; index < instruments.length; index++) {
      this.excursions[index * 3 + 1] = Number.NEGATIVE_INFINITY;
      this.excursions[index * 3 + 2] = Number.POSITIVE_INFINITY;
    }
  }

  /**
   * The closed trades as {@link TradeRecord}s, oldest first (built from {@link log} when read; the
   * same array each time, grown by the trades recorded since the last read).
   */
  get trades(): readonly TradeRecord[] {
    return this.log.records();
  }

  /**
   * Widens the excursion range of an open position with bar `bar` of `columns` (takes indices, not
   * prices, so the per-bar call passes no boxed numbers).
   */
  observeBarOf(index: number, columns: CandleColumns, bar: number): void {
    const excursions = this.excursions;
    const at = index * 3;
    this.folded[index] = bar + 1;
    if (excursions[at] === 0) return;
    const high = columns.high[bar] as number;
    const low = columns.low[bar] as number;
    if (high > (excursions[at + 1] as number)) excursions[at + 1] = high;
    if (low < (excursions[at + 2] as number)) excursions[at + 2] = low;
  }

  /**
   * Widens the excursion range of an open position with the bars closed since the last call (or
   * {@link observeBarOf}), up to `closedBars` (the number of closed bars of `columns`): the lazy form of
   * observing every bar, for runs that call it before each fill instead. Call it before
   * {@link recordFillOn}.
   */
  foldClosedBars(index: number, columns: CandleColumns, closedBars: number): void {
    const from = this.folded[index] as number;
    this.folded[index] = closedBars;
    const excursions = this.excursions;
    const at = index * 3;
    if (excursions[at] === 0 || from >= closedBars) return;
    const highs = columns.high;
    const lows = columns.low;
    let highest = excursions[at + 1] as number;
    let lowest = excursions[at + 2] as number;
    for (let bar = from; bar < closedBars; bar++) {
      const high = highs[bar] as number;
      const low = lows[bar] as number;
      if (high > highest) highest = high;
      if (low < lowest) lowest = low;
    }
    excursions[at + 1] = highest;
    excursions[at + 2] = lowest;
  }

  /** Sets the initial stop of the open position if it has none yet. */
  declareStopLoss(index: number, price: number): void {
    const lifecycle = this.lifecycles[index] as Lifecycle;
    if (this.excursions[index * 3] !== 0 && Number.isNaN(lifecycle.stopLossPrice) && price > 0)
      lifecycle.stopLossPrice = price;
  }

  /** Attaches the entry's reason to the open position if it has none yet. */
  declareSignal(index: number, signal: unknown): void {
    const lifecycle = this.lifecycles[index] as Lifecycle;
    if (this.excursions[index * 3] !== 0 && lifecycle.signal === undefined) lifecycle.signal = signal;
  }

  /** Books funding on the open position. */
  recordFunding(index: number, amount: number): void {
    (this.lifecycles[index] as Lifecycle).openFunding += amount;
  }

  /**
   * Books a fill, with the position as it was before the fill in `before` (its size and average entry;
   * an object, so no boxed numbers on the call). Closing size produces a trade; size beyond a full
   * close opens a new position at the fill price.
   */
  recordFillOn(index: number, fill: Fill, before: PositionBefore, step: number): void {
    const quantityBefore = before.quantity;
    const averageEntryBefore = before.averageEntryPrice;
    const lifecycle = this.lifecycles[index] as Lifecycle;
    const excursions = this.excursions;
    const at = index * 3;
    const signed = fill.side === "BUY" ? fill.quantity : -fill.quantity;
    let opening = fill.quantity;
    if (quantityBefore !== 0 && Math.sign(signed) !== Math.sign(quantityBefore)) {
      const closing = Math.min(Math.abs(quantityBefore), fill.quantity);
      opening = fill.quantity - closing;
      const share = closing / Math.abs(quantityBefore);
      const entryFees = lifecycle.openFees * share;
      const funding = lifecycle.openFunding * share;
      lifecycle.openFees -= entryFees;
      lifecycle.openFunding -= funding;
      const fees = entryFees + fill.fee * (closing / fill.quantity);
      const direction = Math.sign(quantityBefore);
      const entry = averageEntryBefore;
      const exit = fill.price;
      const highest = Math.max(excursions[at + 1] as number, exit);
      const lowest = Math.min(excursions[at + 2] as number, exit);
      const gross = direction * closing * (exit - entry);
      const pnl = gross - fees + funding;
      const stop = lifecycle.stopLossPrice;
      const risk = Math.abs(entry - stop) * closing;
      const returnPct = (direction * (exit / entry - 1) - (fees - funding) / (closing * entry)) * 100;
      const maePct = (direction > 0 ? lowest / entry - 1 : 1 - highest / entry) * 100;
      const mfePct = (direction > 0 ? highest / entry - 1 : 1 - lowest / entry) * 100;
      const rMultiple = risk > 0 ? pnl / risk : Number.NaN;
      const log = this.log;
      const row = log.append(fill.tag === "" ? "signal" : fill.tag, lifecycle.signal);
      const values = log.values;
      values[row + TradeSlot.instrument] = index;
      values[row + TradeSlot.direction] = direction;
      values[row + TradeSlot.quantity] = closing;
      values[row + TradeSlot.entryTime] = lifecycle.entryTime;
      values[row + TradeSlot.exitTime] = fill.timestamp;
      values[row + TradeSlot.entryPrice] = entry;
      values[row + TradeSlot.exitPrice] = exit;
      values[row + TradeSlot.entryBar] = lifecycle.entryBar;
      values[row + TradeSlot.exitBar] = step;
      values[row + TradeSlot.pnl] = pnl;
      values[row + TradeSlot.returnPct] = returnPct;
      values[row + TradeSlot.fees] = fees;
      values[row + TradeSlot.funding] = funding;
      values[row + TradeSlot.maePct] = maePct;
      values[row + TradeSlot.mfePct] = mfePct;
      values[row + TradeSlot.stopLossPrice] = stop;
      values[row + TradeSlot.rMultiple] = rMultiple;
      excursions[at] = quantityBefore + direction * -closing;
      if (Math.abs(excursions[at] as number) <= Math.abs(quantityBefore) * 1e-12) {
        excursions[at] = 0;
        lifecycle.openFees = 0;
        lifecycle.openFunding = 0;
        lifecycle.stopLossPrice = Number.NaN;
        lifecycle.signal = undefined;
        excursions[at + 1] = Number.NEGATIVE_INFINITY;
        excursions[at + 2] = Number.POSITIVE_INFINITY;
      }
    }
    if (opening > fill.quantity * 1e-12 && opening > 0) {
      if (excursions[at] === 0) {
        lifecycle.entryTime = fill.timestamp;
        lifecycle.entryBar = step;
        excursions[at + 1] = fill.price;
        excursions[at + 2] = fill.price;
        lifecycle.stopLossPrice = Number.NaN;
      }
      excursions[at] = (excursions[at] as number) + Math.sign(signed) * opening;
      lifecycle.openFees += fill.fee * (opening / fill.quantity);
    }
  }
}
