/**
 * The exchange core behind the simulator's wire layer. The server validates signatures, nonces and the
 * wire rules (tick, lot, minimum notional), then calls this interface in full words and numbers;
 * everything it answers is formatted back to Hyperliquid's wire by the server. `MatchingExchange`
 * implements it over the shared matching core (`src/venues/matching`, the backtests' code); tests may
 * plug another core in with `startSimulator({ exchangeFactory })`.
 */

/** A tradable perp market. */
export interface SimulatedMarket {
  /** Coin name as on the wire (`"BTC"`). */
  coin: string;
  /** Asset id = index in `meta.universe`. */
  assetId: number;
  /** Decimals of sizes. */
  sizeDecimals: number;
  /** Highest leverage allowed. */
  maxLeverage: number;
}

/** Order side. */
export type OrderSide = "buy" | "sell";

/** Time in force of a limit order. */
export type TimeInForce = "Gtc" | "Ioc" | "Alo";

/** Trigger (TP/SL) of a conditional order; fires on the mark price. */
export interface OrderTrigger {
  /** Market (10 % slippage cap) or limit at the order price once triggered. */
  isMarket: boolean;
  triggerPrice: number;
  kind: "tp" | "sl";
}

/** A new order, already checked against tick, lot and minimum notional. */
export interface PlaceOrderCommand {
  account: string;
  assetId: number;
  side: OrderSide;
  price: number;
  size: number;
  reduceOnly: boolean;
  /** Limit orders only; null for triggers. */
  timeInForce: TimeInForce | null;
  trigger: OrderTrigger | null;
  clientOrderId: string | null;
}

/** Why the exchange refused an order. The server maps each reason to Hyperliquid's message. */
export type RejectReason =
  | "insufficientMargin"
  | "reduceOnlyWouldIncrease"
  | "postOnlyWouldCross"
  | "iocCouldNotMatch"
  | "noLiquidity"
  | "unknownAsset"
  | "duplicateClientOrderId";

/** Outcome of placing one order. */
export type PlaceOrderResult =
  | { status: "resting"; orderId: number }
  | { status: "filled"; orderId: number; filledSize: number; averagePrice: number }
  | { status: "waitingForTrigger"; orderId: number }
  | {
      status: "rejected";
      reason: RejectReason;
      /** Best bid / ask at the time, for the post-only message. */
      bestBid?: number;
      bestAsk?: number;
    };

/** A resting or waiting order as the exchange holds it. */
export interface ExchangeOrder {
  orderId: number;
  account: string;
  assetId: number;
  coin: string;
  side: OrderSide;
  limitPrice: number;
  /** Remaining size. */
  size: number;
  originalSize: number;
  reduceOnly: boolean;
  timeInForce: TimeInForce | null;
  trigger: OrderTrigger | null;
  clientOrderId: string | null;
  /** Creation time, ms. */
  timestamp: number;
}

/** One execution of an account's order. */
export interface ExchangeFill {
  account: string;
  coin: string;
  assetId: number;
  side: OrderSide;
  price: number;
  size: number;
  time: number;
  /** Signed position before the fill. */
  startPosition: number;
  /** "Open Long", "Close Short", "Long > Short", … */
  direction: string;
  closedPnl: number;
  /** Fee paid (negative = rebate). */
  fee: number;
  orderId: number;
  tradeId: number;
  hash: string;
  /** True when the order took liquidity. */
  taker: boolean;
  clientOrderId: string | null;
  /** Present on the liquidated account's fills that closed its position. */
  liquidation?: { markPrice: number; method: "market" | "backstop" };
}

/** One hourly funding payment (`amount` negative = paid). */
export interface FundingPayment {
  account: string;
  coin: string;
  time: number;
  amount: number;
  positionSize: number;
  rate: number;
  hash: string;
}

/** An open position. */
export interface PositionState {
  coin: string;
  assetId: number;
  /** Signed size: positive long, negative short. */
  size: number;
  entryPrice: number;
  leverage: number;
  isCross: boolean;
  markPrice: number;
  unrealizedPnl: number;
  marginUsed: number;
  /** Mark price at which the account would be liquidated (others unchanged), or null. */
  liquidationPrice: number | null;
  /** Funding paid (positive) since the account first held the coin and since this position opened. */
  cumulativeFunding: { allTime: number; sinceOpen: number };
}

/** An account's margin state. */
export interface AccountState {
  account: string;
  balance: number;
  accountValue: number;
  totalNotional: number;
  marginUsed: number;
  maintenanceMargin: number;
  withdrawable: number;
  positions: PositionState[];
}

/** Order lifecycle statuses as Hyperliquid names them in `orderUpdates`. */
export type OrderUpdateStatus =
  | "open"
  | "filled"
  | "canceled"
  | "triggered"
  | "rejected"
  | "scheduledCancel"
  | "reduceOnlyCanceled"
  | "marginCanceled"
  | "liquidatedCanceled";

/** Something that happened inside the exchange. */
export type ExchangeEvent =
  | { type: "orderUpdate"; order: ExchangeOrder; status: OrderUpdateStatus; time: number }
  | { type: "fill"; fill: ExchangeFill }
  | {
      type: "trade";
      coin: string;
      side: OrderSide;
      price: number;
      size: number;
      time: number;
      tradeId: number;
      hash: string;
      buyer: string;
      seller: string;
    }
  | { type: "funding"; payment: FundingPayment }
  | {
      /** An account fell below maintenance margin: its position was closed at the mark. */
      type: "liquidation";
      account: string;
      liquidationId: number;
      coin: string;
      /** Notional of the liquidated position at the mark, USDC. */
      notional: number;
      /** Account value when it was liquidated, USDC. */
      accountValue: number;
      time: number;
    };

/** One aggregated book level. */
export interface BookLevel {
  price: number;
  size: number;
  orderCount: number;
}

/** The exchange core the simulator server drives. All methods are synchronous and deterministic. */
export interface SimulatedExchange {
  /** Markets in asset-id order. */
  markets(): readonly SimulatedMarket[];
  /** Credits USDC to an account (creating it). */
  deposit(account: string, amount: number): void;
  /** Whether the account exists (has ever been funded). */
  hasAccount(account: string): boolean;
  placeOrder(command: PlaceOrderCommand): PlaceOrderResult;
  /** Cancels by venue order id; false when no such open order of this account. */
  cancelOrder(account: string, assetId: number, orderId: number): boolean;
  /** Cancels by client order id; false when no such open order of this account. */
  cancelByClientOrderId(account: string, assetId: number, clientOrderId: string): boolean;
  /** Replaces an open order (by oid or cloid); the replacement keeps its oid. */
  modifyOrder(
    account: string,
    target: number | string,
    command: PlaceOrderCommand,
  ): PlaceOrderResult | { status: "unknownOrder" };
  /** Cancels every open order of the account with the given status; returns how many. */
  cancelAllOrders(account: string, status: OrderUpdateStatus): number;
  /** Sets leverage for a market; returns an error message or null. */
  updateLeverage(account: string, assetId: number, isCross: boolean, leverage: number): string | null;
  /** Moves a market: a bar's range (or one price) traded since the last update; fills and triggers follow. */
  updateMarket(
    assetId: number,
    bar: { open: number; high: number; low: number; close: number },
    time: number,
  ): void;
  /** Pays hourly funding at the oracle price (the mid). */
  applyFunding(assetId: number, rate: number, time: number): void;
  /** Mid price per coin. */
  mids(): Record<string, number>;
  /** Aggregated levels, best first. */
  book(assetId: number, depth: number): { bids: BookLevel[]; asks: BookLevel[] };
  openOrders(account: string): ExchangeOrder[];
  /** Open or waiting order by oid or cloid, or null. */
  findOrder(account: string, target: number | string): ExchangeOrder | null;
  accountState(account: string): AccountState;
  /** Fills of the account, oldest first. */
  fills(account: string): readonly ExchangeFill[];
  /** Funding payments of the account, oldest first. */
  fundingPayments(account: string): readonly FundingPayment[];
  /** Registers a listener for exchange events; returns a function that removes it. */
  onEvent(listener: (event: ExchangeEvent) => void): () => void;
}
