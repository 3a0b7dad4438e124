import type { InfoClient } from "@nktkas/hyperliquid";
import { createOrder, type Order, transitionOrder } from "../domain/index.ts";
import {
  ClearinghouseStateResponse,
  type FillWire,
  OpenOrdersResponse,
  parseWire,
  UserFillsResponse,
} from "../venues/hyperliquid/index.ts";
import type { HyperliquidExecutionClient } from "./hyperliquid-execution-client.ts";
import type { StoredOrder, StoredPosition, TradingStore } from "./trading-store.ts";
import type { VenueMarket } from "./venue-market.ts";

/** A difference between venue and database that start-up reconciliation could not settle by itself. */
export interface ReconciliationIssue {
  readonly code: "POSITION_MISMATCH" | "UNKNOWN_VENUE_ORDER" | "FOREIGN_FILL";
  readonly message: string;
}

/** What reconciliation found and did. */
export interface ReconciliationResult {
  /** Differences that block new entries until resolved. */
  readonly issues: ReconciliationIssue[];
  /** What was adopted or settled automatically (for the log). */
  readonly actions: string[];
  /** Venue position (signed) and entry price after reconciliation. */
  readonly venuePosition: { size: number; entryPrice: number };
  /** Venue account value (equity). */
  readonly accountValue: number;
  /** Fills the venue had that the database lacked, to replay through the client (oldest first). */
  readonly missedFills: FillWire[];
}

/** Inputs of {@link reconcile}. */
export interface ReconciliationInput {
  readonly info: InfoClient;
  readonly store: TradingStore;
  readonly client: HyperliquidExecutionClient;
  readonly market: VenueMarket;
  readonly user: `0x${string}`;
  readonly botId: string;
  /** How far back to compare fills when the database has none, ms. */
  readonly lookbackMs: number;
  readonly now: number;
}

const ADOPTED_TYPES: Record<StoredOrder["type"], Order["type"]> = {
  market: "MARKET",
  limit: "LIMIT",
  stop_market: "STOP_MARKET",
  stop_limit: "STOP_LIMIT",
  take_profit: "TAKE_PROFIT_MARKET",
};

/** Engine id of an order adopted from an earlier session. */
export function adoptedOrderId(cloid: string): string {
  return `db:${cloid}`;
}

/**
 * Start-up reconciliation of one bot on one coin: venue open orders, position and recent fills
 * (`userFillsByTime` since the last stored fill) against the database. Working orders the venue still
 * holds are adopted by cloid; stored working orders the venue no longer holds are handed back for the
 * missed fills to settle (or marked canceled); unknown venue orders, foreign fills and a position that
 * still differs after replaying missed fills are reported as issues.
 */
export async function reconcile(
  input: ReconciliationInput,
  storedPosition: StoredPosition | undefined,
  applyMissedFills: (fills: FillWire[]) => Promise<number>,
): Promise<ReconciliationResult> {
  const { info, store, client, market, user, botId } = input;
  const issues: ReconciliationIssue[] = [];
  const actions: string[] = [];
  const [stateRaw, ordersRaw, recent] = await Promise.all([
    info.clearinghouseState({ user }),
    info.openOrders({ user }),
    store.recentFills(botId, 0),
  ]);
  const state = parseWire(ClearinghouseStateResponse, stateRaw, "clearinghouseState");
  const venueOrders = parseWire(OpenOrdersResponse, ordersRaw, "openOrders").filter(
    (o) => o.coin === market.coin,
  );
  // Venue time (the simulator replays market time): a bot without stored fills starts from now.
  const since = recent.latestMs !== undefined ? recent.latestMs - 60_000 : state.time;
  const fills = parseWire(
    UserFillsResponse,
    await info.userFillsByTime({ user, startTime: Math.max(0, since) }),
    "userFillsByTime",
  ).filter((fill) => fill.coin === market.coin);
  client.markFillsSeen(recent.tradeIds.map(Number), Math.max(0, since));

  // Adopt every stored working order (their fills while we were away map back to them).
  const stored = await store.openOrders(botId);
  const storedByCloid = new Map(stored.map((order) => [order.clientOrderId, order]));
  for (const order of stored) {
    const venue = venueOrders.find((candidate) => candidate.cloid === order.clientOrderId);
    const adopted = createOrder(
      {
        id: adoptedOrderId(order.clientOrderId),
        instrumentId: market.instrument.id,
        side: order.side === "buy" ? "BUY" : "SELL",
        type: ADOPTED_TYPES[order.type],
        quantity: order.size,
        price: order.price ?? Number.NaN,
        triggerPrice: order.triggerPrice ?? Number.NaN,
        reduceOnly: order.reduceOnly,
        timeInForce: order.timeInForce,
        tag:
          order.type === "stop_market" || order.type === "stop_limit"
            ? "stop_loss"
            : order.type === "take_profit"
              ? "tp1"
              : "signal",
      },
      order.createdAt,
    );
    transitionOrder(adopted, "ACCEPTED");
    adopted.filledQuantity = order.filledSize;
    if (order.filledSize > 0) transitionOrder(adopted, "PARTIALLY_FILLED");
    const oid = venue?.oid ?? (order.venueOrderId === null ? undefined : Number(order.venueOrderId));
    client.adopt(adopted, order.clientOrderId as `0x${string}`, oid);
    actions.push(
      venue ? `adopted resting order ${order.clientOrderId}` : `order ${order.clientOrderId} left the book`,
    );
  }
  for (const venue of venueOrders) {
    if (venue.cloid === undefined || !storedByCloid.has(venue.cloid)) {
      issues.push({
        code: "UNKNOWN_VENUE_ORDER",
        message: `the venue holds order ${venue.oid} (${venue.side === "B" ? "buy" : "sell"} ${venue.sz} ${venue.coin} @ ${venue.limitPx}) that this bot did not place`,
      });
    }
  }

  // Fills the database lacks: replay them (own orders settle, others become foreign-fill issues).
  const seen = new Set(recent.tradeIds);
  const missed = fills.filter((fill) => !seen.has(String(fill.tid)));
  const foreign = missed.filter((fill) => fill.cloid === undefined || !storedByCloid.has(fill.cloid));
  for (const fill of foreign) {
    issues.push({
      code: "FOREIGN_FILL",
      message: `fill ${fill.tid} (${fill.dir} ${fill.sz} ${fill.coin} @ ${fill.px}) belongs to no order of this bot`,
    });
  }
  const replayed = await applyMissedFills(missed);
  if (replayed > 0) actions.push(`replayed ${replayed} missed fill(s)`);

  // Stored working orders the venue no longer holds and no fill completed: canceled while away.
  for (const order of client.openOrders()) {
    if (
      order.id.startsWith("db:") &&
      !venueOrders.some((venue) => adoptedOrderId(venue.cloid ?? "") === order.id)
    ) {
      const cloid = order.id.slice(3);
      await store.saveOrder({
        ...(storedByCloid.get(cloid) as StoredOrder),
        status: "canceled",
        rejectReason: "not on the venue at start-up",
        filledSize: order.filledQuantity,
        updatedAt: input.now,
      });
      actions.push(`order ${cloid} marked canceled (gone from the venue)`);
    }
  }

  const position = state.assetPositions.find((entry) => entry.position.coin === market.coin)?.position;
  const venueSize = position ? Number(position.szi) : 0;
  const entryPrice = position ? Number(position.entryPx) : Number.NaN;
  const after = await store.openPosition(botId, market.coin);
  const storedSize = after === undefined ? 0 : after.side === "long" ? after.size : -after.size;
  if (Math.abs(venueSize - storedSize) > 1e-9) {
    if (venueSize === 0 && after !== undefined) {
      await store.closePositionWithoutFill(after.id, "reconciliation", input.now);
      actions.push(`closed stored position ${after.id}: the venue is flat`);
    } else {
      issues.push({
        code: "POSITION_MISMATCH",
        message: `the venue holds ${venueSize} ${market.coin}, the database ${storedSize}${storedPosition ? "" : " (no open position row)"}`,
      });
    }
  }
  return {
    issues,
    actions,
    venuePosition: { size: venueSize, entryPrice },
    accountValue: Number(state.marginSummary.accountValue),
    missedFills: missed,
  };
}
