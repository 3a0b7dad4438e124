import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countCandles } from "../../src/storage/index.ts";
import { type RunningSimulator, startSimulator } from "../../src/venues/simulator/index.ts";
import { runCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const BTC_FILE = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);
const KEY = { venue: "hyperliquid", symbol: "BTC", interval: "1h" };

describe("hlbot candles download", () => {
  let database: TestDatabase;
  let simulator: RunningSimulator;
  const download = (extra: string[]) =>
    runCli(
      [
        "candles",
        "download",
        "--coin",
        "BTC",
        "--interval",
        "1h",
        "--from",
        "2025-05-27",
        "--network",
        "simulator",
        "--api-url",
        simulator.url,
        ...extra,
      ],
      { DATABASE_URL: database.url },
    );

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
    // 300 complete hourly bars: 2025-05-27T08:00Z … 2025-06-08T19:00Z, then the candle in progress.
    simulator = await startSimulator({ accounts: [], data: [{ file: BTC_FILE }], speed: 0, startBar: 300 });
  });
  afterAll(async () => {
    await simulator?.close();
    await database?.drop();
  });

  it("stores every complete candle with a summary line, and a re-run changes nothing", async () => {
    const first = await download([]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /300 rows \(300 inserted, 0 updated, 0 unchanged\), 2025-05-27T08:00:00.000Z … 2025-06-08T19:00:00.000Z, [\d.]+ s; the candle still in progress was not stored/,
    );
    expect(await countCandles(database.connection.database, KEY)).toBe(300);
    const again = await download(["--format", "json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 300, inserted: 0, updated: 0, unchanged: 300 });
    expect(await countCandles(database.connection.database, KEY)).toBe(300);
  }, 120_000);

  it("rejects bad arguments naming the option, and writes nothing", async () => {
    const before = await countCandles(database.connection.database, KEY);
    const cases: Array<[string[], RegExp]> = [
      [["--interval", "7m"], /--interval "7m" is not one of/],
      [["--from", "soon"], /--from "soon" is not an ISO-8601 date/],
      [["--to", "2025-01-01"], /--to 2025-01-01 is before --from 2025-05-27/],
      [["--network", "devnet"], /--network "devnet" is not one of simulator, testnet, mainnet/],
      [["--retries", "0"], /--retries must be a whole number from 1 to 20/],
    ];
    for (const [extra, message] of cases) {
      const result = await download(extra);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const missing = await runCli(["candles", "download", "--interval", "1h", "--from", "2025-05-27"], {
      DATABASE_URL: database.url,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--coin");
    expect(await countCandles(database.connection.database, KEY)).toBe(before);
  }, 120_000);

  it("fails with a clear error after its retries when the venue keeps answering 429", async () => {
    simulator.inject({ type: "http429", count: 2 });
    const result = await download(["--coin", "ETH", "--retries", "2"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /candleSnapshot ETH 1h from 2025-05-27T00:00:00.000Z failed after 2 attempts: HTTP 429/,
    );
    expect(await countCandles(database.connection.database, { ...KEY, symbol: "ETH" })).toBe(0);
  }, 120_000);
});
