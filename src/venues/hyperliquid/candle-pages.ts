/**
 * Paging through `candleSnapshot`: Hyperliquid answers at most the newest 5,000 candles of a
 * request, so a long range is fetched as consecutive windows of 5,000 intervals, each parsed with the
 * wire schema and checked (coin, interval, alignment, OHLC order, window, ascending time).
 */
import { HttpTransport, InfoClient } from "@nktkas/hyperliquid";
import { ValidationError } from "../../core/index.ts";
import type { HyperliquidEndpoints } from "./network.ts";
import { type RetryPolicy, withRetries } from "./request-retry.ts";
import { CandleSnapshotResponse, type CandleWire } from "./wire/index.ts";
import { parseWire } from "./wire/parse-wire.ts";

/** Candles Hyperliquid returns per `candleSnapshot` request at most (the newest ones of the range). */
export const CANDLE_SNAPSHOT_LIMIT = 5_000;

/** The `/info` surface the pager needs (the SDK's `InfoClient` satisfies it). */
export interface CandleSnapshotSource {
  candleSnapshot(params: {
    coin: string;
    interval: never;
    startTime: number;
    endTime?: number;
  }): Promise<unknown>;
}

/**
 * An SDK `InfoClient` over HTTP for `endpoints` with a request timeout.
 * @param timeoutMs per-request timeout, ms (> 0).
 */
export function createInfoClient(endpoints: HyperliquidEndpoints, timeoutMs = 10_000): InfoClient {
  return new InfoClient({
    transport: new HttpTransport({
      apiUrl: endpoints.apiUrl,
      isTestnet: endpoints.isTestnet,
      timeout: timeoutMs,
    }),
  });
}

/** What to fetch. Times are integer ms UTC. */
export interface CandlePagesRequest {
  readonly coin: string;
  /** Hyperliquid interval name, e.g. `1h`. */
  readonly interval: string;
  /** Length of one interval, ms (> 0). */
  readonly intervalMs: number;
  /** Candles opening at or after this time… */
  readonly startTime: number;
  /** …and at or before this one. */
  readonly endTime: number;
  /** Candles per request window (default and maximum {@link CANDLE_SNAPSHOT_LIMIT}). */
  readonly pageSize?: number;
  readonly retry?: RetryPolicy;
  /** After every page: candles so far, and the time the next window starts (for progress). */
  readonly onPage?: (candlesSoFar: number, nextStartTime: number) => void;
}

/** Fetched candles, oldest first, and how they were fetched. */
export interface CandlePages {
  readonly candles: CandleWire[];
  readonly requests: number;
  /**
   * Whether the newest candle of the range is the one still in progress at the venue (nothing opens
   * after it yet); it is then left out of `candles`.
   */
  readonly skippedInProgress: boolean;
}

/**
 * Fetches every candle of `[startTime, endTime]` window by window (each at most `pageSize` intervals
 * long, so the venue's cap never cuts a window), validating each one. The newest candle is dropped when
 * the venue has nothing after it, because that one is still in progress (Hyperliquid and the simulator
 * both serve it).
 *
 * @throws ValidationError naming the candle and field when the venue sends a malformed or unexpected
 *   candle (wrong coin or interval, misaligned or out-of-window time, high below low, …).
 * @throws OperationalError when a request still fails after the retries of `retry`.
 */
export async function fetchCandlePages(
  source: CandleSnapshotSource,
  request: CandlePagesRequest,
): Promise<CandlePages> {
  const { coin, interval, intervalMs } = request;
  if (!(Number.isSafeInteger(intervalMs) && intervalMs > 0)) {
    throw new ValidationError(`interval length must be a positive integer of ms, got ${intervalMs}`, {
      field: "interval",
    });
  }
  const pageSize = Math.min(
    CANDLE_SNAPSHOT_LIMIT,
    Math.max(1, Math.floor(request.pageSize ?? CANDLE_SNAPSHOT_LIMIT)),
  );
  const candles: CandleWire[] = [];
  let requests = 0;
  const fetchWindow = async (startTime: number, endTime: number | undefined): Promise<CandleWire[]> => {
    requests++;
    const what = `candleSnapshot ${coin} ${interval} from ${new Date(startTime).toISOString()}`;
    const raw = await withRetries(
      what,
      () =>
        source.candleSnapshot({
          coin,
          interval: interval as never,
          startTime,
          ...(endTime === undefined ? {} : { endTime }),
        }),
      request.retry,
    );
    const page = parseWire(CandleSnapshotResponse, raw, `${what} response`);
    checkPage(page, { coin, interval, intervalMs, startTime, endTime: endTime ?? Number.MAX_SAFE_INTEGER });
    return page;
  };
  let cursor = alignDown(request.startTime, intervalMs);
  while (cursor <= request.endTime) {
    const windowEnd = Math.min(request.endTime, cursor + pageSize * intervalMs - 1);
    const page = await fetchWindow(cursor, windowEnd);
    for (const candle of page) {
      const previous = candles.at(-1);
      if (candle.t < request.startTime) continue;
      if (previous !== undefined && candle.t <= previous.t) {
        throw new ValidationError(
          `candleSnapshot ${coin} ${interval}: candle ${new Date(candle.t).toISOString()} is not after ${new Date(previous.t).toISOString()}`,
          { field: "t" },
        );
      }
      candles.push(candle);
    }
    cursor = windowEnd + 1;
    request.onPage?.(candles.length, cursor);
  }
  let skippedInProgress = false;
  const newest = candles.at(-1);
  if (newest !== undefined) {
    const later = await fetchWindow(newest.t + 1, undefined);
    if (later.length === 0) {
      candles.pop();
      skippedInProgress = true;
    }
  }
  return { candles, requests, skippedInProgress };
}

function alignDown(time: number, intervalMs: number): number {
  return Math.floor(time / intervalMs) * intervalMs;
}

/** Checks what the schema cannot: the candles belong to the request and their prices are consistent. */
function checkPage(
  page: readonly CandleWire[],
  expected: { coin: string; interval: string; intervalMs: number; startTime: number; endTime: number },
): void {
  page.forEach((candle, index) => {
    const at = `candleSnapshot ${expected.coin} ${expected.interval} candle ${index} (t=${candle.t})`;
    const fail = (field: string, problem: string) => {
      throw new ValidationError(`${at}: ${field} ${problem}`, { field });
    };
    if (candle.s !== expected.coin) fail("s", `is ${JSON.stringify(candle.s)}, expected ${expected.coin}`);
    if (candle.i !== expected.interval)
      fail("i", `is ${JSON.stringify(candle.i)}, expected ${expected.interval}`);
    if (expected.intervalMs <= 86_400_000 && candle.t % expected.intervalMs !== 0)
      fail("t", `is not a multiple of the ${expected.interval} interval`);
    if (candle.t < alignDown(expected.startTime, expected.intervalMs) || candle.t > expected.endTime)
      fail("t", "lies outside the requested window");
    if (candle.T !== candle.t + expected.intervalMs - 1)
      fail("T", `is ${candle.T}, expected t + interval − 1 = ${candle.t + expected.intervalMs - 1}`);
    const [open, high, low, close] = [candle.o, candle.h, candle.l, candle.c].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (!(low > 0)) fail("l", `must be > 0, got ${candle.l}`);
    if (high < Math.max(open, close, low)) fail("h", `${candle.h} is below the open, close or low`);
    if (low > Math.min(open, close)) fail("l", `${candle.l} is above the open or close`);
  });
}
