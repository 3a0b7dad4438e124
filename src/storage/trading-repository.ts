import { type Kysely, sql, type Transaction } from "kysely";
import type { DatabaseSchema } from "./schema.ts";

// ---- the trading node's persistence port (re-exported by src/live/trading-store.ts) ----

/** An order row, keyed by `clientOrderId` (the cloid); written on send and on every change. */
export interface StoredOrder {
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly botId: string;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly type: "market" | "limit" | "stop_market" | "stop_limit" | "take_profit";
  readonly status:
    | "submitted"
    | "accepted"
    | "triggered"
    | "partially_filled"
    | "filled"
    | "canceled"
    | "rejected"
    | "expired";
  readonly price: number | null;
  readonly triggerPrice: number | null;
  readonly size: number;
  readonly filledSize: number;
  readonly averageFillPrice: number | null;
  readonly reduceOnly: boolean;
  readonly timeInForce: "GTC" | "IOC" | "ALO";
  readonly mode: "paper" | "live";
  readonly rejectReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A position row (one per round trip). */
export interface StoredPosition {
  readonly id: string;
  readonly symbol: string;
  readonly side: "long" | "short";
  readonly size: number;
  readonly entryPrice: number;
  readonly initialSize: number;
  readonly stopLoss: number | null;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly funding: number;
  readonly openedAt: number;
}

/** A closed round trip. */
export interface StoredTrade {
  readonly symbol: string;
  readonly side: "long" | "short";
  readonly size: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly pnl: number;
  readonly pnlR: number | null;
  readonly returnPct: number;
  readonly fees: number;
  readonly funding: number;
  readonly exitReason: string;
}

/** A fill and what it did to the bot's position, written in one transaction. */
export interface FillChange {
  readonly botId: string;
  readonly mode: "paper" | "live";
  readonly strategy: string;
  readonly leverage: number;
  readonly fill: {
    readonly venueTradeId: string;
    readonly clientOrderId: string | null;
    readonly symbol: string;
    readonly side: "buy" | "sell";
    readonly price: number;
    readonly size: number;
    readonly fee: number;
    readonly liquidity: "maker" | "taker";
    readonly closedPnl: number;
    readonly filledAt: number;
  };
  /** The position after the fill; `size` 0 closes the open row. */
  readonly position: Omit<StoredPosition, "id">;
  /** Set when the fill closed the position (flip: closes the old row, opens a new one). */
  readonly closed?: { readonly exitPrice: number; readonly exitReason: string; readonly trade: StoredTrade };
}

/** Persistence of one bot's trading. */
export interface TradingStore {
  /** Inserts or updates an order row by client order id. */
  saveOrder(order: StoredOrder): Promise<void>;
  /**
   * Writes a fill, the position change and a closed trade in one transaction.
   * @returns false when the venue trade id was stored already (nothing changed).
   */
  recordFill(change: FillChange): Promise<boolean>;
  /** Adds funding to the open position of a bot. */
  recordFunding(botId: string, symbol: string, amount: number): Promise<void>;
  /** Orders of a bot in a working status (submitted, accepted, triggered, partially filled). */
  openOrders(botId: string): Promise<StoredOrder[]>;
  /** The open position of a bot on a symbol. */
  openPosition(botId: string, symbol: string): Promise<StoredPosition | undefined>;
  /** Venue trade ids of the bot's fills at or after `sinceMs`, and the time of its latest fill. */
  recentFills(botId: string, sinceMs: number): Promise<{ tradeIds: string[]; latestMs: number | undefined }>;
  /** Closes an open position row without a fill (reconciliation found the venue flat). */
  closePositionWithoutFill(positionId: string, exitReason: string, at: number): Promise<void>;
  /** A new session number of a bot (marks the bot started): part of every cloid, so sessions never collide. */
  nextSession(botId: string): Promise<number>;
}

const WORKING = ["submitted", "accepted", "triggered", "partially_filled"] as const;
const POSITION_EXIT_REASONS = new Set([
  "stop_loss",
  "tp1",
  "tp2",
  "breakeven",
  "momentum",
  "time_stop",
  "manual",
  "emergency",
  "liquidation",
  "reconciliation",
]);

/** The exit reason a `positions` row accepts (its CHECK list); other strategy tags are kept on the trade only. */
export function positionExitReason(tag: string): string | null {
  if (POSITION_EXIT_REASONS.has(tag)) return tag;
  if (tag === "take_profit" || tag === "tp") return "tp1";
  return null;
}

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

  async recordFill(change: FillChange): Promise<boolean> {
    return this.database
      .transaction()
      .execute(async (trx) => {
        const { fill } = change;
        const stored = await trx
          .selectFrom("fills")
          .select("id")
          .where("venue_trade_id", "=", fill.venueTradeId)
          .executeTakeFirst();
        if (stored !== undefined) return false;
        const order = fill.clientOrderId
          ? await trx
              .selectFrom("orders")
              .select("id")
              .where("client_order_id", "=", fill.clientOrderId)
              .executeTakeFirst()
          : undefined;
        let open = await this.openRow(trx, change.botId, fill.symbol);
        if (open !== undefined && change.closed !== undefined) {
          await this.closeRow(
            trx,
            open.id,
            change,
            change.closed.exitPrice,
            change.closed.exitReason,
            fill.filledAt,
          );
          await this.insertTrade(trx, change, open.id, change.closed.trade);
        }
        const positionIdForFill = open?.id;
        if (change.closed !== undefined) open = undefined;
        const position = change.position;
        let positionId = positionIdForFill;
        if (position.size > 0) {
          if (open === undefined) {
            const inserted = await trx
              .insertInto("positions")
              .values({
                symbol: position.symbol,
                side: position.side,
                size: position.size,
                entry_price: position.entryPrice,
                initial_size: position.initialSize,
                stop_loss: position.stopLoss,
                initial_stop_loss: position.stopLoss,
                leverage: change.leverage,
                status: "open",
                mode: change.mode,
                bot_id: change.botId,
                strategy: change.strategy,
                realized_pnl: position.realizedPnl,
                fees: position.fees,
                funding: position.funding,
                created_at: new Date(position.openedAt),
                updated_at: new Date(fill.filledAt),
              })
              .returning("id")
              .executeTakeFirstOrThrow();
            positionId = inserted.id;
          } else {
            await trx
              .updateTable("positions")
              .set({
                size: position.size,
                entry_price: position.entryPrice,
                initial_size: position.initialSize,
                realized_pnl: position.realizedPnl,
                fees: position.fees,
                funding: position.funding,
                updated_at: new Date(fill.filledAt),
              })
              .where("id", "=", open.id)
              .execute();
            positionId = open.id;
          }
        }
        const inserted = await trx
          .insertInto("fills")
          .values({
            venue_trade_id: fill.venueTradeId,
            order_id: order?.id ?? null,
            client_order_id: fill.clientOrderId,
            position_id: positionId ?? null,
            symbol: fill.symbol,
            side: fill.side,
            price: fill.price,
            size: fill.size,
            fee: fill.fee,
            liquidity: fill.liquidity,
            closed_pnl: fill.closedPnl,
            mode: change.mode,
            filled_at: new Date(fill.filledAt),
          })
          .onConflict((conflict) => conflict.column("venue_trade_id").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (inserted === undefined) {
          // Already stored: undo everything this transaction did.
          throw new DuplicateFill();
        }
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof DuplicateFill) return false;
        throw error;
      });
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
    const row = await this.openRow(this.database, botId, symbol);
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

  private async openRow(database: Db | Transaction<DatabaseSchema>, botId: string, symbol: string) {
    return database
      .selectFrom("positions")
      .selectAll()
      .where("bot_id", "=", botId)
      .where("symbol", "=", symbol)
      .where("status", "=", "open")
      .orderBy("created_at", "desc")
      .forUpdate()
      .executeTakeFirst();
  }

  private async closeRow(
    trx: Transaction<DatabaseSchema>,
    id: string,
    change: FillChange,
    exitPrice: number,
    exitReason: string,
    at: number,
  ): Promise<void> {
    const trade = change.closed?.trade;
    await trx
      .updateTable("positions")
      .set({
        status: "closed",
        size: 0,
        exit_price: exitPrice,
        exit_reason: positionExitReason(exitReason),
        realized_pnl: trade ? trade.pnl + trade.fees - trade.funding : undefined,
        fees: trade?.fees,
        funding: trade?.funding,
        closed_at: new Date(at),
        updated_at: new Date(at),
      })
      .where("id", "=", id)
      .execute();
  }

  private async insertTrade(
    trx: Transaction<DatabaseSchema>,
    change: FillChange,
    positionId: string,
    trade: StoredTrade,
  ): Promise<void> {
    await trx
      .insertInto("trades")
      .values({
        position_id: positionId,
        bot_id: change.botId,
        strategy: change.strategy,
        symbol: trade.symbol,
        side: trade.side,
        size: trade.size,
        entry_price: trade.entryPrice,
        exit_price: trade.exitPrice,
        entry_time: new Date(trade.entryTime),
        exit_time: new Date(trade.exitTime),
        pnl: trade.pnl,
        pnl_r: trade.pnlR,
        return_pct: trade.returnPct,
        fees: trade.fees,
        funding: trade.funding,
        exit_reason: trade.exitReason,
        mode: change.mode,
        signal: null,
      })
      .execute();
  }
}

class DuplicateFill extends Error {}
