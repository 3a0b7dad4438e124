/**
 * Formats the exchange core's state (numbers, full words) as Hyperliquid wire payloads (decimal
 * strings, wire abbreviations).
 */
import type { z } from "zod";
import {
  type CandleWire,
  type ClearinghouseStateResponse,
  type FillWire,
  type FrontendOpenOrderWire,
  formatDecimal,
  type L2Book,
  type OpenOrderWire,
  type OrderUpdateWire,
  type TradeWire,
} from "../hyperliquid/index.ts";
import type { ReplayCandle } from "./market-replay.ts";
import type {
  AccountState,
  BookLevel,
  ExchangeFill,
  ExchangeOrder,
  FundingPayment,
  OrderUpdateStatus,
  SimulatedMarket,
} from "./simulated-exchange.ts";

const USD_DECIMALS = 6;
const PRICE_DECIMALS = 8;

const usd = (value: number): string => formatDecimal(value, USD_DECIMALS);
const price = (value: number): string => formatDecimal(value, PRICE_DECIMALS);

/** An open order as `openOrders` / `orderUpdates` show it. */
export function openOrderWire(order: ExchangeOrder, market: SimulatedMarket): z.input<typeof OpenOrderWire> {
  const wire: z.input<typeof OpenOrderWire> = {
    coin: order.coin,
    side: order.side === "buy" ? "B" : "A",
    limitPx: price(order.limitPrice),
    sz: formatDecimal(order.size, market.sizeDecimals),
    oid: order.orderId,
    timestamp: order.timestamp,
    origSz: formatDecimal(order.originalSize, market.sizeDecimals),
  };
  if (order.clientOrderId) wire.cloid = order.clientOrderId;
  if (order.reduceOnly) wire.reduceOnly = true;
  return wire;
}

/** Hyperliquid's order type label of an order. */
function orderTypeLabel(order: ExchangeOrder): z.input<typeof FrontendOpenOrderWire>["orderType"] {
  if (!order.trigger) return "Limit";
  const kind = order.trigger.kind === "tp" ? "Take Profit" : "Stop";
  return `${kind} ${order.trigger.isMarket ? "Market" : "Limit"}` as z.input<
    typeof FrontendOpenOrderWire
  >["orderType"];
}

/** An order as `frontendOpenOrders` and `orderStatus` show it. */
export function frontendOrderWire(
  order: ExchangeOrder,
  market: SimulatedMarket,
): z.input<typeof FrontendOpenOrderWire> {
  const trigger = order.trigger;
  const firesBelow = trigger ? (order.side === "sell") === (trigger.kind === "sl") : false;
  return {
    ...openOrderWire(order, market),
    cloid: order.clientOrderId,
    reduceOnly: order.reduceOnly,
    triggerCondition: trigger
      ? `Price ${firesBelow ? "below" : "above"} ${price(trigger.triggerPrice)}`
      : "N/A",
    isTrigger: trigger !== null,
    triggerPx: price(trigger?.triggerPrice ?? 0),
    children: [],
    isPositionTpsl: false,
    orderType: orderTypeLabel(order),
    tif: trigger ? null : order.timeInForce,
  };
}

/** One `orderUpdates` entry. */
export function orderUpdateWire(
  order: ExchangeOrder,
  market: SimulatedMarket,
  status: OrderUpdateStatus,
  time: number,
): z.input<typeof OrderUpdateWire> {
  return { order: openOrderWire(order, market), status, statusTimestamp: time };
}

/** A fill as `userFills` shows it. */
export function fillWire(fill: ExchangeFill, market: SimulatedMarket): z.input<typeof FillWire> {
  const wire: z.input<typeof FillWire> = {
    coin: fill.coin,
    px: price(fill.price),
    sz: formatDecimal(fill.size, market.sizeDecimals),
    side: fill.side === "buy" ? "B" : "A",
    time: fill.time,
    startPosition: formatDecimal(fill.startPosition, market.sizeDecimals),
    dir: fill.direction,
    closedPnl: usd(fill.closedPnl),
    hash: fill.hash,
    oid: fill.orderId,
    crossed: fill.taker,
    fee: usd(fill.fee),
    tid: fill.tradeId,
    feeToken: "USDC",
  };
  if (fill.clientOrderId) wire.cloid = fill.clientOrderId;
  if (fill.liquidation) {
    wire.liquidation = {
      liquidatedUser: fill.account,
      markPx: price(fill.liquidation.markPrice),
      method: fill.liquidation.method,
    };
  }
  return wire;
}

/** A public trade (`trades` channel). */
export function tradeWire(trade: {
  coin: string;
  side: "buy" | "sell";
  price: number;
  size: number;
  time: number;
  tradeId: number;
  hash: string;
  buyer: string;
  seller: string;
  sizeDecimals: number;
}): z.input<typeof TradeWire> {
  return {
    coin: trade.coin,
    side: trade.side === "buy" ? "B" : "A",
    px: price(trade.price),
    sz: formatDecimal(trade.size, trade.sizeDecimals),
    hash: trade.hash,
    time: trade.time,
    tid: trade.tradeId,
    users: [trade.buyer, trade.seller],
  };
}

/** A funding payment as `userFunding` / the `user` channel show it. */
export function fundingWire(payment: FundingPayment, market: SimulatedMarket) {
  return {
    coin: payment.coin,
    usdc: usd(payment.amount),
    szi: formatDecimal(payment.positionSize, market.sizeDecimals),
    fundingRate: formatDecimal(payment.rate, 10),
    nSamples: null,
  };
}

/** The `clearinghouseState` response. */
export function clearinghouseWire(
  state: AccountState,
  markets: readonly SimulatedMarket[],
  time: number,
): z.input<typeof ClearinghouseStateResponse> {
  const summary = {
    accountValue: usd(state.accountValue),
    totalNtlPos: usd(state.totalNotional),
    totalRawUsd: usd(state.balance),
    totalMarginUsed: usd(state.marginUsed),
  };
  return {
    assetPositions: state.positions.map((position) => {
      const market = markets[position.assetId] as SimulatedMarket;
      const margin = position.marginUsed;
      return {
        type: "oneWay" as const,
        position: {
          coin: position.coin,
          szi: formatDecimal(position.size, market.sizeDecimals),
          leverage: position.isCross
            ? { type: "cross" as const, value: position.leverage }
            : { type: "isolated" as const, value: position.leverage, rawUsd: usd(-margin) },
          entryPx: price(position.entryPrice),
          positionValue: usd(Math.abs(position.size) * position.markPrice),
          unrealizedPnl: usd(position.unrealizedPnl),
          returnOnEquity: formatDecimal(margin > 0 ? position.unrealizedPnl / margin : 0, 8),
          liquidationPx: position.liquidationPrice === null ? null : price(position.liquidationPrice),
          marginUsed: usd(margin),
          maxLeverage: market.maxLeverage,
          cumFunding: {
            allTime: usd(position.cumulativeFunding.allTime),
            sinceOpen: usd(position.cumulativeFunding.sinceOpen),
            sinceChange: usd(position.cumulativeFunding.sinceOpen),
          },
        },
      };
    }),
    marginSummary: summary,
    crossMarginSummary: summary,
    crossMaintenanceMarginUsed: usd(state.maintenanceMargin),
    withdrawable: usd(state.withdrawable),
    time,
  };
}

/** An `l2Book` snapshot. */
export function bookWire(
  coin: string,
  levels: { bids: BookLevel[]; asks: BookLevel[] },
  sizeDecimals: number,
  time: number,
): z.input<typeof L2Book> {
  const side = (list: BookLevel[]) =>
    list.map((level) => ({
      px: price(level.price),
      sz: formatDecimal(level.size, sizeDecimals),
      n: level.orderCount,
    }));
  return { coin, time, levels: [side(levels.bids), side(levels.asks)] };
}

/** A candle. */
export function candleWire(coin: string, interval: string, candle: ReplayCandle): z.input<typeof CandleWire> {
  return {
    t: candle.openTime,
    T: candle.closeTime,
    s: coin,
    i: interval as z.input<typeof CandleWire>["i"],
    o: price(candle.open),
    c: price(candle.close),
    h: price(candle.high),
    l: price(candle.low),
    v: formatDecimal(candle.volume, 8),
    n: candle.trades,
  };
}
