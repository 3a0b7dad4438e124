/**
 * `POST /info`: market data and account queries in Hyperliquid's shapes.
 */
import { z } from "zod";
import { intervalToMs } from "../../data/index.ts";
import { ExtraAgentsRequest, UserRoleRequest } from "../hyperliquid/agent-requests.ts";
import {
  AllMidsRequest,
  CandleSnapshotRequest,
  ClearinghouseStateRequest,
  FrontendOpenOrdersRequest,
  FundingHistoryRequest,
  formatDecimal,
  L2BookRequest,
  MetaAndAssetCtxsRequest,
  MetaRequest,
  OpenOrdersRequest,
  OrderStatusRequest,
  UserFillsByTimeRequest,
  UserFillsRequest,
  UserFundingRequest,
} from "../hyperliquid/index.ts";
import type { EndpointReply } from "./exchange-endpoint.ts";
import { BASELINE_HOURLY_FUNDING } from "./market-replay.ts";
import { fireScheduledCancels } from "./order-actions.ts";
import type { SimulatedMarket } from "./simulated-exchange.ts";
import { HL_MESSAGES, type SimulatorContext } from "./simulator-context.ts";
import {
  bookWire,
  candleWire,
  clearinghouseWire,
  fillWire,
  frontendOrderWire,
  fundingWire,
  openOrderWire,
} from "./wire-format.ts";

/** Every `/info` request the simulator answers. */
export const SimulatorInfoRequest = z.discriminatedUnion("type", [
  MetaRequest,
  MetaAndAssetCtxsRequest,
  AllMidsRequest,
  L2BookRequest,
  CandleSnapshotRequest,
  FundingHistoryRequest,
  ClearinghouseStateRequest,
  OpenOrdersRequest,
  FrontendOpenOrdersRequest,
  UserFillsRequest,
  UserFillsByTimeRequest,
  UserFundingRequest,
  OrderStatusRequest,
  UserRoleRequest,
  ExtraAgentsRequest,
]);
/** An `/info` request the simulator answers. */
export type SimulatorInfoRequest = z.output<typeof SimulatorInfoRequest>;

const MAX_FILLS = 2000;
const MAX_TIME_RANGE_ITEMS = 500;
const BOOK_DEPTH = 20;
/** `validUntil` shown for agents approved without an expiry. */
const NO_EXPIRY = Number.MAX_SAFE_INTEGER;

function metaWire(markets: readonly SimulatedMarket[]) {
  return {
    universe: markets.map((market) => ({
      name: market.coin,
      szDecimals: market.sizeDecimals,
      maxLeverage: market.maxLeverage,
      marginTableId: market.maxLeverage,
    })),
    marginTables: [],
    collateralToken: 0,
  };
}

/** Asset context: mark = oracle = mid (the reference core has no separate mark), premium 0. */
function assetContextWire(context: SimulatorContext, market: SimulatedMarket) {
  const mid = context.exchange.mids()[market.coin] ?? 0;
  const { bids, asks } = context.exchange.book(market.assetId, 1);
  const day = context.replay?.dayStatistics(market.coin) ?? null;
  const price = (value: number) => formatDecimal(value, 8);
  return {
    dayNtlVlm: formatDecimal(day?.notionalVolume ?? 0, 6),
    funding: formatDecimal(context.replay?.currentFundingRate(market.coin) ?? BASELINE_HOURLY_FUNDING, 10),
    impactPxs: bids[0] && asks[0] ? [price(bids[0].price), price(asks[0].price)] : null,
    markPx: price(mid),
    midPx: price(mid),
    openInterest: "0",
    oraclePx: price(mid),
    premium: "0",
    prevDayPx: price(day?.previousDayPrice ?? mid),
    dayBaseVlm: formatDecimal(day?.baseVolume ?? 0, 6),
  };
}

function answer(context: SimulatorContext, request: SimulatorInfoRequest): unknown {
  const { exchange } = context;
  const markets = exchange.markets();
  const now = context.eventTime();
  const marketOf = (coin: string) => context.marketsByCoin.get(coin);
  const marketAt = (assetId: number): SimulatedMarket => {
    const market = markets[assetId];
    if (!market) throw new Error(`Unknown asset ${assetId}`);
    return market;
  };
  switch (request.type) {
    case "meta":
      return metaWire(markets);
    case "metaAndAssetCtxs":
      return [metaWire(markets), markets.map((market) => assetContextWire(context, market))];
    case "allMids":
      return Object.fromEntries(
        Object.entries(exchange.mids()).map(([coin, mid]) => [coin, formatDecimal(mid, 8)]),
      );
    case "l2Book": {
      const market = marketOf(request.coin);
      if (!market) return null;
      return bookWire(market.coin, exchange.book(market.assetId, BOOK_DEPTH), market.sizeDecimals, now);
    }
    case "candleSnapshot": {
      const { coin, interval, startTime, endTime } = request.req;
      if (!context.replay) return [];
      return context.replay
        .candles(coin, intervalToMs(interval), startTime, endTime ?? Number.MAX_SAFE_INTEGER)
        .map((candle) => candleWire(coin, interval, candle));
    }
    case "fundingHistory": {
      if (!context.replay) return [];
      return context.replay
        .fundingHistory(request.coin, request.startTime, request.endTime ?? Number.MAX_SAFE_INTEGER)
        .map((entry) => ({
          coin: request.coin,
          fundingRate: formatDecimal(entry.rate, 10),
          premium: "0",
          time: entry.time,
        }));
    }
    case "clearinghouseState":
      return clearinghouseWire(exchange.accountState(request.user), markets, now);
    case "openOrders":
      return exchange.openOrders(request.user).map((order) => openOrderWire(order, marketAt(order.assetId)));
    case "frontendOpenOrders":
      return exchange
        .openOrders(request.user)
        .map((order) => frontendOrderWire(order, marketAt(order.assetId)));
    case "userFills":
      return exchange
        .fills(request.user)
        .slice(-MAX_FILLS)
        .reverse()
        .map((fill) => fillWire(fill, marketAt(fill.assetId)));
    case "userFillsByTime": {
      const end = request.endTime ?? Number.MAX_SAFE_INTEGER;
      const fills = exchange
        .fills(request.user)
        .filter((fill) => fill.time >= request.startTime && fill.time <= end)
        .slice(0, MAX_FILLS)
        .map((fill) => fillWire(fill, marketAt(fill.assetId)));
      return request.reversed ? fills.reverse() : fills;
    }
    case "userFunding": {
      const end = request.endTime ?? Number.MAX_SAFE_INTEGER;
      return exchange
        .fundingPayments(request.user)
        .filter((payment) => payment.time >= request.startTime && payment.time <= end)
        .slice(0, MAX_TIME_RANGE_ITEMS)
        .map((payment) => ({
          time: payment.time,
          hash: payment.hash,
          delta: {
            type: "funding",
            ...fundingWire(payment, marketAt(context.marketsByCoin.get(payment.coin)?.assetId ?? 0)),
          },
        }));
    }
    case "userRole":
      return context.registry.roleOf(request.user, context.clock.now());
    case "extraAgents":
      return context.registry.agentsOf(request.user).map((approval) => ({
        address: approval.agent,
        name: approval.name,
        validUntil: approval.validUntil ?? NO_EXPIRY,
      }));
    case "orderStatus": {
      const entry = context.orderHistory.find(request.user, request.oid);
      if (!entry) return { status: "unknownOid" };
      return {
        status: "order",
        order: {
          order: frontendOrderWire(entry.order, marketAt(entry.order.assetId)),
          status: entry.status,
          statusTimestamp: entry.time,
        },
      };
    }
  }
}

/** Handles one `/info` body. Unknown types and bad fields answer 422 as Hyperliquid does. */
export function handleInfoRequest(context: SimulatorContext, body: unknown): EndpointReply {
  fireScheduledCancels(context);
  const parsed = SimulatorInfoRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.map(String).join(".") || "type"}: ${issue.message}` : "invalid body";
    return { httpStatus: 422, text: HL_MESSAGES.deserialize(detail) };
  }
  return { httpStatus: 200, json: answer(context, parsed.data) };
}
