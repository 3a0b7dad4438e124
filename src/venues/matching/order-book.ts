import type { Instrument, Order } from "../../domain/index.ts";

/** The matching engine's state for one instrument: its orders and the current bar and price. */
export interface OrderBook {
  readonly index: number;
  readonly instrument: Instrument;
  /** Working (active) orders, in arrival order. */
  orders: Order[];
  /** Bracket children waiting for their parent's first fill. */
  dormant: Order[];
  /** Current price (quote per unit); `NaN` before the first bar. */
  price: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Whether a bar is open (fills are clamped to its [low, high]). */
  inBar: boolean;
  /** Cached liquidation price and the ledger version it was computed for. */
  liquidationPrice: number;
  liquidationVersion: number;
}

/** An empty book for the instrument at `index`. */
export function createOrderBook(index: number, instrument: Instrument): OrderBook {
  return {
    index,
    instrument,
    orders: [],
    dormant: [],
    price: Number.NaN,
    open: Number.NaN,
    high: Number.NaN,
    low: Number.NaN,
    close: Number.NaN,
    inBar: false,
    liquidationPrice: Number.NaN,
    liquidationVersion: -1,
  };
}

/** Shared empty list (no allocation for orders without children). */
export const NO_ORDERS: readonly Order[] = [];

/** Removes `item` keeping the order of the rest, without allocating. @returns whether it was there. */
export function removeFrom(list: Order[], item: Order): boolean {
  const at = list.indexOf(item);
  if (at < 0) return false;
  for (let index = at; index < list.length - 1; index++) list[index] = list[index + 1] as Order;
  list.pop();
  return true;
}
