/**
 * The trading node's persistence port (re-exported by `src/live/trading-store.ts`): rows the node writes
 * as it trades. Implemented over PostgreSQL by `TradingRepository`.
 */

/** An order row, keyed by `clientOrderId` (the cloid); written on send and on every change. */
export interface StoredOrder {
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly botId: string;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly type: "market" | "limit" | "stop_market" | "stop_limit" | "take_profit";
  readonly status:
    | "submitted"
    | "accepted"
    | "triggered"
    | "partially_filled"
    | "filled"
    | "canceled"
    | "rejected"
    | "expired";
  readonly price: number | null;
  readonly triggerPrice: number | null;
  readonly size: number;
  readonly filledSize: number;
  readonly averageFillPrice: number | null;
  readonly reduceOnly: boolean;
  readonly timeInForce: "GTC" | "IOC" | "ALO";
  readonly mode: "paper" | "live";
  readonly rejectReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A position row (one per round trip). */
export interface StoredPosition {
  readonly id: string;
  readonly symbol: string;
  readonly side: "long" | "short";
  readonly size: number;
  readonly entryPrice: number;
  readonly initialSize: number;
  readonly stopLoss: number | null;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly funding: number;
  readonly openedAt: number;
}

/** A closed round trip. */
export interface StoredTrade {
  readonly symbol: string;
  readonly side: "long" | "short";
  readonly size: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly pnl: number;
  readonly pnlR: number | null;
  readonly returnPct: number;
  readonly fees: number;
  readonly funding: number;
  readonly exitReason: string;
  /** The strategy's reason for the entry (e.g. a confluence signal with its reasoning), when it gave one. */
  readonly signal?: unknown;
}

/** A fill and what it did to the bot's position, written in one transaction. */
export interface FillChange {
  readonly botId: string;
  readonly mode: "paper" | "live";
  readonly strategy: string;
  readonly leverage: number;
  readonly fill: {
    readonly venueTradeId: string;
    readonly clientOrderId: string | null;
    readonly symbol: string;
    readonly side: "buy" | "sell";
    readonly price: number;
    readonly size: number;
    readonly fee: number;
    readonly liquidity: "maker" | "taker";
    readonly closedPnl: number;
    readonly filledAt: number;
  };
  /** The position after the fill; `size` 0 closes the open row. */
  readonly position: Omit<StoredPosition, "id">;
  /** Set when the fill closed the position (flip: closes the old row, opens a new one). */
  readonly closed?: { readonly exitPrice: number; readonly exitReason: string; readonly trade: StoredTrade };
}

/** Persistence of one bot's trading. */
export interface TradingStore {
  /** Inserts or updates an order row by client order id. */
  saveOrder(order: StoredOrder): Promise<void>;
  /**
   * Writes a fill, the position change and a closed trade in one transaction.
   * @returns false when the venue trade id was stored already (nothing changed).
   */
  recordFill(change: FillChange): Promise<boolean>;
  /** Adds funding to the open position of a bot. */
  recordFunding(botId: string, symbol: string, amount: number): Promise<void>;
  /** Orders of a bot in a working status (submitted, accepted, triggered, partially filled). */
  openOrders(botId: string): Promise<StoredOrder[]>;
  /** The open position of a bot on a symbol. */
  openPosition(botId: string, symbol: string): Promise<StoredPosition | undefined>;
  /** Venue trade ids of the bot's fills at or after `sinceMs`, and the time of its latest fill. */
  recentFills(botId: string, sinceMs: number): Promise<{ tradeIds: string[]; latestMs: number | undefined }>;
  /** Closes an open position row without a fill (reconciliation found the venue flat). */
  closePositionWithoutFill(positionId: string, exitReason: string, at: number): Promise<void>;
  /** A new session number of a bot (marks the bot started): part of every cloid, so sessions never collide. */
  nextSession(botId: string): Promise<number>;
}
