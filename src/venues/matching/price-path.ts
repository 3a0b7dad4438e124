import { isStopType, type LiquiditySide, type Order } from "../../domain/index.ts";
import type { OrderBook } from "./order-book.ts";
import { actionLevelOnPath, isExecutableAt } from "./order-triggers.ts";

/**
 * How the price is assumed to move inside a bar.
 * - `stop-first` (default, conservative): the price first moves against the position held at that
 *   moment (long: to the low, short: to the high; flat: by bar direction as below), so when one bar
 *   reaches both a stop and a take-profit, the stop fills. A position opened or flipped inside the
 *   bar is followed by the adverse move first, even back to an extreme already visited.
 * - `ohlc`: open → low → high → close for a bar that closes at or above its open, open → high → low →
 *   close otherwise.
 */
export type IntrabarPath = "stop-first" | "ohlc";

/** What the path needs from the matching engine: positions, liquidation levels and execution. */
export interface PricePathHost {
  positionQuantity(index: number): number;
  /** Liquidation price of the book's position, `NaN` if none. */
  liquidationLevel(book: OrderBook): number;
  /** Acts on an order the price reached at `level` (trigger, fill). */
  execute(book: OrderBook, order: Order, level: number, restingLiquidity: LiquiditySide): void;
  /** Closes the book's position at `level`. */
  liquidate(book: OrderBook, level: number): void;
  /** Sets the book's current price (and mark). */
  moveTo(book: OrderBook, price: number): void;
}

const MAX_STEPS = 100_000;

/**
 * Decides which order acts at which price as the price moves: gap fills at the current price, then
 * the walk along the bar's path, nearest level first, stops before other orders at the same level.
 */
export class PricePath {
  constructor(
    private readonly host: PricePathHost,
    private readonly mode: IntrabarPath,
  ) {}

  /** Whether the position's liquidation price is inside the book's bar range. */
  liquidationInRange(book: OrderBook): boolean {
    const quantity = this.host.positionQuantity(book.index);
    if (quantity === 0) return false;
    const level = this.host.liquidationLevel(book);
    if (Number.isNaN(level)) return false;
    return quantity > 0 ? book.low <= level : book.high >= level;
  }

  /** Executes everything executable at the current price, liquidation and stops first, until nothing is. */
  sweepExecutable(book: OrderBook, restingLiquidity: LiquiditySide): void {
    for (let step = 0; step < MAX_STEPS; step++) {
      if (this.liquidationReachedAt(book, book.price)) {
        this.host.liquidate(book, book.price);
        continue;
      }
      let chosen: Order | undefined;
      for (const order of book.orders) {
        if (!isExecutableAt(order, book.price)) continue;
        if (!order.triggered && isStopType(order.type)) {
          chosen = order;
          break;
        }
        chosen ??= order;
      }
      if (chosen === undefined) return;
      this.host.execute(book, chosen, book.price, restingLiquidity);
    }
  }

  /**
   * Whether any working order could act, or the position be liquidated, somewhere in the open bar's
   * [low, high]. When not, the walk cannot change anything and may be skipped.
   */
  anythingInRange(book: OrderBook): boolean {
    const { low, high } = book;
    for (const order of book.orders) {
      if (!order.triggered) {
        if (order.triggerPrice >= low && order.triggerPrice <= high) return true;
      } else if (order.side === "BUY" ? low < order.price : high > order.price) {
        return true;
      }
    }
    return this.liquidationInRange(book);
  }

  /** Walks the open bar from the current price through its extremes to the close (see {@link IntrabarPath}). */
  walkBar(book: OrderBook): void {
    if (this.mode === "ohlc") {
      const lowFirst = book.close >= book.open;
      this.walkTo(book, lowFirst ? book.low : book.high, false, false);
      this.walkTo(book, lowFirst ? book.high : book.low, false, false);
    } else {
      let visitedLow = book.price <= book.low;
      let visitedHigh = book.price >= book.high;
      for (let step = 0; step < 64 && !(visitedLow && visitedHigh); step++) {
        let goLow: boolean;
        if (!visitedLow && !visitedHigh) {
          const quantity = this.host.positionQuantity(book.index);
          goLow = quantity > 0 ? true : quantity < 0 ? false : book.close >= book.open;
        } else {
          goLow = !visitedLow;
        }
        if (this.walkTo(book, goLow ? book.low : book.high, true, goLow)) {
          if (goLow) visitedLow = true;
          else visitedHigh = true;
        } else if (this.host.positionQuantity(book.index) > 0) {
          // A fill inside the bar opened or flipped the position: the price may come back for it.
          visitedLow = false;
        } else {
          visitedHigh = false;
        }
      }
    }
    this.walkTo(book, book.close, false, false);
  }

  /**
   * Walks the price from the current price to `target`, executing orders in the order the path meets
   * them. With `reroute`, returns false (target not reached) as soon as a fill opens or flips the
   * position so that its adverse direction is not the one being walked (`goingLow`).
   */
  walkTo(book: OrderBook, target: number, reroute: boolean, goingLow: boolean): boolean {
    const host = this.host;
    for (let step = 0; step < MAX_STEPS; step++) {
      const from = book.price;
      if (from === target) return true;
      const upward = target > from;
      let bestLevel = Number.NaN;
      let best: Order | undefined;
      let bestIsStop = false;
      for (const order of book.orders) {
        const level = actionLevelOnPath(order, from, target);
        if (Number.isNaN(level)) continue;
        const isStop = !order.triggered && isStopType(order.type);
        const nearer = Number.isNaN(bestLevel) || (upward ? level < bestLevel : level > bestLevel);
        if (nearer || (level === bestLevel && isStop && !bestIsStop)) {
          bestLevel = level;
          best = order;
          bestIsStop = isStop;
        }
      }
      let liquidation = false;
      const quantity = host.positionQuantity(book.index);
      if (quantity !== 0) {
        const level = host.liquidationLevel(book);
        const onPath =
          quantity > 0
            ? !upward && level <= from && level >= target
            : upward && level >= from && level <= target;
        if (onPath && (Number.isNaN(bestLevel) || (upward ? level < bestLevel : level > bestLevel))) {
          bestLevel = level;
          liquidation = true;
        }
      }
      if (Number.isNaN(bestLevel)) {
        host.moveTo(book, target);
        return true;
      }
      host.moveTo(book, bestLevel);
      const signBefore = Math.sign(quantity);
      if (liquidation) host.liquidate(book, bestLevel);
      else if (best !== undefined) host.execute(book, best, bestLevel, "MAKER");
      this.sweepExecutable(book, "MAKER");
      if (reroute) {
        const signAfter = Math.sign(host.positionQuantity(book.index));
        if (signAfter !== signBefore && signAfter !== 0 && signAfter > 0 !== goingLow) return false;
      }
    }
    return true;
  }

  private liquidationReachedAt(book: OrderBook, price: number): boolean {
    const quantity = this.host.positionQuantity(book.index);
    if (quantity === 0) return false;
    const level = this.host.liquidationLevel(book);
    if (Number.isNaN(level)) return false;
    return quantity > 0 ? price <= level : price >= level;
  }
}
