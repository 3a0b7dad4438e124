import type { CandleColumns } from "../domain/index.ts";
import { referenceList } from "./lists.ts";
import type { TradeRecord } from "./trade-record.ts";

/** Slots of one trade's numbers in {@link TradeLog.values} (row-major, {@link STRIDE} per trade). */
export const TradeSlot = {
  instrument: 0,
  /** +1 long, −1 short. */
  direction: 1,
  quantity: 2,
  entryTime: 3,
  exitTime: 4,
  entryPrice: 5,
  exitPrice: 6,
  entryBar: 7,
  exitBar: 8,
  /** Entry and exit fees of the closed size. */
  fees: 9,
  /** Funding booked on the closed size (> 0 received). */
  funding: 10,
  /** Highest and lowest price of the trade known when it closed (entry and exit fill included). */
  highest: 11,
  lowest: 12,
  /** The declared stop (`NaN` if none). */
  stopLossPrice: 13,
  /**
   * Bars [scanFrom, scanTo) of the instrument's series whose highs and lows widen {@link highest} and
   * {@link lowest} when the record is built.
   */
  scanFrom: 14,
  scanTo: 15,
} as const;

const STRIDE = 16;
/** Trades per chunk of numbers (a power of two). */
const CHUNK_SHIFT = 9;
const CHUNK_ROWS = 1 << CHUNK_SHIFT;

/**
 * The closed trades of a run, stored as numbers (row-major `Float64Array` chunks of 512 trades, {@link TradeSlot}
 * per trade) plus the exit reasons and the entry signals of the trades that have one.
 * Recording a trade writes into preallocated memory that never moves, so a run with many thousands of
 * trades allocates no object per trade and the garbage collector has nothing to trace in it;
 * {@link TradeRecord} objects are built only when read ({@link records}), once each. What follows from
 * the stored numbers is derived then: PnL, return, R multiple, and MAE and MFE from the trade's price
 * range (the one recorded, widened by the highs and lows of the bars in its scan range, so a backtest
 * need not look at every bar a position is open).
 */
export class TradeLog {
  /** Number of trades. */
  length = 0;
  /** The chunk the last {@link append} wrote to. */
  values = new Float64Array(0);
  private readonly chunks: Float64Array[] = referenceList();
  /** Exit reason of each trade. */
  private readonly exitReasons: string[] = referenceList();
  /** Entry signals by trade number, for the trades that have one. */
  private readonly signals = new Map<number, unknown>();
  /** Trades built so far by {@link records} (a prefix of the log). */
  private readonly built: TradeRecord[] = [];

  constructor(
    /** Instrument ids by index (the `instrument` slot). */
    private readonly instrumentIds: readonly string[],
    /** Bar series by instrument index that `scanFrom`/`scanTo` refer to (needed only for non-empty ranges). */
    private readonly series: readonly CandleColumns[] = [],
  ) {}

  /**
   * Appends a trade: returns the offset of its row in {@link values}, which the caller fills through
   * the {@link TradeSlot} offsets (read `values` after this call: a new chunk may have begun).
   */
  append(exitReason: string, signal: unknown): number {
    const row = this.length;
    const within = row & (CHUNK_ROWS - 1);
    if (within === 0) {
      this.values = new Float64Array(CHUNK_ROWS * STRIDE);
      this.chunks.push(this.values);
    }
    this.exitReasons.push(exitReason);
    if (signal !== undefined) this.signals.set(row, signal);
    this.length = row + 1;
    return within * STRIDE;
  }

  /** Builds the record of trade `index` (0 ≤ index < length). */
  record(index: number): TradeRecord {
    const values = this.chunks[index >> CHUNK_SHIFT] as Float64Array;
    const within = index & (CHUNK_ROWS - 1);
    const offset = within * STRIDE;
    const entryTime = values[offset + TradeSlot.entryTime] as number;
    const exitTime = values[offset + TradeSlot.exitTime] as number;
    const instrument = values[offset + TradeSlot.instrument] as number;
    const direction = values[offset + TradeSlot.direction] as number;
    const entryPrice = values[offset + TradeSlot.entryPrice] as number;
    const exitPrice = values[offset + TradeSlot.exitPrice] as number;
    const quantity = values[offset + TradeSlot.quantity] as number;
    const fees = values[offset + TradeSlot.fees] as number;
    const funding = values[offset + TradeSlot.funding] as number;
    const stopLossPrice = values[offset + TradeSlot.stopLossPrice] as number;
    const pnl = direction * quantity * (exitPrice - entryPrice) - fees + funding;
    const risk = Math.abs(entryPrice - stopLossPrice) * quantity;
    let highest = values[offset + TradeSlot.highest] as number;
    let lowest = values[offset + TradeSlot.lowest] as number;
    const scanTo = values[offset + TradeSlot.scanTo] as number;
    const scanFrom = values[offset + TradeSlot.scanFrom] as number;
    if (scanFrom < scanTo) {
      const columns = this.series[instrument] as CandleColumns;
      const highs = columns.high;
      const lows = columns.low;
      for (let bar = scanFrom; bar < scanTo; bar++) {
        const high = highs[bar] as number;
        const low = lows[bar] as number;
        if (high > highest) highest = high;
        if (low < lowest) lowest = low;
      }
    }
    const record: { -readonly [Key in keyof TradeRecord]: TradeRecord[Key] } = {
      instrumentId: this.instrumentIds[instrument] as string,
      side: direction > 0 ? "LONG" : "SHORT",
      quantity,
      entryTime,
      exitTime,
      entryPrice,
      exitPrice,
      entryBar: values[offset + TradeSlot.entryBar] as number,
      exitBar: values[offset + TradeSlot.exitBar] as number,
      pnl,
      // Trade return = sign · (exit / entry − 1) − costs / (|size| · entry), costs net of funding received.
      returnPct:
        (direction * (exitPrice / entryPrice - 1) - (fees - funding) / (quantity * entryPrice)) * 100,
      fees,
      funding,
      durationMs: exitTime - entryTime,
      exitReason: this.exitReasons[index] as string,
      maePct: (direction > 0 ? lowest / entryPrice - 1 : 1 - highest / entryPrice) * 100,
      mfePct: (direction > 0 ? highest / entryPrice - 1 : 1 - lowest / entryPrice) * 100,
      stopLossPrice,
      rMultiple: risk > 0 ? pnl / risk : Number.NaN,
    };
    const signal = this.signals.get(index);
    if (signal !== undefined) record.entrySignal = signal;
    return record;
  }

  /**
   * Every trade as a {@link TradeRecord}, oldest first. The same array is returned each time and
   * grows with the log (trades recorded since the last call are built now).
   */
  records(): readonly TradeRecord[] {
    const built = this.built;
    for (let index = built.length; index < this.length; index++) built.push(this.record(index));
    return built;
  }
}
