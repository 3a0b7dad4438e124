import { fillAmounts, type Order, roundPrice, roundQuantity } from "../../domain/index.ts";
import type { Clearinghouse } from "./clearinghouse.ts";
import type { OrderBook } from "./order-book.ts";
import { isExecutableAt } from "./order-triggers.ts";

/** Rounds an order's size down to the lot and its prices to the tick of the book's instrument. */
export function roundToInstrument(order: Order, book: OrderBook): void {
  const instrument = book.instrument;
  order.quantity = roundQuantity(instrument, order.quantity);
  if (!Number.isNaN(order.price)) order.price = roundPrice(instrument, order.price);
  if (!Number.isNaN(order.triggerPrice)) order.triggerPrice = roundPrice(instrument, order.triggerPrice);
}

/**
 * `price` moved against a trader on `side` by `slippage` (fraction), clamped to the open bar's range.
 */
export function slippedPrice(book: OrderBook, price: number, side: "BUY" | "SELL", slippage: number): number {
  if (slippage === 0) return price;
  const slipped = price * (side === "BUY" ? 1 + slippage : 1 - slippage);
  return book.inBar ? Math.min(book.high, Math.max(book.low, slipped)) : slipped;
}

/**
 * The price at which an order of `side` arriving now takes liquidity when the current price is
 * `price`: a venue with a spread answers its best ask (BUY) or best bid (SELL). Pure and
 * deterministic; must return a price > 0.
 */
export type ArrivalQuote = (index: number, side: "BUY" | "SELL", price: number) => number;

/** The price an arriving order of `side` meets: the venue's quote when it has one, else the current price. */
export function arrivalPrice(book: OrderBook, side: "BUY" | "SELL", quote: ArrivalQuote | undefined): number {
  return quote === undefined || Number.isNaN(book.price) ? book.price : quote(book.index, side, book.price);
}

/**
 * Why a venue refuses an arriving order, or undefined to accept it: size below one lot, no price yet
 * for a market order, notional below the instrument minimum, ALO that would cross, or not enough
 * margin (checked at the order's reference price with the taker fee). Bracket children and
 * reduce-only orders skip the notional and margin checks. `arrivalPrice` is what the order would
 * meet now (the current price, or the venue's quote, see {@link ArrivalQuote}). The margin and the
 * taker fee are checked at the order's limit or trigger price here; market orders go to
 * {@link marketAdmissionRejection}, which checks them at the slipped current price.
 */
export function admissionRejection(
  book: OrderBook,
  order: Order,
  venue: AdmissionTerms,
  arrivalPrice: number = book.price,
): string | undefined {
  if (order.type === "MARKET" && order.parentId === undefined)
    return marketAdmissionRejection(book, order, venue);
  const { clearinghouse, takerRate: takerFeeRate } = venue;
  if (!(order.quantity > 0)) return "quantity_below_lot_size";
  if (order.type === "MARKET" && Number.isNaN(book.price)) return "no_market_price";
  if (order.parentId !== undefined) return undefined;
  // A limit or trigger order (market orders returned above, bracket children too).
  const reference = Number.isNaN(order.price) ? order.triggerPrice : order.price;
  if (!order.reduceOnly && order.quantity * reference < book.instrument.minNotional) return "min_notional";
  if (order.timeInForce === "ALO" && !Number.isNaN(book.price) && isExecutableAt(order, arrivalPrice)) {
    return "post_only_would_cross";
  }
  if (!order.reduceOnly) {
    const fee = order.quantity * reference * takerFeeRate;
    if (!clearinghouse.canFill(book.index, order.side, order.quantity, reference, fee))
      return "insufficient_margin";
  }
  return undefined;
}

/** What an admission reads of the venue: its ledger, taker fee rate and slippage (a fraction). */
export interface AdmissionTerms {
  readonly clearinghouse: Clearinghouse;
  readonly takerRate: number;
  readonly slippage: number;
}

/**
 * A market order's side, size (base units; the admission checks expect it rounded to the lot) and
 * reduce-only flag (an Order qualifies).
 */
export interface MarketTerms {
  readonly side: "BUY" | "SELL";
  readonly quantity: number;
  readonly reduceOnly: boolean;
}

/**
 * {@link admissionRejection} of a market order (no bracket parent): size below one lot, no price
 * yet, notional below the instrument minimum, or not enough margin at the slipped current price with
 * the taker fee (the last two skipped when reduce-only). Objects in, so that no number is boxed.
 */
export function marketAdmissionRejection(
  book: OrderBook,
  order: MarketTerms,
  venue: AdmissionTerms,
): string | undefined {
  const quantity = order.quantity;
  const side = order.side;
  if (!(quantity > 0)) return "quantity_below_lot_size";
  const reference = book.price;
  if (Number.isNaN(reference)) return "no_market_price";
  if (order.reduceOnly) return undefined;
  if (quantity * reference < book.instrument.minNotional) return "min_notional";
  // Price and fee of the fill this admits: the slipped price (the fee on it, as the fill charges it;
  // sizing caps an order with the same amounts, so a sell sized to the margin is not refused).
  const price = slippedPrice(book, reference, side, venue.slippage);
  const fee = quantity * price * venue.takerRate;
  // The amounts travel in the shared carrier object (fillAmounts), so no number is boxed on the call.
  if (!venue.clearinghouse.canFillAmounts(book.index, fillAmounts(side, quantity, price, fee)))
    return "insufficient_margin";
  return undefined;
}
