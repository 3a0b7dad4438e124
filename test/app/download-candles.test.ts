import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DownloadCandlesRequest,
  downloadCandles,
  parseDownloadRequest,
} from "../../src/app/candles/download-candles.ts";
import { OperationalError, ValidationError } from "../../src/core/errors.ts";
import { countCandles } from "../../src/storage/index.ts";
import { type RunningSimulator, startSimulator } from "../../src/venues/simulator/index.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { freePort } from "../setup/global-postgres.ts";

const FIL_FILE = fileURLToPath(
  new URL("../../../shared/data/FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", import.meta.url),
);
const MINUTE = 60_000;
/** Bars complete in the simulator: more than two 5,000-candle pages. */
const COMPLETE_BARS = 11_000;

/** The first `count` rows of the recorded file, as numbers. */
function recordedRows(count: number): number[][] {
  return readFileSync(FIL_FILE, "utf8")
    .split("\n")
    .slice(1, count + 1)
    .map((line) => line.split(",").map(Number));
}

describe("downloadCandles against the simulator's recorded data", () => {
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let rows: number[][];
  let firstTime: number;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
    simulator = await startSimulator({
      accounts: [],
      data: [{ coin: "FIL", file: FIL_FILE }],
      speed: 0,
      startBar: COMPLETE_BARS,
    });
    rows = recordedRows(COMPLETE_BARS);
    firstTime = rows[0]?.[0] as number;
  }, 60_000);
  afterAll(async () => {
    await simulator?.close();
    await database?.drop();
  });

  const request = (
    overrides: Partial<Parameters<typeof parseDownloadRequest>[0]> = {},
  ): DownloadCandlesRequest =>
    parseDownloadRequest(
      {
        coin: "FIL",
        interval: "1m",
        from: new Date(firstTime).toISOString(),
        to: new Date(firstTime + 12_000 * MINUTE).toISOString(),
        network: "simulator",
        apiUrl: simulator.url,
        ...overrides,
      },
      Date.now(),
    );
  const key = (venue = "hyperliquid") => ({ venue, symbol: "FIL", interval: "1m" });

  it("pages through a range of several 5,000-candle pages, stores every complete candle, drops the one in progress", async () => {
    const progress: Array<[string, number, number]> = [];
    const result = await downloadCandles(database.connection, request(), {
      onProgress: (phase, done, total) => progress.push([phase, done, total]),
    });
    expect(result).toMatchObject({
      rows: COMPLETE_BARS,
      inserted: COMPLETE_BARS,
      updated: 0,
      unchanged: 0,
      // three windows of 5,000 minutes, then the probe that finds nothing after the newest candle
      requests: 4,
      skippedInProgress: true,
      firstTime: new Date(firstTime).toISOString(),
      lastTime: new Date(rows.at(-1)?.[0] as number).toISOString(),
    });
    expect(progress.filter(([phase]) => phase === "fetch")).toHaveLength(3);
    expect(progress.at(-1)).toEqual(["store", COMPLETE_BARS, COMPLETE_BARS]);
    expect(await countCandles(database.connection.database, key())).toBe(COMPLETE_BARS);
    const stored = await database.connection.database
      .selectFrom("candles")
      .selectAll()
      .where("symbol", "=", "FIL")
      .orderBy("time")
      .execute();
    for (const index of [0, 4_999, 5_000, 10_999]) {
      const [time, open, high, low, close, volume] = rows[index] as number[];
      expect(stored[index]?.time.getTime()).toBe(time);
      expect(stored[index]).toMatchObject({ open: String(open), high: String(high), low: String(low) });
      expect(Number(stored[index]?.close)).toBe(close);
      expect(Number(stored[index]?.volume)).toBeCloseTo(volume as number, 6);
    }
  }, 60_000);

  it("is idempotent: a re-run changes nothing", async () => {
    const result = await downloadCandles(database.connection, request());
    expect(result).toMatchObject({ rows: COMPLETE_BARS, inserted: 0, updated: 0, unchanged: COMPLETE_BARS });
    expect(await countCandles(database.connection.database, key())).toBe(COMPLETE_BARS);
  }, 60_000);

  it("keeps the newest candle when the venue has later ones (a range in the past)", async () => {
    const to = firstTime + 99 * MINUTE;
    const result = await downloadCandles(
      database.connection,
      request({ to: new Date(to).toISOString(), venue: "past" }),
    );
    expect(result).toMatchObject({ rows: 100, skippedInProgress: false, requests: 2 });
    expect(result.lastTime).toBe(new Date(to).toISOString());
  });

  it("retries 429 answers with backoff and then succeeds", async () => {
    simulator.inject({ type: "http429", count: 2 });
    const retries: string[] = [];
    const result = await downloadCandles(
      database.connection,
      request({ to: new Date(firstTime + 59 * MINUTE).toISOString(), venue: "retried" }),
      { retry: { baseDelayMs: 5, onRetry: (_attempt, reason) => retries.push(reason) } },
    );
    expect(retries).toEqual([expect.stringContaining("HTTP 429"), expect.stringContaining("HTTP 429")]);
    expect(result.rows).toBe(60);
  });

  it("gives up on a 429 storm with a clear error and writes nothing", async () => {
    simulator.inject({ type: "http429", count: 3 });
    const failure = downloadCandles(database.connection, request({ venue: "storm" }), {
      retry: { attempts: 3, baseDelayMs: 5 },
    });
    await expect(failure).rejects.toBeInstanceOf(OperationalError);
    await expect(failure).rejects.toThrow(/candleSnapshot FIL 1m from .* failed after 3 attempts: HTTP 429/);
    expect(await countCandles(database.connection.database, key("storm"))).toBe(0);
  });

  it("names the network error when nothing listens at the URL", async () => {
    const port = await freePort();
    const failure = downloadCandles(
      database.connection,
      request({ apiUrl: `http://127.0.0.1:${port}`, venue: "unreachable" }),
      { retry: { attempts: 2, baseDelayMs: 5 } },
    );
    await expect(failure).rejects.toThrow(/failed after 2 attempts: network error: ECONNREFUSED/);
    expect(await countCandles(database.connection.database, key("unreachable"))).toBe(0);
  });

  it("rejects a malformed candle from the venue, naming the field, and writes nothing", async () => {
    const good = {
      t: firstTime,
      T: firstTime + MINUTE - 1,
      s: "FIL",
      i: "1m",
      o: "4",
      c: "4",
      h: "4.1",
      l: "3.9",
      v: "1",
      n: 1,
    };
    const source = (page: unknown[]) => ({ candleSnapshot: async () => page });
    const cases: Array<[unknown[], RegExp]> = [
      [[{ ...good, h: "3.8" }], /candle 0 \(t=\d+\): h 3.8 is below/],
      [[{ ...good, s: "BTC" }], /s is "BTC", expected FIL/],
      [[{ ...good, T: good.T + 1 }], /T is \d+, expected t \+ interval − 1/],
      [[{ ...good, t: good.t + 1, T: good.T + 1 }], /t is not a multiple of the 1m interval/],
      [[{ ...good, o: "-4" }], /Invalid candleSnapshot FIL 1m .* response: 0\.o:/],
      [[good, good], /is not after/],
    ];
    for (const [page, message] of cases) {
      const failure = downloadCandles(database.connection, request({ venue: "malformed" }), {
        source: source(page),
      });
      await expect(failure).rejects.toBeInstanceOf(ValidationError);
      await expect(failure).rejects.toThrow(message);
    }
    expect(await countCandles(database.connection.database, key("malformed"))).toBe(0);
  });

  it("validates the flags before any request, naming the option", () => {
    const cases: Array<[Partial<Parameters<typeof parseDownloadRequest>[0]>, RegExp, string]> = [
      [{ coin: "B T C" }, /--coin "B T C"/, "coin"],
      [{ interval: "7m" }, /--interval "7m" is not one of 1m, 3m/, "interval"],
      [{ from: "yesterday" }, /--from "yesterday" is not an ISO-8601/, "from"],
      [{ to: "2023-07-01" }, /--to 2023-07-01 is before --from/, "to"],
      [{ network: "devnet" }, /--network "devnet" is not one of simulator, testnet, mainnet/, "network"],
      [{ apiUrl: "ftp://x" }, /--api-url "ftp:\/\/x"/, "apiUrl"],
      [{ apiUrl: undefined }, /--api-url is required with --network simulator/, "apiUrl"],
      [{ timeoutMs: 5 }, /--timeout-ms must be between/, "timeoutMs"],
    ];
    for (const [overrides, message, field] of cases) {
      let caught: unknown;
      try {
        request(overrides);
      } catch (error) {
        caught = error;
      }
      expect(caught, String(message)).toBeInstanceOf(ValidationError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as ValidationError & { field?: string }).field ?? field).toBe(field);
    }
    const testnet = request({ network: "testnet", apiUrl: undefined });
    expect(testnet.endpoints).toMatchObject({
      apiUrl: "https://api.hyperliquid-testnet.xyz",
      isTestnet: true,
    });
    expect(request({ to: undefined }).endTime).toBeGreaterThan(Date.now() - 60_000);
  });
});
