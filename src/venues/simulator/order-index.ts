/**
 * The open orders of the reference exchange with the lookups it needs in O(1): by oid, by account,
 * by (account, cloid), and the notional each account has reserved in resting non-reduce-only limit
 * orders (for the margin check).
 */
import type { ExchangeOrder } from "./simulated-exchange.ts";

/** Open and waiting orders. */
export class OrderIndex {
  private readonly byId = new Map<number, ExchangeOrder>();
  private readonly byAccount = new Map<string, Map<number, ExchangeOrder>>();
  private readonly clientOrderIds = new Map<string, number>();
  private readonly reserved = new Map<string, Map<number, number>>();

  /** Every open order, in placement order. */
  values(): IterableIterator<ExchangeOrder> {
    return this.byId.values();
  }

  has(orderId: number): boolean {
    return this.byId.has(orderId);
  }

  get(orderId: number): ExchangeOrder | undefined {
    return this.byId.get(orderId);
  }

  /** Open orders of one account. */
  ofAccount(account: string): ExchangeOrder[] {
    return [...(this.byAccount.get(account)?.values() ?? [])];
  }

  /** The account's open order with this cloid, if any. */
  findByClientOrderId(account: string, clientOrderId: string): ExchangeOrder | undefined {
    const orderId = this.clientOrderIds.get(`${account}|${clientOrderId}`);
    return orderId === undefined ? undefined : this.byId.get(orderId);
  }

  add(order: ExchangeOrder): void {
    this.byId.set(order.orderId, order);
    let mine = this.byAccount.get(order.account);
    if (!mine) {
      mine = new Map();
      this.byAccount.set(order.account, mine);
    }
    mine.set(order.orderId, order);
    if (order.clientOrderId)
      this.clientOrderIds.set(`${order.account}|${order.clientOrderId}`, order.orderId);
    this.reserve(order, order.size);
  }

  delete(order: ExchangeOrder): void {
    if (!this.byId.delete(order.orderId)) return;
    this.byAccount.get(order.account)?.delete(order.orderId);
    if (order.clientOrderId) this.clientOrderIds.delete(`${order.account}|${order.clientOrderId}`);
    this.reserve(order, -order.size);
  }

  /** Reduces an order's remaining size (a fill), keeping the reservation in step. */
  reduce(order: ExchangeOrder, size: number): void {
    const taken = Math.min(size, order.size);
    if (this.byId.has(order.orderId)) this.reserve(order, -taken);
    order.size = Math.max(0, order.size - taken);
  }

  /** Reserved notional per asset id of an account. */
  reservedNotional(account: string): Iterable<[number, number]> {
    return this.reserved.get(account) ?? [];
  }

  private reserve(order: ExchangeOrder, signedSize: number): void {
    if (order.reduceOnly || order.trigger) return;
    let perAsset = this.reserved.get(order.account);
    if (!perAsset) {
      perAsset = new Map();
      this.reserved.set(order.account, perAsset);
    }
    perAsset.set(order.assetId, (perAsset.get(order.assetId) ?? 0) + signedSize * order.limitPrice);
  }
}
