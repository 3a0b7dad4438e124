import { type Kysely, sql } from "kysely";
import { recordFillChange, selectOpenPositionRow } from "./fill-recording.ts";
import { positionExitReason } from "./position-exit-reason.ts";
import type { DatabaseSchema } from "./schema.ts";
import type { FillChange, StoredOrder, StoredPosition, TradingStore } from "./trading-store-types.ts";

export { positionExitReason } from "./position-exit-reason.ts";
export type {
  FillChange,
  StoredOrder,
  StoredPosition,
  StoredTrade,
  TradingStore,
} from "./trading-store-types.ts";

const WORKING = ["submitted", "accepted", "triggered", "partially_filled"] as const;

type Db = Kysely<DatabaseSchema>;

/** {@link TradingStore} over PostgreSQL (tables `orders`, `fills`, `positions`, `trades`, `bots`). */
export class TradingRepository implements TradingStore {
  constructor(private readonly database: Db) {}

  async saveOrder(order: StoredOrder): Promise<void> {
    const row = {
      client_order_id: order.clientOrderId,
      venue_order_id: order.venueOrderId,
      bot_id: order.botId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      status: order.status,
      price: order.price,
      trigger_price: order.triggerPrice,
      size: order.size,
      filled_size: Math.min(order.filledSize, order.size),
      average_fill_price: order.averageFillPrice,
      reduce_only: order.reduceOnly,
      time_in_force: order.timeInForce,
      mode: order.mode,
      reject_reason: order.rejectReason,
      created_at: new Date(order.createdAt),
      updated_at: new Date(order.updatedAt),
    };
    await this.database
      .insertInto("orders")
      .values(row)
      .onConflict((conflict) =>
        conflict.column("client_order_id").doUpdateSet({
          venue_order_id: (eb) => eb.fn.coalesce("excluded.venue_order_id", "orders.venue_order_id"),
          status: row.status,
          price: row.price,
          trigger_price: row.trigger_price,
          size: row.size,
          filled_size: row.filled_size,
          average_fill_price: row.average_fill_price,
          reject_reason: row.reject_reason,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  recordFill(change: FillChange): Promise<boolean> {
    return recordFillChange(this.database, change);
  }

  async recordFunding(botId: string, symbol: string, amount: number): Promise<void> {
    await this.database
      .updateTable("positions")
      .set({ funding: sql<string>`funding + ${amount}`, updated_at: new Date() })
      .where("bot_id", "=", botId)
      .where("symbol", "=", symbol)
      .where("status", "=", "open")
      .execute();
  }

  async openOrders(botId: string): Promise<StoredOrder[]> {
    const rows = await this.database
      .selectFrom("orders")
      .selectAll()
      .where("bot_id", "=", botId)
      .where("status", "in", [...WORKING])
      .orderBy("created_at")
      .execute();
    return rows.map((row) => ({
      clientOrderId: row.client_order_id,
      venueOrderId: row.venue_order_id,
      botId,
      symbol: row.symbol,
      side: row.side,
      type: row.type === "stop_loss" ? "stop_market" : row.type,
      status: row.status as StoredOrder["status"],
      price: row.price === null ? null : Number(row.price),
      triggerPrice: row.trigger_price === null ? null : Number(row.trigger_price),
      size: Number(row.size),
      filledSize: Number(row.filled_size),
      averageFillPrice: row.average_fill_price === null ? null : Number(row.average_fill_price),
      reduceOnly: row.reduce_only,
      timeInForce: row.time_in_force,
      mode: row.mode,
      rejectReason: row.reject_reason,
      createdAt: row.created_at.getTime(),
      updatedAt: row.updated_at.getTime(),
    }));
  }

  async openPosition(botId: string, symbol: string): Promise<StoredPosition | undefined> {
    const row = await selectOpenPositionRow(this.database, botId, symbol);
    if (row === undefined) return undefined;
    return {
      id: row.id,
      symbol: row.symbol,
      side: row.side,
      size: Number(row.size),
      entryPrice: Number(row.entry_price),
      initialSize: Number(row.initial_size ?? row.size),
      stopLoss: row.stop_loss === null ? null : Number(row.stop_loss),
      realizedPnl: Number(row.realized_pnl),
      fees: Number(row.fees),
      funding: Number(row.funding),
      openedAt: row.created_at.getTime(),
    };
  }

  async recentFills(
    botId: string,
    sinceMs: number,
  ): Promise<{ tradeIds: string[]; latestMs: number | undefined }> {
    const rows = await this.database
      .selectFrom("fills")
      .innerJoin("orders", "orders.id", "fills.order_id")
      .select(["fills.venue_trade_id", "fills.filled_at"])
      .where("orders.bot_id", "=", botId)
      .where("fills.filled_at", ">=", new Date(sinceMs))
      .execute();
    const latest = await this.database
      .selectFrom("fills")
      .innerJoin("orders", "orders.id", "fills.order_id")
      .select((eb) => eb.fn.max("fills.filled_at").as("latest"))
      .where("orders.bot_id", "=", botId)
      .executeTakeFirst();
    const latestValue = latest?.latest as Date | string | null | undefined;
    return {
      tradeIds: rows.map((row) => row.venue_trade_id),
      latestMs: latestValue ? new Date(latestValue).getTime() : undefined,
    };
  }

  async closePositionWithoutFill(positionId: string, exitReason: string, at: number): Promise<void> {
    await this.database
      .updateTable("positions")
      .set({
        status: "closed",
        exit_reason: positionExitReason(exitReason),
        closed_at: new Date(at),
        updated_at: new Date(at),
      })
      .where("id", "=", positionId)
      .execute();
  }

  async nextSession(botId: string): Promise<number> {
    const now = new Date();
    await this.database
      .updateTable("bots")
      .set({ started_at: now, status: "running", updated_at: now })
      .where("id", "=", botId)
      .execute();
    return now.getTime();
  }
}
