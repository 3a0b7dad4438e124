import { sql } from "kysely";
import type { CandleSeries } from "../data/index.ts";
import type { Database } from "./database.ts";

/** Where a candle series belongs. */
export interface CandleKey {
  venue: string;
  symbol: string;
  interval: string;
}

/** Counts of an upsert: rows new to the table, rows whose values changed, and identical rows. */
export interface CandleUpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const BATCH_ROWS = 20_000;

/**
 * Upserts a whole series into `candles` (key venue+symbol+interval+time) in one transaction, in batches.
 * Rows whose values are identical are left alone and counted as unchanged, so re-importing a file is a no-op.
 */
export async function upsertCandles(
  database: Database,
  key: CandleKey,
  series: CandleSeries,
  onProgress?: (rowsDone: number) => void,
): Promise<CandleUpsertCounts> {
  const counts: CandleUpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  await database.transaction().execute(async (transaction) => {
    for (let start = 0; start < series.length; start += BATCH_ROWS) {
      const end = Math.min(series.length, start + BATCH_ROWS);
      const column = (values: Float64Array): string[] => {
        const out = new Array<string>(end - start);
        for (let index = start; index < end; index++) out[index - start] = String(values[index]);
        return out;
      };
      const result = await sql<{ inserted: number; updated: number }>`
        WITH upserted AS (
          INSERT INTO candles (venue, symbol, interval, time, open, high, low, close, volume)
          SELECT ${key.venue}, ${key.symbol}, ${key.interval},
                 'epoch'::timestamptz + (t.ms * interval '1 millisecond'), t.o, t.h, t.l, t.c, t.v
          FROM unnest(${column(series.timestamp)}::bigint[], ${column(series.open)}::numeric[],
                      ${column(series.high)}::numeric[], ${column(series.low)}::numeric[],
                      ${column(series.close)}::numeric[], ${column(series.volume)}::numeric[])
               AS t(ms, o, h, l, c, v)
          ON CONFLICT (venue, symbol, interval, time) DO UPDATE
            SET open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume
            WHERE (candles.open, candles.high, candles.low, candles.close, candles.volume)
              IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
          RETURNING (xmax = 0) AS is_insert
        )
        SELECT count(*) FILTER (WHERE is_insert) AS inserted, count(*) FILTER (WHERE NOT is_insert) AS updated
        FROM upserted
      `.execute(transaction);
      const row = result.rows[0] ?? { inserted: 0, updated: 0 };
      counts.inserted += Number(row.inserted);
      counts.updated += Number(row.updated);
      counts.unchanged += end - start - Number(row.inserted) - Number(row.updated);
      onProgress?.(end);
    }
  });
  return counts;
}

/** Number of stored candles for a key. */
export async function countCandles(database: Database, key: CandleKey): Promise<number> {
  const row = await database
    .selectFrom("candles")
    .select((builder) => builder.fn.countAll<number>().as("count"))
    .where("venue", "=", key.venue)
    .where("symbol", "=", key.symbol)
    .where("interval", "=", key.interval)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
