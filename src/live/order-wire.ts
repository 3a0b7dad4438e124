import { ValidationError } from "../core/index.ts";
import { isStopType, type OrderRequest, type OrderType } from "../domain/index.ts";
import { type OrderWire, roundPrice, roundSize } from "../venues/hyperliquid/index.ts";
import type { VenueMarket } from "./venue-market.ts";

/** Default price protection of market orders: an IOC limit 1 % through the mid. */
export const DEFAULT_MARKET_SLIPPAGE = 0.01;

/** Inputs of {@link toOrderWire} besides the order itself. */
export interface OrderWireContext {
  readonly market: VenueMarket;
  readonly cloid: `0x${string}`;
  /** Current mid (market orders and market triggers are priced from it). */
  readonly mid: number;
  /** Fraction of price a market order may move through the mid, e.g. 0.01. */
  readonly slippage: number;
}

function limitTif(request: OrderRequest): "Gtc" | "Ioc" | "Alo" {
  const tif = request.timeInForce ?? (request.type === "MARKET" ? "IOC" : "GTC");
  return tif === "IOC" ? "Ioc" : tif === "ALO" ? "Alo" : "Gtc";
}

function isMarketType(type: OrderType): boolean {
  return type === "MARKET" || type === "STOP_MARKET" || type === "TAKE_PROFIT_MARKET";
}

/**
 * An engine order as a Hyperliquid order wire, rounded to the venue's rules: LIMIT → limit GTC/IOC/ALO;
 * MARKET → IOC limit `slippage` through the mid (rounded away from the mid); stops and take-profits →
 * `trigger` orders (`sl` / `tp`, market or limit), whose `p` is the limit, or for market triggers the
 * trigger price moved by the slippage (Hyperliquid's price cap of the triggered market order).
 * @throws ValidationError when the size rounds to zero or a required price is missing.
 */
export function toOrderWire(request: OrderRequest, context: OrderWireContext): OrderWire {
  const { market, slippage } = context;
  const buy = request.side === "BUY";
  const size = roundSize(request.quantity, market.sizeDecimals);
  if (Number(size) <= 0) {
    throw new ValidationError(`order ${request.id}: size ${request.quantity} rounds to 0`, {
      field: "quantity",
    });
  }
  const through = (price: number): string =>
    roundPrice(price * (buy ? 1 + slippage : 1 - slippage), market.sizeDecimals, {
      mode: buy ? "up" : "down",
    });
  const base = { a: market.assetId, b: buy };
  const reduceOnly = request.reduceOnly ?? false;
  if (request.type === "MARKET") {
    if (!(context.mid > 0)) {
      throw new ValidationError(`order ${request.id}: no mid price for ${market.coin} yet`, {
        field: "price",
      });
    }
    return {
      ...base,
      p: through(context.mid),
      s: size,
      r: reduceOnly,
      t: { limit: { tif: "Ioc" } },
      c: context.cloid,
    };
  }
  if (request.type === "LIMIT") {
    const price = roundPrice(requirePrice(request, request.price), market.sizeDecimals);
    return {
      ...base,
      p: price,
      s: size,
      r: reduceOnly,
      t: { limit: { tif: limitTif(request) } },
      c: context.cloid,
    };
  }
  const trigger = requirePrice(request, request.triggerPrice);
  const isMarket = isMarketType(request.type);
  const limit = isMarket
    ? through(trigger)
    : roundPrice(requirePrice(request, request.price), market.sizeDecimals);
  return {
    ...base,
    p: limit,
    s: size,
    r: reduceOnly,
    t: {
      trigger: {
        isMarket,
        triggerPx: roundPrice(trigger, market.sizeDecimals),
        tpsl: isStopType(request.type) ? "sl" : "tp",
      },
    },
    c: context.cloid,
  };
}

function requirePrice(request: OrderRequest, price: number | undefined): number {
  if (price === undefined || !(price > 0)) {
    throw new ValidationError(`order ${request.id}: ${request.type} needs a price > 0, got ${price}`, {
      field: "price",
    });
  }
  return price;
}
