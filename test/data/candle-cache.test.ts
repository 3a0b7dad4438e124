import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import {
  CANDLE_BINARY_HEADER_BYTES,
  CandleFileError,
  candleCachePath,
  decodeCandleBinary,
  encodeCandleBinary,
  loadCandleFile,
  loadCandleFileWithStatus,
  parseCandleCsv,
  readCandleBinaryFile,
} from "../../src/data/index.ts";
import { expectSameSeries } from "./series-assertions.ts";

const sharedFile = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);

let folder: string;
let cacheDir: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "hlbot-candle-cache-"));
  cacheDir = join(folder, "cache");
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("binary column format", () => {
  it("encode → decode is identical, with aligned views and an unaligned copy path", () => {
    const series = parseCandleCsv(readFileSync(sharedFile));
    const bytes = encodeCandleBinary(series);
    expect(bytes.byteLength).toBe(CANDLE_BINARY_HEADER_BYTES + series.length * 6 * 8);
    const decoded = decodeCandleBinary(bytes);
    expect(decoded).not.toBeNull();
    expectSameSeries(decoded as NonNullable<typeof decoded>, series);
    expect(decoded?.close.buffer).toBe(bytes.buffer);

    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const unaligned = decodeCandleBinary(shifted.subarray(3));
    expectSameSeries(unaligned as NonNullable<typeof unaligned>, series);
  });

  it("rejects truncated, padded, bit-flipped and foreign bytes", () => {
    const series = parseCandleCsv(
      "timestamp,open,high,low,close,volume\n1000,1,2,0.5,1.5,3\n2000,1.5,2,1,1.75,4\n",
    );
    const bytes = encodeCandleBinary(series);
    expect(decodeCandleBinary(bytes.subarray(0, bytes.length - 8))).toBeNull();
    expect(decodeCandleBinary(bytes.subarray(0, 10))).toBeNull();
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes);
    expect(decodeCandleBinary(padded)).toBeNull();
    for (const offset of [0, 8, 16, 40, CANDLE_BINARY_HEADER_BYTES + 5, bytes.length - 1]) {
      const flipped = bytes.slice();
      flipped[offset] = (flipped[offset] as number) ^ 0x10;
      expect(decodeCandleBinary(flipped), `flip at ${offset}`).toBeNull();
    }
    expect(
      decodeCandleBinary(new TextEncoder().encode("timestamp,open,high,low,close,volume\n".repeat(4))),
    ).toBeNull();
    expect(readCandleBinaryFile(join(folder, "missing.candles"))).toBeNull();
  });

  it("round-trips an empty series", () => {
    const empty = parseCandleCsv("timestamp,open,high,low,close,volume\n1,1,1,1,1,1\n");
    const none = { ...empty, length: 0, timestamp: empty.timestamp.subarray(0, 0) };
    const decoded = decodeCandleBinary(encodeCandleBinary(none));
    expect(decoded?.length).toBe(0);
  });
});

describe("loadCandleFile", () => {
  it("first load parses and writes the cache, second load is a hit with identical data", () => {
    const reference = parseCandleCsv(readFileSync(sharedFile));
    const first = loadCandleFileWithStatus(sharedFile, { cacheDir });
    expect(first.cacheStatus).toBe("miss");
    expect(first.cachePath?.startsWith(cacheDir)).toBe(true);
    expect(first.cachePath).toBe(candleCachePath(sharedFile, cacheDir));
    expectSameSeries(first.series, reference);
    const second = loadCandleFileWithStatus(sharedFile, { cacheDir });
    expect(second.cacheStatus).toBe("hit");
    expectSameSeries(second.series, reference);
    expect(loadCandleFile(sharedFile, { cacheDir }).length).toBe(1_832);
    // Nothing but the cache file (no temp files left behind).
    expect(readdirSync(cacheDir)).toEqual([(first.cachePath as string).slice(cacheDir.length + 1)]);
  });

  for (const [name, damage] of [
    ["truncated", (path: string) => truncateSync(path, statSync(path).size - 100)],
    ["cut inside the header", (path: string) => truncateSync(path, 20)],
    ["empty", (path: string) => writeFileSync(path, "")],
    [
      "overwritten with garbage",
      (path: string) => writeFileSync(path, Buffer.alloc(statSync(path).size, 0x41)),
    ],
    [
      "with a flipped data byte",
      (path: string) => {
        const bytes = readFileSync(path);
        bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 1;
        writeFileSync(path, bytes);
      },
    ],
  ] as const) {
    it(`ignores and rewrites a cache file that is ${name}`, () => {
      const first = loadCandleFileWithStatus(sharedFile, { cacheDir });
      const cachePath = first.cachePath as string;
      damage(cachePath);
      const again = loadCandleFileWithStatus(sharedFile, { cacheDir });
      expect(again.cacheStatus).toBe("replaced");
      expectSameSeries(again.series, first.series);
      expect(loadCandleFileWithStatus(sharedFile, { cacheDir }).cacheStatus).toBe("hit");
    });
  }

  it("a changed source file gets a new cache entry", () => {
    const path = join(folder, "bars.csv");
    writeFileSync(path, "timestamp,open,high,low,close,volume\n1000,1,2,0.5,1.5,3\n");
    const first = loadCandleFileWithStatus(path, { cacheDir });
    writeFileSync(path, "timestamp,open,high,low,close,volume\n1000,1,2,0.5,1.5,3\n2000,1,2,0.5,1.5,4\n");
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    const second = loadCandleFileWithStatus(path, { cacheDir });
    expect(second.cacheStatus).toBe("miss");
    expect(second.cachePath).not.toBe(first.cachePath);
    expect(second.series.length).toBe(2);
  });

  it("useCache: false neither reads nor writes the cache", () => {
    const loaded = loadCandleFileWithStatus(sharedFile, { cacheDir, useCache: false });
    expect(loaded.cacheStatus).toBe("disabled");
    expect(loaded.cachePath).toBeNull();
    expect(() => readdirSync(cacheDir)).toThrow();
  });

  it("a cache directory that cannot be written does not fail the load", () => {
    const blocked = join(folder, "not-a-directory");
    writeFileSync(blocked, "x");
    const loaded = loadCandleFileWithStatus(sharedFile, { cacheDir: blocked });
    expect(loaded.cacheStatus).toBe("write-failed");
    expect(loaded.cacheWriteError).toBeTruthy();
    expect(loaded.series.length).toBe(1_832);
  });

  it("reports a missing file and an invalid CSV clearly, writing no cache", () => {
    expect(() => loadCandleFile(join(folder, "nope.csv"), { cacheDir })).toThrow(ValidationError);
    expect(() => loadCandleFile(join(folder, "nope.csv"), { cacheDir })).toThrow(/nope\.csv does not exist/);
    const bad = join(folder, "bad.csv");
    writeFileSync(bad, "timestamp,open,high,low,close,volume\n1000,1,2,0.5,1.5,3\n1000,1,2,0.5,1.5,3\n");
    expect(() => loadCandleFile(bad, { cacheDir })).toThrow(CandleFileError);
    expect(() => loadCandleFile(bad, { cacheDir })).toThrow(`${bad}:3: duplicate timestamp`);
    expect(() => readdirSync(cacheDir)).toThrow();
  });

  it("loads a copy of a Yahoo raw file through the cache", () => {
    const path = join(folder, "orcl.csv");
    copyFileSync(
      fileURLToPath(new URL("../../../shared/data/raw/orcl-1995-2014.yahoo.csv", import.meta.url)),
      path,
    );
    expect(loadCandleFileWithStatus(path, { cacheDir }).series.length).toBe(5_036);
    const cached = loadCandleFileWithStatus(path, { cacheDir });
    expect(cached.cacheStatus).toBe("hit");
    expect(cached.series.timestamp[0]).toBe(Date.UTC(1995, 0, 3));
  });
});
