import type { Database } from "../../storage/index.ts";

/** An open position as the API returns it. */
export interface PositionView {
  id: string;
  symbol: string;
  side: "long" | "short";
  size: number;
  entryPrice: number;
  stopLoss: number | null;
  takeProfits: unknown;
  leverage: number | null;
  mode: "paper" | "live";
  botId: string | null;
  strategy: string | null;
  realizedPnl: number;
  fees: number;
  funding: number;
  openedAt: string;
  /** Minutes since the position opened. */
  minutesOpen: number;
}

/** Open positions, newest first. */
export async function listOpenPositions(database: Database, now = Date.now()): Promise<PositionView[]> {
  const rows = await database
    .selectFrom("positions")
    .selectAll()
    .where("status", "=", "open")
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    symbol: row.symbol,
    side: row.side,
    size: Number(row.size),
    entryPrice: Number(row.entry_price),
    stopLoss: row.stop_loss === null ? null : Number(row.stop_loss),
    takeProfits: row.take_profits,
    leverage: row.leverage === null ? null : Number(row.leverage),
    mode: row.mode,
    botId: row.bot_id,
    strategy: row.strategy,
    realizedPnl: Number(row.realized_pnl),
    fees: Number(row.fees),
    funding: Number(row.funding),
    openedAt: row.created_at.toISOString(),
    minutesOpen: (now - row.created_at.getTime()) / 60_000,
  }));
}
