import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
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

const CHUNK_ROWS = 8_192;
const STANDARD_HEADER = "timestamp,open,high,low,close,volume";

/** Renders rows as COPY text (tab-separated), `CHUNK_ROWS` at a time, reporting progress. */
function* copyText(series: CandleSeries, onProgress?: (rowsDone: number) => void): Generator<string> {
  for (let start = 0; start < series.length; start += CHUNK_ROWS) {
    const end = Math.min(series.length, start + CHUNK_ROWS);
    let text = "";
    for (let index = start; index < end; index++) {
      text += `${series.timestamp[index]}\t${series.open[index]}\t${series.high[index]}\t${series.low[index]}\t${series.close[index]}\t${series.volume[index]}\n`;
    }
    yield text;
    onProgress?.(end);
  }
}

/** Whether a validated file is already in the standard ms format, so COPY can read it as is. */
function isStandardCsv(bytes: Uint8Array): boolean {
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64)).toString(
    "latin1",
  );
  return header.startsWith(`${STANDARD_HEADER}\n`) || header.startsWith(`${STANDARD_HEADER}\r\n`);
}

/** Options of {@link upsertCandles}. */
export interface UpsertCandlesOptions {
  /** The validated source file; copied as is (exact source text) when in the standard format. */
  sourceCsv?: Uint8Array;
  onProgress?: (rowsDone: number) => void;
}

/**
 * Upserts a whole series into `candles` (key venue+symbol+interval+time) in one transaction: rows are
 * streamed with COPY into a temporary table, then merged. When no stored row of the key overlaps the
 * series' time range, rows are appended without conflict handling (the fast path of a first import).
 * Rows whose values are identical are left alone and counted as unchanged, so re-importing a file is a
 * no-op. Imports of the same key are serialised. Nothing is written on failure.
 */
export async function upsertCandles(
  pool: pg.Pool,
  key: CandleKey,
  series: CandleSeries,
  options: UpsertCandlesOptions = {},
): Promise<CandleUpsertCounts> {
  if (series.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `candles:${key.venue}:${key.symbol}:${key.interval}`,
    ]);
    await client.query(`
      CREATE TEMPORARY TABLE candle_import (
        ms bigint NOT NULL, open numeric NOT NULL, high numeric NOT NULL, low numeric NOT NULL,
        close numeric NOT NULL, volume numeric NOT NULL
      ) ON COMMIT DROP`);
    const source = options.sourceCsv;
    if (source && isStandardCsv(source)) {
      await pipeline(
        Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)]),
        client.query(copyFrom("COPY candle_import FROM STDIN WITH (FORMAT csv, HEADER true)")),
      );
      options.onProgress?.(series.length);
    } else {
      await pipeline(
        Readable.from(copyText(series, options.onProgress)),
        client.query(copyFrom("COPY candle_import FROM STDIN")),
      );
    }
    const keyValues = [key.venue, key.symbol, key.interval];
    const overlap = await client.query<{ overlap: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM candles WHERE venue = $1 AND symbol = $2 AND interval = $3
           AND time BETWEEN 'epoch'::timestamptz + $4::bigint * interval '1 millisecond'
                        AND 'epoch'::timestamptz + $5::bigint * interval '1 millisecond'
       ) AS overlap`,
      [...keyValues, series.timestamp[0] ?? 0, series.timestamp[series.length - 1] ?? 0],
    );
    if (overlap.rows[0]?.overlap === false) {
      const appended = await client.query(
        `INSERT INTO candles (venue, symbol, interval, time, open, high, low, close, volume)
         SELECT $1, $2, $3, 'epoch'::timestamptz + ms * interval '1 millisecond', open, high, low, close, volume
         FROM candle_import`,
        keyValues,
      );
      await client.query("COMMIT");
      return { inserted: appended.rowCount ?? 0, updated: 0, unchanged: 0 };
    }
    // Only rows that are new or differ reach the upsert, so a re-import mostly just compares.
    const result = await client.query<{ inserted: number; updated: number }>(
      `WITH incoming AS (
         SELECT 'epoch'::timestamptz + ms * interval '1 millisecond' AS time, open, high, low, close, volume
         FROM candle_import
       ), changed AS (
         SELECT incoming.* FROM incoming
         LEFT JOIN candles stored
           ON stored.venue = $1 AND stored.symbol = $2 AND stored.interval = $3 AND stored.time = incoming.time
         WHERE stored.time IS NULL
            OR (stored.open, stored.high, stored.low, stored.close, stored.volume)
               IS DISTINCT FROM (incoming.open, incoming.high, incoming.low, incoming.close, incoming.volume)
       ), upserted AS (
         INSERT INTO candles (venue, symbol, interval, time, open, high, low, close, volume)
         SELECT $1, $2, $3, time, open, high, low, close, volume FROM changed
         ON CONFLICT (venue, symbol, interval, time) DO UPDATE
           SET open = excluded.open, high = excluded.high, low = excluded.low,
               close = excluded.close, volume = excluded.volume
         RETURNING (xmax = 0) AS is_insert
       )
       SELECT count(*) FILTER (WHERE is_insert) AS inserted, count(*) FILTER (WHERE NOT is_insert) AS updated
       FROM upserted`,
      keyValues,
    );
    await client.query("COMMIT");
    const row = result.rows[0] ?? { inserted: 0, updated: 0 };
    const inserted = Number(row.inserted);
    const updated = Number(row.updated);
    return { inserted, updated, unchanged: series.length - inserted - updated };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
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
