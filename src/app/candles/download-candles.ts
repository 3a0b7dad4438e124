import { ValidationError } from "../../core/errors.ts";
import {
  CANDLE_INTERVALS,
  type CandleSeries,
  createCandleSeries,
  intervalToMs,
  isCandleInterval,
  parseIsoTimestampText,
} from "../../data/index.ts";
import { type CandleUpsertCounts, type DatabaseConnection, upsertCandles } from "../../storage/index.ts";
import {
  type CandleSnapshotSource,
  type CandleWire,
  createInfoClient,
  fetchCandlePages,
  HYPERLIQUID_ENDPOINTS,
  type HyperliquidEndpoints,
  type HyperliquidNetwork,
  type RetryPolicy,
  resolveEndpoints,
} from "../../venues/hyperliquid/index.ts";

/** The `hlbot candles download` flags as typed. */
export interface DownloadCandlesInput {
  coin: string;
  interval: string;
  from: string;
  to?: string | undefined;
  network: string;
  /** Overrides the network's API URL; required for `simulator` unless `fallbackSimulatorUrl` is known. */
  apiUrl?: string | undefined;
  /** The running suite's simulator (VENUE_FILE), used for `simulator` without `apiUrl`. */
  fallbackSimulatorUrl?: string | undefined;
  /** `venue` column of the stored rows (default `hyperliquid`). */
  venue?: string | undefined;
  /** Per-request timeout, ms (default 10 s). */
  timeoutMs?: number | undefined;
}

/** A validated download: resolved times and endpoints. */
export interface DownloadCandlesRequest {
  readonly coin: string;
  readonly interval: string;
  readonly intervalMs: number;
  readonly startTime: number;
  readonly endTime: number;
  readonly network: HyperliquidNetwork;
  readonly endpoints: HyperliquidEndpoints;
  readonly venue: string;
  readonly timeoutMs: number;
}

/** Outcome of {@link downloadCandles}. */
export interface DownloadCandlesResult extends CandleUpsertCounts {
  venue: string;
  coin: string;
  interval: string;
  network: HyperliquidNetwork;
  apiUrl: string;
  rows: number;
  requests: number;
  firstTime: string | null;
  lastTime: string | null;
  /** The newest candle was still in progress at the venue and was not stored. */
  skippedInProgress: boolean;
  elapsedMs: number;
}

const COIN_PATTERN = /^[A-Za-z0-9@][A-Za-z0-9._:/-]{0,31}$/;
const VENUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$/;
const DAY_MS = 86_400_000;

function parseTime(text: string, option: "--from" | "--to"): number {
  const trimmed = text.trim();
  const time = parseIsoTimestampText(trimmed);
  if (Number.isNaN(time)) {
    throw new ValidationError(`${option} ${JSON.stringify(text)} is not an ISO-8601 date or time`, {
      field: option.slice(2),
    });
  }
  // A bare date as --to includes that whole day.
  return option === "--to" && /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? time + DAY_MS - 1 : time;
}

/**
 * Validates the flags of `hlbot candles download` without touching the network or the database.
 * @param now the end of the range when `--to` is absent, ms UTC.
 * @throws ValidationError naming the option: bad coin, interval, dates, network, URL or timeout.
 */
export function parseDownloadRequest(input: DownloadCandlesInput, now: number): DownloadCandlesRequest {
  if (!COIN_PATTERN.test(input.coin)) {
    throw new ValidationError(`--coin ${JSON.stringify(input.coin)} is not a coin name such as BTC`, {
      field: "coin",
    });
  }
  if (!isCandleInterval(input.interval)) {
    throw new ValidationError(
      `--interval ${JSON.stringify(input.interval)} is not one of ${CANDLE_INTERVALS.join(", ")}`,
      { field: "interval" },
    );
  }
  const venue = input.venue ?? "hyperliquid";
  if (!VENUE_PATTERN.test(venue)) {
    throw new ValidationError(`--venue ${JSON.stringify(venue)} is not a valid venue name`, {
      field: "venue",
    });
  }
  const startTime = parseTime(input.from, "--from");
  const endTime = input.to === undefined ? now : parseTime(input.to, "--to");
  if (endTime < startTime) {
    throw new ValidationError(
      input.to === undefined
        ? `--from ${input.from} is in the future`
        : `--to ${input.to} is before --from ${input.from}`,
      { field: input.to === undefined ? "from" : "to" },
    );
  }
  const timeoutMs = input.timeoutMs ?? 10_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
    throw new ValidationError(`--timeout-ms must be between 100 and 600000, got ${input.timeoutMs}`, {
      field: "timeoutMs",
    });
  }
  const network = input.network;
  if (network !== "simulator" && network !== "testnet" && network !== "mainnet") {
    throw new ValidationError(
      `--network ${JSON.stringify(network)} is not one of simulator, testnet, mainnet`,
      { field: "network" },
    );
  }
  if (input.apiUrl !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(input.apiUrl)) {
    throw new ValidationError(
      `--api-url ${JSON.stringify(input.apiUrl)} is not a base URL such as http://127.0.0.1:5123`,
      { field: "apiUrl" },
    );
  }
  let endpoints: HyperliquidEndpoints;
  if (network === "simulator") {
    const url = input.apiUrl ?? input.fallbackSimulatorUrl;
    if (url === undefined) {
      throw new ValidationError(
        "--api-url is required with --network simulator (no running hlbot simulator was found in VENUE_FILE)",
        { field: "apiUrl" },
      );
    }
    endpoints = resolveEndpoints("simulator", url);
  } else {
    const base = HYPERLIQUID_ENDPOINTS[network];
    endpoints = input.apiUrl === undefined ? base : { ...base, apiUrl: input.apiUrl.replace(/\/$/, "") };
  }
  return {
    coin: input.coin,
    interval: input.interval,
    intervalMs: intervalToMs(input.interval),
    startTime,
    endTime,
    network,
    endpoints,
    venue,
    timeoutMs,
  };
}

/** Progress of a download: the phase, and done/total in that phase's unit (ms of range, then rows). */
export type DownloadProgress = (phase: "fetch" | "store", done: number, total: number) => void;

/** Options of {@link downloadCandles}. */
export interface DownloadCandlesOptions {
  onProgress?: DownloadProgress;
  retry?: RetryPolicy;
  /** The `/info` client (default: the SDK's InfoClient over HTTP with the request's timeout). */
  source?: CandleSnapshotSource;
}

function toSeries(candles: readonly CandleWire[]): CandleSeries {
  const series = createCandleSeries(candles.length);
  candles.forEach((candle, index) => {
    series.timestamp[index] = candle.t;
    series.open[index] = Number(candle.o);
    series.high[index] = Number(candle.h);
    series.low[index] = Number(candle.l);
    series.close[index] = Number(candle.c);
    series.volume[index] = Number(candle.v);
  });
  return series;
}

/**
 * Downloads `[startTime, endTime]` of a coin's candles through `candleSnapshot` (windows of 5,000,
 * retried with backoff on network errors and 429), validates every candle, then upserts them all into
 * `candles` in one transaction, as `hlbot candles import` does; re-running is a no-op. A bad page or a
 * request that keeps failing writes nothing.
 *
 * @throws ValidationError for a malformed candle from the venue.
 * @throws OperationalError when the venue cannot be reached after the retries.
 */
export async function downloadCandles(
  connection: DatabaseConnection,
  request: DownloadCandlesRequest,
  options: DownloadCandlesOptions = {},
): Promise<DownloadCandlesResult> {
  const started = performance.now();
  const source = options.source ?? createInfoClient(request.endpoints, request.timeoutMs);
  const span = Math.max(1, request.endTime - request.startTime);
  const pages = await fetchCandlePages(source, {
    coin: request.coin,
    interval: request.interval,
    intervalMs: request.intervalMs,
    startTime: request.startTime,
    endTime: request.endTime,
    ...(options.retry ? { retry: options.retry } : {}),
    onPage: (_count, nextStart) =>
      options.onProgress?.("fetch", Math.min(span, nextStart - request.startTime), span),
  });
  const series = toSeries(pages.candles);
  const counts = await upsertCandles(
    connection.pool,
    { venue: request.venue, symbol: request.coin, interval: request.interval },
    series,
    { onProgress: (done) => options.onProgress?.("store", done, series.length) },
  );
  const first = pages.candles[0];
  const last = pages.candles.at(-1);
  return {
    venue: request.venue,
    coin: request.coin,
    interval: request.interval,
    network: request.network,
    apiUrl: request.endpoints.apiUrl,
    rows: series.length,
    ...counts,
    requests: pages.requests,
    firstTime: first === undefined ? null : new Date(first.t).toISOString(),
    lastTime: last === undefined ? null : new Date(last.t).toISOString(),
    skippedInProgress: pages.skippedInProgress,
    elapsedMs: Math.round(performance.now() - started),
  };
}
