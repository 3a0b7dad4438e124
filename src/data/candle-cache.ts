import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { describeError, ValidationError } from "../core/errors.ts";
import { CANDLE_BINARY_VERSION, encodeCandleBinary, readCandleBinaryFile } from "./candle-binary.ts";
import { parseCandleCsv } from "./candle-csv-parser.ts";
import type { CandleSeries } from "./candle-series.ts";

/** Where {@link loadCandleFile} keeps its binary copies unless told otherwise (relative to the cwd). */
export const DEFAULT_CANDLE_CACHE_DIR = "./var/cache/candles";

/**
 * Bumped whenever parsing rules change what a CSV file turns into, so older cache files are not
 * reused (they are keyed by this too).
 */
const PARSER_GENERATION = 1;

/** Options of {@link loadCandleFile}. */
export interface LoadCandleFileOptions {
  /** Directory of the binary cache; default {@link DEFAULT_CANDLE_CACHE_DIR}. Created when missing. */
  cacheDir?: string;
  /** `false` parses the CSV every time and neither reads nor writes the cache; default `true`. */
  useCache?: boolean;
}

/**
 * How a load went: `hit` = served from the cache; `miss` = parsed and cached; `replaced` = a
 * cache file existed but was corrupt or truncated, so it was ignored and rewritten; `disabled` =
 * `useCache: false`; `write-failed` = parsed, but the cache could not be written (see
 * `cacheWriteError`).
 */
export type CandleCacheStatus = "hit" | "miss" | "replaced" | "disabled" | "write-failed";

/** Result of {@link loadCandleFileWithStatus}. */
export interface LoadedCandleFile {
  readonly series: CandleSeries;
  readonly cacheStatus: CandleCacheStatus;
  /** The cache file used or written; `null` when the cache is disabled. */
  readonly cachePath: string | null;
  /** Why writing the cache failed, for `write-failed`. */
  readonly cacheWriteError?: string;
}

/**
 * The cache file for a CSV file in its current state: named after the file and a hash of its
 * absolute path, size, mtime and the parser/format versions. Editing or replacing the CSV
 * changes size or mtime and therefore the cache file name.
 *
 * @param sourcePath the CSV file (must exist).
 * @param cacheDir the cache directory; default {@link DEFAULT_CANDLE_CACHE_DIR}.
 * @throws ValidationError when `sourcePath` does not exist.
 */
export function candleCachePath(sourcePath: string, cacheDir: string = DEFAULT_CANDLE_CACHE_DIR): string {
  const absolute = resolve(sourcePath);
  const stats = statSource(absolute, sourcePath);
  return cachePathFor(absolute, stats.size, stats.mtimeMs, cacheDir);
}

function cachePathFor(absolute: string, size: number, mtimeMs: number, cacheDir: string): string {
  const key = createHash("sha256")
    .update(`${absolute}\0${size}\0${mtimeMs}\0${PARSER_GENERATION}\0${CANDLE_BINARY_VERSION}`)
    .digest("hex")
    .slice(0, 24);
  const stem = basename(absolute)
    .replace(/\.[^.]*$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, 80);
  return join(resolve(cacheDir), `${stem}-${key}.candles`);
}

function statSource(absolute: string, shown: string): { size: number; mtimeMs: number } {
  try {
    const stats = statSync(absolute);
    if (!stats.isFile()) throw new ValidationError(`candle file ${shown} is not a file`, { field: "path" });
    return stats;
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ValidationError(`candle file ${shown} does not exist`, { field: "path", cause: error });
    }
    throw error;
  }
}

/** Writes `bytes` to `path` atomically: a temp file in the same directory, then rename. */
function writeAtomically(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // The temp file was never created or is already gone.
    }
    throw error;
  }
}

/**
 * {@link loadCandleFile}, also telling whether the cache was used (for CLI output and tests).
 *
 * @throws ValidationError when the file does not exist; CandleFileError when the CSV is invalid.
 */
export function loadCandleFileWithStatus(
  path: string,
  options: LoadCandleFileOptions = {},
): LoadedCandleFile {
  const absolute = resolve(path);
  if (options.useCache === false) {
    statSource(absolute, path);
    return {
      series: parseCandleCsv(readFileSync(absolute), { source: path }),
      cacheStatus: "disabled",
      cachePath: null,
    };
  }
  const stats = statSource(absolute, path);
  const cachePath = cachePathFor(
    absolute,
    stats.size,
    stats.mtimeMs,
    options.cacheDir ?? DEFAULT_CANDLE_CACHE_DIR,
  );
  const cached = readCandleBinaryFile(cachePath);
  if (cached) return { series: cached, cacheStatus: "hit", cachePath };
  let existed = false;
  try {
    existed = statSync(cachePath).isFile();
  } catch {
    existed = false;
  }

  const series = parseCandleCsv(readFileSync(absolute), { source: path });
  try {
    mkdirSync(resolve(options.cacheDir ?? DEFAULT_CANDLE_CACHE_DIR), { recursive: true });
    writeAtomically(cachePath, encodeCandleBinary(series));
  } catch (error) {
    return { series, cacheStatus: "write-failed", cachePath, cacheWriteError: describeError(error) };
  }
  return { series, cacheStatus: existed ? "replaced" : "miss", cachePath };
}

/**
 * Loads a candle CSV file (any format {@link parseCandleCsv} accepts) through a binary column
 * cache: the first load parses the CSV and writes `cacheDir/<name>-<hash>.candles` atomically;
 * later loads of the unchanged file read that with one `read` into Float64Array views. A corrupt or
 * truncated cache file is ignored and rewritten. The cache never writes next to the source, which
 * may be read-only. A cache that cannot be written does not fail the load.
 *
 * @param path CSV file; messages name it as given.
 * @throws ValidationError when the file does not exist; CandleFileError (a ValidationError) when
 *   the CSV is invalid, naming the line and the reason.
 */
export function loadCandleFile(path: string, options: LoadCandleFileOptions = {}): CandleSeries {
  return loadCandleFileWithStatus(path, options).series;
}
