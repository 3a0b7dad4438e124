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
  /** Closed bars of the instrument's series when the position opened (start of its scan range). */
  scanFrom: number;
  openFees: number;
  openFunding: number;
  stopLossPrice: number;
  signal: unknown;
}

/**
 * Turns fills into trades (kept in a columnar {@link TradeLog}). The price range of a trade (for MAE
 * and MFE) is its fill prices widened, when the trade is built, by the highs and lows of the bars
 * between entry and exit, read from the series.
 */
export class TradeRecorder {
  /** The closed trades, as columns of numbers. */
  readonly log: TradeLog;
  private readonly lifecycles: Lifecycle[];
  /**
   * Three numbers per instrument at `3 · index`: open size (signed, base units, 0 when no position is
   * open), highest and lowest fill price since entry.
   */
  private readonly excursions: Float64Array;

  /**
   * @param series bar series by instrument index: the price range of a trade includes the highs and
   *   lows of the bars closed between its entry and exit fills (`closedBars` of {@link recordFillOn}),
   *   read from these series when it is built (no bar is observed while a position is open).
   */
  constructor(instruments: readonly Instrument[], series: readonly CandleColumns[]) {
    this.log = new TradeLog(
      instruments.map((instrument) => instrument.id),
      series,
    );
    this.lifecycles = instruments.map(() => ({
      entryTime: 0,
      entryBar: 0,
      scanFrom: 0,
      openFees: 0,
      openFunding: 0,
      stopLossPrice: Number.NaN,
      signal: undefined,
    }));
    this.excursions = new Float64Array(instruments.length * 3);
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
   * close opens a new position at the fill price. `step` is the engine's step (the trade's entry or
   * exit bar); `closedBars`, the number of closed bars of the instrument's series (the end of a
   * trade's scan range when the recorder reads bars from the series).
   */
  recordFillOn(index: number, fill: Fill, before: PositionBefore, step: number, closedBars: number): void {
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
      // PnL, return and R multiple follow from these numbers when the record is built (TradeLog).
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
      values[row + TradeSlot.fees] = fees;
      values[row + TradeSlot.funding] = funding;
      values[row + TradeSlot.highest] = highest;
      values[row + TradeSlot.lowest] = lowest;
      values[row + TradeSlot.stopLossPrice] = lifecycle.stopLossPrice;
      values[row + TradeSlot.scanFrom] = lifecycle.scanFrom;
      values[row + TradeSlot.scanTo] = closedBars;
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
        lifecycle.scanFrom = closedBars;
        excursions[at + 1] = fill.price;
        excursions[at + 2] = fill.price;
        lifecycle.stopLossPrice = Number.NaN;
      }
      excursions[at] = (excursions[at] as number) + Math.sign(signed) * opening;
      lifecycle.openFees += fill.fee * (opening / fill.quantity);
    }
  }
}
