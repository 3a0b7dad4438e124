/**
 * One account of the simulator's exchange core: its own {@link MatchingEngine} (the backtests' matching
 * and clearinghouse code: balance, positions, margin, liquidation, funding) plus what Hyperliquid shows
 * on top of it — open-order views with venue oids and cloids, fills and funding history, cross/isolated
 * flags and cumulative funding per coin.
 */
import type { Clock } from "../../core/index.ts";
import { createInstrument, type Instrument } from "../../domain/index.ts";
import {
  type ArrivalQuote,
  type FeeModel,
  MatchingEngine,
  type MatchingListener,
} from "../matching/index.ts";
import type {
  AccountState,
  ExchangeFill,
  ExchangeOrder,
  FundingPayment,
  PositionState,
  SimulatedMarket,
} from "./simulated-exchange.ts";

/** Hyperliquid's default leverage: 20× cross, or the market maximum when lower. */
export const DEFAULT_LEVERAGE = 20;

/** The matching core's instrument of a market: lot = 10^−szDecimals; ticks are checked on the wire. */
export function instrumentOf(market: SimulatedMarket): Instrument {
  return createInstrument({
    id: market.coin,
    symbol: market.coin,
    kind: "perpetual",
    tickSize: 0,
    lotSize: Number(`1e-${market.sizeDecimals}`),
    minNotional: 0,
    maxLeverage: market.maxLeverage,
  });
}

/** What an account needs from the exchange that owns it. */
export interface SimulatedAccountSetup {
  markets: readonly SimulatedMarket[];
  instruments: readonly Instrument[];
  mids: readonly number[];
  fees: FeeModel;
  clock: Clock;
  arrivalQuote: ArrivalQuote;
  listener: MatchingListener;
}

/** One account's books and its matching engine. */
export class SimulatedAccount {
  readonly engine: MatchingEngine;
  readonly fills: ExchangeFill[] = [];
  readonly funding: FundingPayment[] = [];
  /** Open and waiting orders by engine order id (= `String(oid)`), in placement order. */
  readonly orders = new Map<string, ExchangeOrder>();
  /** Engine order id of each open order's cloid. */
  readonly orderIdsByCloid = new Map<string, string>();
  /** Every cloid this account ever placed an order with (Hyperliquid refuses a reused cloid). */
  readonly usedClientOrderIds = new Set<string>();
  readonly crossMargin: boolean[];
  /** Funding paid (positive) per asset id: since the coin was first held, and since the position opened. */
  readonly cumulativeFunding: Array<{ allTime: number; sinceOpen: number }>;

  constructor(
    readonly address: string,
    private readonly setup: SimulatedAccountSetup,
  ) {
    this.engine = new MatchingEngine({
      instruments: setup.instruments,
      account: { mode: "perpetual", initialBalance: 0, leverage: DEFAULT_LEVERAGE },
      fees: setup.fees,
      slippageBps: 0,
      intrabarPath: "stop-first",
      clock: setup.clock,
      listener: setup.listener,
      arrivalQuote: setup.arrivalQuote,
    });
    this.crossMargin = setup.markets.map(() => true);
    this.cumulativeFunding = setup.markets.map(() => ({ allTime: 0, sinceOpen: 0 }));
    setup.mids.forEach((mid, index) => {
      this.engine.updatePrice(index, mid);
    });
  }

  /** Signed position size of an asset (0 when flat). */
  positionSize(assetId: number): number {
    return this.engine.position(assetId).quantity;
  }

  /** Leverage of an asset (the engine's per-instrument leverage). */
  leverage(assetId: number): number {
    return this.engine.clearinghouse.leverages[assetId] as number;
  }

  /** Adds an open-order view. */
  addOrder(order: ExchangeOrder): void {
    this.orders.set(String(order.orderId), order);
    if (order.clientOrderId) this.orderIdsByCloid.set(order.clientOrderId, String(order.orderId));
  }

  /** Removes an open-order view; returns it, or undefined. */
  removeOrder(engineOrderId: string): ExchangeOrder | undefined {
    const order = this.orders.get(engineOrderId);
    if (order === undefined) return undefined;
    this.orders.delete(engineOrderId);
    if (order.clientOrderId && this.orderIdsByCloid.get(order.clientOrderId) === engineOrderId)
      this.orderIdsByCloid.delete(order.clientOrderId);
    return order;
  }

  /** Open order by oid or cloid, or null. */
  findOrder(target: number | string): ExchangeOrder | null {
    const id = typeof target === "number" ? String(target) : this.orderIdsByCloid.get(target);
    return (id === undefined ? undefined : this.orders.get(id)) ?? null;
  }

  /**
   * Margin free for new orders at the mids: account value − initial margin of positions − margin
   * reserved by resting non-reduce-only limit orders (their notional over the asset's leverage),
   * leaving out `excluding` (an order being replaced).
   */
  availableMargin(excluding?: ExchangeOrder): number {
    const state = this.state();
    let reserved = 0;
    for (const order of this.orders.values()) {
      if (order === excluding || order.reduceOnly || order.trigger) continue;
      reserved += (order.size * order.limitPrice) / this.leverage(order.assetId);
    }
    return state.accountValue - state.marginUsed - reserved;
  }

  /** Margin state at the mids. */
  state(): AccountState {
    const clearinghouse = this.engine.clearinghouse;
    const { markets, mids } = this.setup;
    let unrealized = 0;
    let notional = 0;
    let marginUsed = 0;
    let maintenance = 0;
    const positions: PositionState[] = [];
    for (const market of markets) {
      const index = market.assetId;
      const position = clearinghouse.positions[index];
      if (position === undefined || position.quantity === 0) continue;
      const mark = mids[index] as number;
      const leverage = this.leverage(index);
      const value = Math.abs(position.quantity) * mark;
      const pnl = position.unrealizedPnl(mark);
      const margin = value / leverage;
      const liquidation = clearinghouse.liquidationPrice(index);
      unrealized += pnl;
      notional += value;
      marginUsed += margin;
      maintenance += value * (this.setup.instruments[index] as Instrument).maintenanceMarginRate;
      positions.push({
        coin: market.coin,
        assetId: index,
        size: position.quantity,
        entryPrice: position.averageEntryPrice,
        leverage,
        isCross: this.crossMargin[index] ?? true,
        markPrice: mark,
        unrealizedPnl: pnl,
        marginUsed: margin,
        liquidationPrice: Number.isNaN(liquidation) ? null : liquidation,
        cumulativeFunding: { ...(this.cumulativeFunding[index] ?? { allTime: 0, sinceOpen: 0 }) },
      });
    }
    const accountValue = clearinghouse.balance + unrealized;
    return {
      account: this.address,
      balance: clearinghouse.balance,
      accountValue,
      totalNotional: notional,
      marginUsed,
      maintenanceMargin: maintenance,
      withdrawable: Math.max(0, accountValue - marginUsed),
      positions,
    };
  }
}
