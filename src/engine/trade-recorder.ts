import type { CandleColumns, Fill, Instrument } from "../domain/index.ts";

/**
 * One closed (part of a) position. A partial exit closes a trade of the exited size with the
 * position's average entry; the rest stays open (backtesting.py splits trades the same way).
 */
export interface TradeRecord {
  readonly instrumentId: string;
  readonly side: "LONG" | "SHORT";
  /** Closed size in base units (> 0). */
  readonly quantity: number;
  /** Time of the first entry fill of the position, ms UTC. */
  readonly entryTime: number;
  readonly exitTime: number;
  /** Average entry price of the position at exit. */
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Step index of the entry and exit bars. */
  readonly entryBar: number;
  readonly exitBar: number;
  /** Net PnL: gross − fees + funding, quote currency. */
  readonly pnl: number;
  /** `sign·(exit/entry − 1) − (fees − funding)/(quantity·entry)`, in percent. */
  readonly returnPct: number;
  /** Entry fee share plus exit fee, quote currency (≥ 0). */
  readonly fees: number;
  /** Funding received (> 0) or paid (< 0) over the trade's share of the position. */
  readonly funding: number;
  readonly durationMs: number;
  /** `signal`, `stop_loss`, `tp1`, `tp2`, `liquidation`, `end_of_data`, or the order's tag. */
  readonly exitReason: string;
  /** Maximum adverse excursion from entry, percent (≤ 0). */
  readonly maePct: number;
  /** Maximum favourable excursion from entry, percent (≥ 0). */
  readonly mfePct: number;
  /** Initial stop-loss price, `NaN` when the trade had none. */
  readonly stopLossPrice: number;
  /** The entry's reason from the strategy (e.g. a confluence signal), undefined when none. */
  readonly entrySignal?: unknown;
  /** PnL in units of initial risk `|entry − stop| · quantity`; `NaN` without a stop. */
  readonly rMultiple: number;
}

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

/** Turns fills into {@link TradeRecord}s and tracks MAE/MFE of open positions. */
export class TradeRecorder {
  readonly trades: TradeRecord[] = [];
  private readonly lifecycles: Lifecycle[];
  /**
   * The per-bar part of each instrument's lifecycle, three numbers at `3 · index`: open size (signed,
   * base units, 0 when no position is open), highest and lowest price since entry.
   */
  private readonly excursions: Float64Array;
  /** Carrier of {@link recordFill}'s position numbers. */
  private readonly before = { quantity: 0, averageEntryPrice: Number.NaN };

  constructor(private readonly instruments: readonly Instrument[]) {
    this.lifecycles = instruments.map(() => ({
      entryTime: 0,
      entryBar: 0,
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

  /** Widens the excursion range of an open position with one bar's high and low. */
  observeBar(index: number, high: number, low: number): void {
    const excursions = this.excursions;
    const at = index * 3;
    if (excursions[at] === 0) return;
    if (high > (excursions[at + 1] as number)) excursions[at + 1] = high;
    if (low < (excursions[at + 2] as number)) excursions[at + 2] = low;
  }

  /**
   * {@link observeBar} with bar `bar` of `columns` (takes indices, not prices, so the per-bar call
   * passes no boxed numbers).
   */
  observeBarOf(index: number, columns: CandleColumns, bar: number): void {
    const excursions = this.excursions;
    const at = index * 3;
    if (excursions[at] === 0) return;
    const high = columns.high[bar] as number;
    const low = columns.low[bar] as number;
    if (high > (excursions[at + 1] as number)) excursions[at + 1] = high;
    if (low < (excursions[at + 2] as number)) excursions[at + 2] = low;
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
   * Books a fill. `quantityBefore` / `averageEntryBefore` describe the position before the fill.
   * Closing size produces a trade; size beyond a full close opens a new position at the fill price.
   */
  recordFill(
    index: number,
    fill: Fill,
    quantityBefore: number,
    averageEntryBefore: number,
    step: number,
  ): void {
    const before = this.before;
    before.quantity = quantityBefore;
    before.averageEntryPrice = averageEntryBefore;
    this.recordFillOn(index, fill, before, step);
  }

  /**
   * {@link recordFill} with the position as it was before the fill (its size and average entry are
   * read from `before`: no boxed numbers on the call).
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
      const instrumentId = (this.instruments[index] as Instrument).id;
      const side = direction > 0 ? "LONG" : "SHORT";
      const exitReason = fill.tag === "" ? "signal" : fill.tag;
      // A literal plus an optional field, not a spread: a spread builds the record through a slow generic copy.
      const record: { -readonly [Key in keyof TradeRecord]: TradeRecord[Key] } = {
        instrumentId,
        side,
        quantity: closing,
        entryTime: lifecycle.entryTime,
        exitTime: fill.timestamp,
        entryPrice: entry,
        exitPrice: exit,
        entryBar: lifecycle.entryBar,
        exitBar: step,
        pnl,
        returnPct,
        fees,
        funding,
        durationMs: fill.timestamp - lifecycle.entryTime,
        exitReason,
        maePct,
        mfePct,
        stopLossPrice: stop,
        rMultiple,
      };
      if (lifecycle.signal !== undefined) record.entrySignal = lifecycle.signal;
      this.trades.push(record);
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
