import { sql } from "kysely";
import type { Database } from "../../storage/index.ts";

/** A closed trade as the API returns it (money as numbers, times as ISO strings). */
export interface TradeView {
  id: string;
  symbol: string;
  side: "long" | "short";
  size: number;
  entryPrice: number;
  exitPrice: number;
  entryTime: string;
  exitTime: string;
  pnl: number;
  pnlR: number | null;
  returnPct: number | null;
  fees: number;
  funding: number;
  exitReason: string;
  strategy: string | null;
  botId: string | null;
  positionId: string | null;
  mode: "paper" | "live";
  signal: unknown;
  createdAt: string;
}

/** Filters of {@link listTrades}. */
export interface TradeFilter {
  limit: number;
  offset: number;
  symbol?: string | undefined;
  strategy?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

type TradeRow = {
  id: string;
  symbol: string;
  side: "long" | "short";
  size: string;
  entry_price: string;
  exit_price: string;
  entry_time: Date;
  exit_time: Date;
  pnl: string;
  pnl_r: string | null;
  return_pct: string | null;
  fees: string;
  funding: string;
  exit_reason: string;
  strategy: string | null;
  bot_id: string | null;
  position_id: string | null;
  mode: "paper" | "live";
  signal: unknown;
  created_at: Date;
};

const nullableNumber = (value: string | null): number | null => (value === null ? null : Number(value));

function toView(row: TradeRow): TradeView {
  return {
    id: row.id,
    symbol: row.symbol,
    side: row.side,
    size: Number(row.size),
    entryPrice: Number(row.entry_price),
    exitPrice: Number(row.exit_price),
    entryTime: row.entry_time.toISOString(),
    exitTime: row.exit_time.toISOString(),
    pnl: Number(row.pnl),
    pnlR: nullableNumber(row.pnl_r),
    returnPct: nullableNumber(row.return_pct),
    fees: Number(row.fees),
    funding: Number(row.funding),
    exitReason: row.exit_reason,
    strategy: row.strategy,
    botId: row.bot_id,
    positionId: row.position_id,
    mode: row.mode,
    signal: row.signal,
    createdAt: row.created_at.toISOString(),
  };
}

/** Most rows counted for `total`; beyond it the answer says `totalCapped` (counting a huge table per page is too slow). */
export const TOTAL_COUNT_CAP = 10_000;

/**
 * Trades newest first (by `created_at`, the operations manual's index), filtered and paginated, with the
 * number of matching rows up to {@link TOTAL_COUNT_CAP} (`totalCapped` when there are more).
 */
export async function listTrades(
  database: Database,
  filter: TradeFilter,
): Promise<{ trades: TradeView[]; total: number; totalCapped: boolean }> {
  let query = database.selectFrom("trades");
  if (filter.symbol) query = query.where("symbol", "=", filter.symbol);
  if (filter.strategy) query = query.where("strategy", "=", filter.strategy);
  if (filter.from) query = query.where("created_at", ">=", filter.from);
  if (filter.to) query = query.where("created_at", "<", filter.to);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    database
      .selectFrom(
        query
          .select("id")
          .limit(TOTAL_COUNT_CAP + 1)
          .as("matching"),
      )
      .select((builder) => builder.fn.countAll<number>().as("total"))
      .executeTakeFirstOrThrow(),
  ]);
  const total = Number(count.total);
  return {
    trades: rows.map((row) => toView(row as TradeRow)),
    total: Math.min(total, TOTAL_COUNT_CAP),
    totalCapped: total > TOTAL_COUNT_CAP,
  };
}

/** One trade by id. */
export async function getTrade(database: Database, id: string): Promise<TradeView | undefined> {
  const row = await database.selectFrom("trades").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toView(row as TradeRow) : undefined;
}

/** Per UTC day: trades, wins, losses, win rate and net PnL. */
export interface DailyTradeStats {
  date: string;
  trades: number;
  won: number;
  lost: number;
  winRate: number;
  pnl: number;
}

/** Daily statistics of the last `days` UTC days (by exit time), newest first, plus today's. */
export async function dailyTradeStats(
  database: Database,
  days: number,
): Promise<{ today: DailyTradeStats; days: DailyTradeStats[] }> {
  const result = await sql<{ date: string; trades: number; won: number; lost: number; pnl: string }>`
    SELECT to_char(exit_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date,
           count(*) AS trades,
           count(*) FILTER (WHERE pnl > 0) AS won,
           count(*) FILTER (WHERE pnl < 0) AS lost,
           coalesce(sum(pnl), 0) AS pnl
    FROM trades
    WHERE exit_time >= (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') - ${days - 1} * interval '1 day'
    GROUP BY 1 ORDER BY 1 DESC
  `.execute(database);
  const rows = result.rows.map((row) => ({
    date: row.date,
    trades: Number(row.trades),
    won: Number(row.won),
    lost: Number(row.lost),
    winRate: Number(row.trades) > 0 ? Number(row.won) / Number(row.trades) : 0,
    pnl: Number(row.pnl),
  }));
  const todayDate = new Date().toISOString().slice(0, 10);
  const today = rows.find((row) => row.date === todayDate) ?? {
    date: todayDate,
    trades: 0,
    won: 0,
    lost: 0,
    winRate: 0,
    pnl: 0,
  };
  return { today, days: rows };
}
