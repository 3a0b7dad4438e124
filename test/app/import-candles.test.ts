import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCandles } from "../../src/app/import-candles.ts";
import { ValidationError } from "../../src/core/errors.ts";
import { countCandles } from "../../src/storage/candle-repository.ts";
import { runCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const DATA = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

/** Every candle file of ../shared/data with the row count its README gives. */
const SHARED_FILES = [
  {
    file: "BTCUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv",
    venue: "binance",
    symbol: "BTCUSDT",
    interval: "1h",
    rows: 31_973,
  },
  {
    file: "ETHUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv",
    venue: "binance",
    symbol: "ETHUSDT",
    interval: "1h",
    rows: 31_973,
  },
  {
    file: "SOLUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv",
    venue: "binance",
    symbol: "SOLUSDT",
    interval: "1h",
    rows: 31_973,
  },
  {
    file: "FILUSDT-PERP-binance-1m-2023-08_2023-11.csv",
    venue: "binance",
    symbol: "FILUSDT",
    interval: "1m",
    rows: 175_680,
  },
  {
    file: "BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
    venue: "hyperliquid",
    symbol: "BTC",
    interval: "1h",
    rows: 1_832,
  },
  { file: "ORCL-yahoo-1d-1995-2014.csv", venue: "yahoo", symbol: "ORCL", interval: "1d", rows: 5_036 },
  { file: "NVDA-yahoo-1d-1999-2014.csv", venue: "yahoo", symbol: "NVDA", interval: "1d", rows: 4_012 },
] as const;

const HEADER = "timestamp,open,high,low,close,volume";
const GOOD_ROWS = [
  "1700000000000,10,11,9,10.5,100",
  "1700003600000,10.5,12,10,11,50",
  "1700007200000,11,11.5,10.8,11.2,70",
];

/** Malformed files: content, the line the error must name, and a fragment of the reason. */
const MALFORMED: Array<{ name: string; content: string; line: number; reason: RegExp }> = [
  { name: "bad header", content: `time,o,h,l,c,v\n${GOOD_ROWS[0]}\n`, line: 1, reason: /header|column/i },
  {
    name: "non-numeric price",
    content: `${HEADER}\n${GOOD_ROWS[0]}\n1700003600000,10.5,abc,10,11,50\n`,
    line: 3,
    reason: /high|numeric|number/i,
  },
  {
    name: "negative price",
    content: `${HEADER}\n${GOOD_ROWS[0]}\n${GOOD_ROWS[1]}\n1700007200000,-11,11.5,10.8,11.2,70\n`,
    line: 4,
    reason: /open|negative|positive/i,
  },
  {
    name: "high below low",
    content: `${HEADER}\n1700000000000,10,9,11,10,100\n`,
    line: 2,
    reason: /high|low/i,
  },
  {
    name: "unsorted timestamps",
    content: `${HEADER}\n${GOOD_ROWS[1]}\n${GOOD_ROWS[0]}\n`,
    line: 3,
    reason: /sort|ascending|order/i,
  },
  {
    name: "duplicate timestamps",
    content: `${HEADER}\n${GOOD_ROWS[0]}\n${GOOD_ROWS[0]}\n`,
    line: 3,
    reason: /duplicate/i,
  },
];

describe("candle import", () => {
  let testDatabase: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrate: true });
    folder = mkdtempSync(join(tmpdir(), "hlbot-import-"));
  });
  afterAll(async () => {
    await testDatabase.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(SHARED_FILES)("imports $file with the README's row count", async (entry) => {
    const database = testDatabase.connection.database;
    const request = {
      file: join(DATA, entry.file),
      symbol: entry.symbol,
      interval: entry.interval,
      venue: entry.venue,
    };
    const result = await importCandles(testDatabase.connection, request);
    expect(result).toMatchObject({ rows: entry.rows, inserted: entry.rows, updated: 0, unchanged: 0 });
    expect(await countCandles(database, entry)).toBe(entry.rows);
  });

  it("is idempotent: a second import changes nothing", async () => {
    const database = testDatabase.connection.database;
    const entry = SHARED_FILES[4];
    const result = await importCandles(testDatabase.connection, {
      file: join(DATA, entry.file),
      symbol: entry.symbol,
      interval: entry.interval,
      venue: entry.venue,
    });
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: entry.rows });
    expect(await countCandles(database, entry)).toBe(entry.rows);
  });

  it("stores exact decimal values and the bar open time", async () => {
    const database = testDatabase.connection.database;
    const row = await database
      .selectFrom("candles")
      .selectAll()
      .where("venue", "=", "binance")
      .where("symbol", "=", "FILUSDT")
      .orderBy("time")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(row.time.toISOString()).toBe("2023-08-01T00:00:00.000Z");
    expect([row.open, row.high, row.low, row.close, row.volume]).toEqual([
      "4.255",
      "4.256",
      "4.252",
      "4.252",
      "25259.1",
    ]);
  });

  it("counts changed rows as updated", async () => {
    const file = join(folder, "changing.csv");
    writeFileSync(file, `${HEADER}\n${GOOD_ROWS.join("\n")}\n`);
    const key = { file, symbol: "CHG", interval: "1h", venue: "test" };
    expect(await importCandles(testDatabase.connection, key)).toMatchObject({ inserted: 3, updated: 0 });
    writeFileSync(file, `${HEADER}\n${GOOD_ROWS[0]}\n1700003600000,10.5,12,10,11.5,50\n${GOOD_ROWS[2]}\n`);
    expect(await importCandles(testDatabase.connection, key)).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 2,
    });
  });

  it.each(MALFORMED)(
    "rejects a file with $name, naming line $line, and writes nothing",
    async ({ name, content, line, reason }) => {
      const database = testDatabase.connection.database;
      const file = join(folder, `${name.replaceAll(" ", "-")}.csv`);
      // Rows already stored for the same key must stay exactly as they were.
      const key = { venue: "test", symbol: "BAD", interval: "1h" };
      const goodFile = join(folder, "good.csv");
      writeFileSync(goodFile, `${HEADER}\n${GOOD_ROWS.join("\n")}\n`);
      await importCandles(testDatabase.connection, { ...key, file: goodFile });
      const before = await sql`SELECT * FROM candles WHERE symbol = 'BAD' ORDER BY time`.execute(database);

      writeFileSync(file, content);
      const error = await importCandles(testDatabase.connection, { ...key, file }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ValidationError);
      const message = (error as ValidationError).message;
      expect(message).toContain(`:${line}`);
      expect(message).toMatch(reason);
      const after = await sql`SELECT * FROM candles WHERE symbol = 'BAD' ORDER BY time`.execute(database);
      expect(after.rows).toEqual(before.rows);
    },
  );

  it.each([
    [{ symbol: "" }, /symbol/],
    [{ symbol: "BTC; DROP TABLE" }, /symbol/],
    [{ interval: "7x" }, /interval/],
    [{ interval: "1m" }, /interval/],
    [{ file: "/nonexistent/file.csv" }, /no such file/],
  ])("rejects bad arguments %j", async (override, pattern) => {
    const database = testDatabase.connection.database;
    const file = join(folder, "ok.csv");
    writeFileSync(file, `${HEADER}\n${GOOD_ROWS.join("\n")}\n`);
    const request = { file, symbol: "ARG", interval: "1h", venue: "test", ...override };
    await expect(importCandles(testDatabase.connection, request)).rejects.toThrow(pattern);
    expect(await countCandles(database, { venue: "test", symbol: "ARG", interval: "1h" })).toBe(0);
  });

  it("exits with code 2 and one line naming the problem from the CLI", async () => {
    const file = join(folder, "cli-bad.csv");
    writeFileSync(file, `${HEADER}\n1700000000000,10,9,11,10,100\n`);
    const result = await runCli(["candles", "import", file, "--symbol", "CLI", "--interval", "1h"], {
      DATABASE_URL: testDatabase.url,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("cli-bad.csv:2");
    const missing = await runCli(["candles", "import", file, "--interval", "1h"], {
      DATABASE_URL: testDatabase.url,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--symbol");
  });
});
