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
