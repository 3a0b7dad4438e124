import { sql } from "kysely";
import type { Database } from "../../storage/index.ts";

/** The trading figures that /metrics exports, read from PostgreSQL (the source of truth) in one round trip. */
export interface TradingSnapshot {
  positionsOpen: number;
  /** Net PnL (after fees and funding) of trades closed since 00:00 UTC today, quote currency. */
  pnlToday: number;
  tradesTotal: number;
  tradesWon: number;
  /** Σ (exit − entry) over all closed trades, seconds. */
  tradeDurationSecondsSum: number;
  /** Σ size × |entry − stop| over open positions with a stop, quote currency. */
  capitalAtRisk: number;
  /** Age of each open position. */
  openPositions: Array<{ id: string; symbol: string; minutes: number }>;
}

/** Reads the trading snapshot. */
export async function readTradingSnapshot(database: Database): Promise<TradingSnapshot> {
  const totals = await sql<{
    positions_open: number;
    pnl_today: string;
    trades_total: number;
    trades_won: number;
    duration_sum: string;
    capital_at_risk: string;
  }>`
    SELECT
      (SELECT count(*) FROM positions WHERE status = 'open') AS positions_open,
      (SELECT coalesce(sum(pnl), 0) FROM trades
        WHERE exit_time >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS pnl_today,
      (SELECT count(*) FROM trades) AS trades_total,
      (SELECT count(*) FROM trades WHERE pnl > 0) AS trades_won,
      (SELECT coalesce(sum(extract(epoch FROM exit_time - entry_time)), 0) FROM trades) AS duration_sum,
      (SELECT coalesce(sum(size * abs(entry_price - stop_loss)), 0) FROM positions
        WHERE status = 'open' AND stop_loss IS NOT NULL) AS capital_at_risk
  `.execute(database);
  const open = await sql<{ id: string; symbol: string; minutes: string }>`
    SELECT id, symbol, extract(epoch FROM now() - created_at) / 60 AS minutes
    FROM positions WHERE status = 'open' ORDER BY created_at
  `.execute(database);
  const row = totals.rows[0];
  return {
    positionsOpen: Number(row?.positions_open ?? 0),
    pnlToday: Number(row?.pnl_today ?? 0),
    tradesTotal: Number(row?.trades_total ?? 0),
    tradesWon: Number(row?.trades_won ?? 0),
    tradeDurationSecondsSum: Number(row?.duration_sum ?? 0),
    capitalAtRisk: Number(row?.capital_at_risk ?? 0),
    openPositions: open.rows.map((position) => ({
      id: position.id,
      symbol: position.symbol,
      minutes: Number(position.minutes),
    })),
  };
}
