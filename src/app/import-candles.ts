import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ValidationError } from "../core/errors.ts";
import { inferIntervalMs, intervalToMs, parseCandleCsv } from "../data/index.ts";
import { type CandleUpsertCounts, type DatabaseConnection, upsertCandles } from "../storage/index.ts";

/** Input of {@link importCandles}. */
export interface ImportCandlesRequest {
  file: string;
  symbol: string;
  interval: string;
  venue: string;
}

/** Outcome of {@link importCandles}. */
export interface ImportCandlesResult extends CandleUpsertCounts {
  file: string;
  venue: string;
  symbol: string;
  interval: string;
  rows: number;
  firstTime: string | null;
  lastTime: string | null;
  parseMs: number;
  writeMs: number;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$/;

/**
 * Validates a whole candle CSV, then upserts it into `candles` in one transaction. A malformed file
 * writes nothing: the error names the file, the line and the reason.
 * @throws {ValidationError} for a bad symbol, venue, interval, unreadable or malformed file.
 */
export async function importCandles(
  connection: DatabaseConnection,
  request: ImportCandlesRequest,
  onProgress?: (rowsDone: number, rowsTotal: number) => void,
): Promise<ImportCandlesResult> {
  if (!NAME_PATTERN.test(request.symbol)) {
    throw new ValidationError(
      `--symbol ${JSON.stringify(request.symbol)} is not a valid symbol (letters, digits, . _ / -)`,
      {
        field: "symbol",
      },
    );
  }
  if (!NAME_PATTERN.test(request.venue)) {
    throw new ValidationError(`--venue ${JSON.stringify(request.venue)} is not a valid venue name`, {
      field: "venue",
    });
  }
  const intervalMs = intervalToMs(request.interval);
  let bytes: Buffer;
  try {
    bytes = await readFile(request.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ValidationError(
      `cannot read ${request.file}: ${code === "ENOENT" ? "no such file" : (code ?? "read error")}`,
      { field: "file" },
    );
  }
  const parseStarted = performance.now();
  const series = parseCandleCsv(bytes, { source: basename(request.file) });
  const parseMs = performance.now() - parseStarted;
  const fileIntervalMs = inferIntervalMs(series);
  if (fileIntervalMs !== null && fileIntervalMs !== intervalMs) {
    throw new ValidationError(
      `${basename(request.file)}: bars are ${fileIntervalMs / 60_000} minutes apart but --interval ${request.interval} means ${intervalMs / 60_000} minutes`,
      { field: "interval" },
    );
  }
  const writeStarted = performance.now();
  const counts = await upsertCandles(
    connection.pool,
    { venue: request.venue, symbol: request.symbol, interval: request.interval },
    series,
    { sourceCsv: bytes, onProgress: (done) => onProgress?.(done, series.length) },
  );
  const first = series.timestamp[0];
  const last = series.timestamp[series.length - 1];
  return {
    file: request.file,
    venue: request.venue,
    symbol: request.symbol,
    interval: request.interval,
    rows: series.length,
    ...counts,
    firstTime: first === undefined ? null : new Date(first).toISOString(),
    lastTime: last === undefined ? null : new Date(last).toISOString(),
    parseMs: Math.round(parseMs * 10) / 10,
    writeMs: Math.round((performance.now() - writeStarted) * 10) / 10,
  };
}
