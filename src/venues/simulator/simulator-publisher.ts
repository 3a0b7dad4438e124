/**
 * Turns exchange events and market steps into WebSocket pushes: `orderUpdates`, `userFills`, `user`
 * (userEvents), `trades`, `allMids`, `l2Book`, `candle`; and builds the snapshots sent after a
 * subscription is acknowledged.
 */
import { intervalToMs } from "../../data/index.ts";
import { formatDecimal, type SubscriptionWire } from "../hyperliquid/index.ts";
import type { ExchangeEvent, SimulatedMarket } from "./simulated-exchange.ts";
import type { SimulatorContext } from "./simulator-context.ts";
import type { WebSocketHub } from "./websocket-hub.ts";
import { bookWire, candleWire, fillWire, fundingWire, orderUpdateWire, tradeWire } from "./wire-format.ts";

const BOOK_DEPTH = 20;
/** The venue's liquidator (Hyperliquid's liquidator vault plays this role; the simulator has none). */
const LIQUIDATOR = "0x0000000000000000000000000000000000000000";

function marketOf(context: SimulatorContext, assetId: number): SimulatedMarket {
  const market = context.exchange.markets()[assetId];
  if (!market) throw new Error(`Unknown asset ${assetId}`);
  return market;
}

function midsWire(context: SimulatorContext): Record<string, string> {
  return Object.fromEntries(
    Object.entries(context.exchange.mids()).map(([coin, mid]) => [coin, formatDecimal(mid, 8)]),
  );
}

/** Pushes exchange events to subscribers. */
export function publishExchangeEvent(
  context: SimulatorContext,
  hub: WebSocketHub,
  event: ExchangeEvent,
): void {
  switch (event.type) {
    case "orderUpdate": {
      const { order } = event;
      hub.publish(
        "orderUpdates",
        [orderUpdateWire(order, marketOf(context, order.assetId), event.status, event.time)],
        (subscription) => subscription.type === "orderUpdates" && subscription.user === order.account,
      );
      return;
    }
    case "fill": {
      const { fill } = event;
      const wire = fillWire(fill, marketOf(context, fill.assetId));
      hub.publish(
        "userFills",
        { user: fill.account, fills: [wire] },
        (subscription) => subscription.type === "userFills" && subscription.user === fill.account,
      );
      hub.publish(
        "user",
        { fills: [wire] },
        (subscription) => subscription.type === "userEvents" && subscription.user === fill.account,
      );
      return;
    }
    case "trade": {
      const market = context.marketsByCoin.get(event.coin);
      hub.publish(
        "trades",
        [tradeWire({ ...event, sizeDecimals: market?.sizeDecimals ?? 8 })],
        (subscription) => subscription.type === "trades" && subscription.coin === event.coin,
      );
      return;
    }
    case "funding": {
      const { payment } = event;
      const market = context.marketsByCoin.get(payment.coin);
      if (!market) return;
      hub.publish(
        "user",
        { funding: { time: payment.time, ...fundingWire(payment, market) } },
        (subscription) => subscription.type === "userEvents" && subscription.user === payment.account,
      );
      return;
    }
    case "liquidation":
      hub.publish(
        "user",
        {
          liquidation: {
            lid: event.liquidationId,
            liquidator: LIQUIDATOR,
            liquidated_user: event.account,
            liquidated_ntl_pos: formatDecimal(event.notional, 6),
            liquidated_account_value: formatDecimal(event.accountValue, 6),
          },
        },
        (subscription) => subscription.type === "userEvents" && subscription.user === event.account,
      );
  }
}

/** Pushes mids, books and candles after the market moved. */
export function publishMarketStep(context: SimulatorContext, hub: WebSocketHub): void {
  const now = context.eventTime();
  if (hub.wants((subscription) => subscription.type === "allMids")) {
    hub.publish("allMids", { mids: midsWire(context) }, (subscription) => subscription.type === "allMids");
  }
  for (const market of context.exchange.markets()) {
    const bookMatches = (subscription: SubscriptionWire) =>
      subscription.type === "l2Book" && subscription.coin === market.coin;
    if (hub.wants(bookMatches)) {
      const book = context.exchange.book(market.assetId, BOOK_DEPTH);
      hub.publish("l2Book", bookWire(market.coin, book, market.sizeDecimals, now), bookMatches);
    }
    for (const push of candlePushes(context, market.coin, hub))
      hub.publish("candle", push.data, push.matches);
  }
}

function candlePushes(context: SimulatorContext, coin: string, hub: WebSocketHub) {
  const pushes: Array<{ data: unknown; matches: (subscription: SubscriptionWire) => boolean }> = [];
  if (!context.replay) return pushes;
  for (const interval of [
    "1m",
    "3m",
    "5m",
    "15m",
    "30m",
    "1h",
    "2h",
    "4h",
    "8h",
    "12h",
    "1d",
    "3d",
    "1w",
    "1M",
  ]) {
    const matches = (subscription: SubscriptionWire) =>
      subscription.type === "candle" && subscription.coin === coin && subscription.interval === interval;
    if (!hub.wants(matches)) continue;
    // The final version of the bucket that just got a bar, then (when a new bucket opened) the flat
    // candle in progress: a client that treats a new `t` as "previous candle closed" sees it at once.
    const latest = context.replay.latestCandle(coin, intervalToMs(interval));
    const current = context.replay.currentCandle(coin, intervalToMs(interval));
    if (latest) pushes.push({ data: candleWire(coin, interval, latest), matches });
    if (current && current.openTime !== latest?.openTime) {
      pushes.push({ data: candleWire(coin, interval, current), matches });
    }
  }
  return pushes;
}

/** Pushes sent right after a subscription is acknowledged. */
export function subscriptionSnapshot(
  context: SimulatorContext,
  subscription: SubscriptionWire,
): Array<{ channel: string; data: unknown }> {
  switch (subscription.type) {
    case "allMids":
      return [{ channel: "allMids", data: { mids: midsWire(context) } }];
    case "l2Book": {
      const market = context.marketsByCoin.get(subscription.coin);
      if (!market) return [];
      const book = context.exchange.book(market.assetId, BOOK_DEPTH);
      return [
        { channel: "l2Book", data: bookWire(market.coin, book, market.sizeDecimals, context.eventTime()) },
      ];
    }
    case "candle": {
      const candle = context.replay?.currentCandle(subscription.coin, intervalToMs(subscription.interval));
      return candle
        ? [{ channel: "candle", data: candleWire(subscription.coin, subscription.interval, candle) }]
        : [];
    }
    case "userFills": {
      const fills = context.exchange
        .fills(subscription.user)
        .map((fill) => fillWire(fill, marketOf(context, fill.assetId)));
      return [{ channel: "userFills", data: { user: subscription.user, fills, isSnapshot: true } }];
    }
    default:
      return [];
  }
}
