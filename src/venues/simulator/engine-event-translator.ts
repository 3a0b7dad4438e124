/**
 * Turns one account's matching-engine events (orders triggered, filled, canceled; funding; the
 * engine's liquidation orders) into the simulator's {@link ExchangeEvent}s with Hyperliquid's
 * vocabulary: venue oids and trade ids, fill directions ("Open Long", "Close Short", "Liquidated Cross
 * Long", …), order-update statuses (`reduceOnlyCanceled`, `marginCanceled`, `liquidatedCanceled`, …).
 */
import type { Fill, Order } from "../../domain/index.ts";
import type { MatchingListener } from "../matching/index.ts";
import type { SimulatedAccount } from "./simulated-account.ts";
import type {
  ExchangeEvent,
  ExchangeFill,
  ExchangeOrder,
  FundingPayment,
  OrderUpdateStatus,
  SimulatedMarket,
} from "./simulated-exchange.ts";

/** What the translator needs from the exchange that owns it. */
export interface TranslatorHost {
  markets: readonly SimulatedMarket[];
  /** Market time, ms. */
  now(): number;
  emit(event: ExchangeEvent): void;
  allocateOrderId(): number;
  allocateTradeId(): number;
}

/** Order-update status of an engine cancel reason. */
const CANCEL_STATUS: Record<string, OrderUpdateStatus> = {
  reduce_only_no_position: "reduceOnlyCanceled",
  position_closed: "reduceOnlyCanceled",
  insufficient_margin: "marginCanceled",
  liquidation: "liquidatedCanceled",
  scheduledCancel: "scheduledCancel",
};

const COUNTERPARTY = "0x0000000000000000000000000000000000000000";
const LIQUIDATION_TAG = "liquidation";

/** A `0x` + 64 hex hash, unique per kind and id. */
export function hashOf(kind: number, id: number): string {
  return `0x${kind.toString(16).padStart(2, "0")}${id.toString(16).padStart(62, "0")}`;
}

/** Sizes to 12 significant digits (float residue of `after − fill`). */
function cleanSize(value: number): number {
  const clean = Number.parseFloat(value.toPrecision(12));
  return Math.abs(clean) < 1e-12 ? 0 : clean;
}

/** Hyperliquid's `dir` of a fill. */
export function fillDirection(
  startPosition: number,
  buy: boolean,
  size: number,
  liquidation: boolean,
): string {
  if (liquidation) return startPosition > 0 ? "Liquidated Cross Long" : "Liquidated Cross Short";
  const end = cleanSize(startPosition + (buy ? size : -size));
  if (startPosition === 0) return buy ? "Open Long" : "Open Short";
  if (startPosition > 0) return buy ? "Open Long" : end < 0 ? "Long > Short" : "Close Long";
  return !buy ? "Open Short" : end > 0 ? "Short > Long" : "Close Short";
}

/** Engine events of every account → exchange events. */
export class EngineEventTranslator {
  /** Engine id of the order being placed: its own outcome is reported by the caller, not here. */
  placing: string | undefined;
  /** Engine ids whose next cancel is silent (an order being replaced by `modify`). */
  readonly silentCancels = new Set<string>();
  /** Time stamped on funding payments being settled (the hour), when set. */
  fundingTime: number | undefined;

  constructor(private readonly host: TranslatorHost) {}

  /** The engine listener of one account. */
  listenerFor(account: () => SimulatedAccount): MatchingListener {
    return {
      onOrderAccepted: (order) => this.accepted(account(), order),
      onOrderRejected: () => undefined,
      onOrderTriggered: (order) => this.triggered(account(), order),
      onOrderFilled: (order, fill) => this.filled(account(), order, fill),
      onOrderCanceled: (order, reason) => this.ended(account(), order, CANCEL_STATUS[reason] ?? "canceled"),
      onOrderExpired: (order) => this.ended(account(), order, "canceled"),
      onOrderModified: () => undefined,
      onFunding: (_instrument, amount, rate, _price, timestamp) =>
        this.funded(account(), _instrument, amount, rate, this.fundingTime ?? timestamp),
    };
  }

  /** Emits an order update for a view. */
  update(order: ExchangeOrder, status: OrderUpdateStatus): void {
    this.host.emit({ type: "orderUpdate", order: { ...order }, status, time: this.host.now() });
  }

  /** The engine's own liquidation orders get a venue oid and a view, so their fills can be shown. */
  private accepted(account: SimulatedAccount, order: Order): void {
    if (order.tag !== LIQUIDATION_TAG || account.orders.has(order.id)) return;
    const index = account.engine.instrumentIndex(order.instrumentId);
    const market = this.host.markets[index] as SimulatedMarket;
    account.orders.set(order.id, {
      orderId: this.host.allocateOrderId(),
      account: account.address,
      assetId: index,
      coin: market.coin,
      side: order.side === "BUY" ? "buy" : "sell",
      limitPrice: account.engine.price(index),
      size: order.quantity,
      originalSize: order.quantity,
      reduceOnly: true,
      timeInForce: "Ioc",
      trigger: null,
      clientOrderId: null,
      timestamp: this.host.now(),
    });
  }

  private triggered(account: SimulatedAccount, order: Order): void {
    const view = account.orders.get(order.id);
    if (view === undefined || order.id === this.placing) return;
    this.update(view, "triggered");
    if (view.trigger && !view.trigger.isMarket) {
      // A triggered limit now rests as a plain limit order.
      view.trigger = null;
      view.timeInForce = "Gtc";
    }
  }

  private filled(account: SimulatedAccount, order: Order, fill: Fill): void {
    const view = account.orders.get(order.id);
    if (view === undefined) return;
    const index = view.assetId;
    const buy = fill.side === "BUY";
    const after = account.positionSize(index);
    const startPosition = cleanSize(after - (buy ? fill.quantity : -fill.quantity));
    const liquidation = order.tag === LIQUIDATION_TAG;
    const time = this.host.now();
    const tradeId = this.host.allocateTradeId();
    const hash = hashOf(1, tradeId);
    view.size = cleanSize(Math.max(0, view.size - fill.quantity));
    const funding = account.cumulativeFunding[index];
    if (funding && (after === 0 || Math.sign(after) !== Math.sign(startPosition))) funding.sinceOpen = 0;
    const exchangeFill: ExchangeFill = {
      account: account.address,
      coin: view.coin,
      assetId: index,
      side: view.side,
      price: fill.price,
      size: fill.quantity,
      time,
      startPosition,
      direction: fillDirection(startPosition, buy, fill.quantity, liquidation),
      closedPnl: fill.realizedPnl,
      fee: fill.fee,
      orderId: view.orderId,
      tradeId,
      hash,
      taker: fill.liquidity === "TAKER",
      clientOrderId: view.clientOrderId,
      ...(liquidation ? { liquidation: { markPrice: fill.price, method: "market" as const } } : {}),
    };
    account.fills.push(exchangeFill);
    const host = this.host;
    if (liquidation) {
      // Closing at the mark realizes exactly the unrealized PnL: equity before = equity now + fee.
      const accountValue = account.engine.clearinghouse.equity() + fill.fee;
      host.emit({
        type: "liquidation",
        account: account.address,
        liquidationId: tradeId,
        coin: view.coin,
        notional: Math.abs(startPosition) * fill.price,
        accountValue,
        time,
      });
    }
    host.emit({ type: "fill", fill: exchangeFill });
    host.emit({
      type: "trade",
      coin: view.coin,
      side: fill.liquidity === "TAKER" ? view.side : view.side === "buy" ? "sell" : "buy",
      price: fill.price,
      size: fill.quantity,
      time,
      tradeId,
      hash,
      buyer: buy ? account.address : COUNTERPARTY,
      seller: buy ? COUNTERPARTY : account.address,
    });
    if (order.status === "FILLED" && order.id !== this.placing) {
      account.removeOrder(order.id);
      if (!liquidation) this.update(view, "filled");
    }
  }

  private ended(account: SimulatedAccount, order: Order, status: OrderUpdateStatus): void {
    if (this.silentCancels.delete(order.id)) {
      account.removeOrder(order.id);
      return;
    }
    if (order.id === this.placing) return;
    const view = account.removeOrder(order.id);
    if (view !== undefined) this.update(view, status);
  }

  private funded(
    account: SimulatedAccount,
    instrumentId: string,
    amount: number,
    rate: number,
    time: number,
  ): void {
    const index = account.engine.instrumentIndex(instrumentId);
    const market = this.host.markets[index] as SimulatedMarket;
    const funding = account.cumulativeFunding[index];
    if (funding) {
      funding.allTime -= amount;
      funding.sinceOpen -= amount;
    }
    const payment: FundingPayment = {
      account: account.address,
      coin: market.coin,
      time,
      amount,
      positionSize: account.positionSize(index),
      rate,
      hash: hashOf(2, this.host.allocateTradeId()),
    };
    account.funding.push(payment);
    this.host.emit({ type: "funding", payment });
  }
}
