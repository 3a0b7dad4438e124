import type { Kysely, Transaction } from "kysely";
import { positionExitReason } from "./position-exit-reason.ts";
import type { DatabaseSchema } from "./schema.ts";
import type { FillChange, StoredTrade } from "./trading-store-types.ts";

type Db = Kysely<DatabaseSchema>;

/**
 * Writes a fill, the position change and a closed trade in one transaction (see
 * `TradingStore.recordFill`).
 * @returns false when the venue trade id was stored already (nothing changed).
 */
export async function recordFillChange(database: Db, change: FillChange): Promise<boolean> {
  return database
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
      let open = await selectOpenPositionRow(trx, change.botId, fill.symbol);
      if (open !== undefined && change.closed !== undefined) {
        await closeRow(trx, open.id, change, change.closed.exitPrice, change.closed.exitReason);
        await insertTrade(trx, change, open.id, change.closed.trade);
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
              // Row times are wall-clock (alerts and "open for" measure real time); the trade keeps the
              // venue's times, which on the replaying simulator are the recorded market's.
              created_at: new Date(),
              updated_at: new Date(),
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
              updated_at: new Date(),
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

/** The bot's open position row on a symbol (newest first), locked for update inside a transaction. */
export async function selectOpenPositionRow(
  database: Db | Transaction<DatabaseSchema>,
  botId: string,
  symbol: string,
) {
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

async function closeRow(
  trx: Transaction<DatabaseSchema>,
  id: string,
  change: FillChange,
  exitPrice: number,
  exitReason: string,
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
      closed_at: new Date(),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

async function insertTrade(
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
      signal: trade.signal === undefined ? null : JSON.stringify(trade.signal),
    })
    .execute();
}

class DuplicateFill extends Error {}
