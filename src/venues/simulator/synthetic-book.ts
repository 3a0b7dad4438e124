/**
 * A synthetic order book around a mid price: `levels` price levels per side, one valid tick apart,
 * each holding `levelNotional` USDC of size. Takers walk it; it is rebuilt from the mid on every
 * market update and is not depleted by fills (each order sees the full depth).
 */
import { maxPriceDecimals } from "../hyperliquid/index.ts";
import type { BookLevel } from "./simulated-exchange.ts";

/** Shape of the synthetic book. */
export interface SyntheticBookOptions {
  /** Levels per side (Hyperliquid shows 20). */
  levels: number;
  /** USDC of size per level. */
  levelNotional: number;
}

/** 20 levels of $250k per side. */
export const DEFAULT_SYNTHETIC_BOOK: SyntheticBookOptions = { levels: 20, levelNotional: 250_000 };

/** The smallest valid price step for prices around `price` (5 significant figures, decimals budget). */
export function tickSize(price: number, sizeDecimals: number): number {
  const integerDigits = price >= 1 ? Math.floor(Math.log10(price)) + 1 : 0;
  const leadingZeros = price > 0 && price < 1 ? -Math.floor(Math.log10(price)) - 1 : 0;
  const decimals = Math.max(0, Math.min(5 - integerDigits + leadingZeros, maxPriceDecimals(sizeDecimals)));
  return Number(`1e-${decimals}`);
}

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(Math.max(0, Math.min(decimals, 20))));
}

/** Best bid and best ask one tick around the mid (the mid itself is never quoted). */
export function bestQuotes(mid: number, sizeDecimals: number): { bid: number; ask: number; tick: number } {
  const tick = tickSize(mid, sizeDecimals);
  const decimals = Math.max(0, -Math.round(Math.log10(tick)));
  let bid = roundTo(Math.floor(mid / tick - 1e-9) * tick, decimals);
  let ask = roundTo(Math.ceil(mid / tick + 1e-9) * tick, decimals);
  if (bid >= mid) bid = roundTo(bid - tick, decimals);
  if (ask <= mid) ask = roundTo(ask + tick, decimals);
  return { bid, ask, tick };
}

/** The synthetic levels around `mid`, best first. */
export function syntheticLevels(
  mid: number,
  sizeDecimals: number,
  options: SyntheticBookOptions = DEFAULT_SYNTHETIC_BOOK,
): { bids: BookLevel[]; asks: BookLevel[] } {
  const { bid, ask, tick } = bestQuotes(mid, sizeDecimals);
  const decimals = Math.max(0, -Math.round(Math.log10(tick)));
  const minimumSize = 10 ** -sizeDecimals;
  const level = (price: number): BookLevel => ({
    price,
    size: Math.max(minimumSize, roundTo(options.levelNotional / price, sizeDecimals)),
    orderCount: 1,
  });
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let index = 0; index < options.levels; index++) {
    const bidPrice = roundTo(bid - index * tick, decimals);
    if (bidPrice > 0) bids.push(level(bidPrice));
    asks.push(level(roundTo(ask + index * tick, decimals)));
  }
  return { bids, asks };
}
