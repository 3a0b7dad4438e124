import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type CandleSeries,
  inferIntervalMs,
  parseCandleCsv,
  parseFundingCsv,
  sliceCandleSeries,
} from "../../src/data/index.ts";
import { expectSameColumn, expectSameSeries } from "./series-assertions.ts";

/** /work/shared/data (CI checks `../shared` out beside the repository). */
const dataDirectory = new URL("../../../shared/data/", import.meta.url);
const read = (name: string): Buffer => readFileSync(fileURLToPath(new URL(name, dataDirectory)));
const utc = (text: string): number => Date.parse(`${text}Z`);

/** The table of shared/data/README.md. */
const files = [
  {
    name: "BTCUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv",
    rows: 31_973,
    first: "2020-10-23T08:00",
    last: "2024-06-16T12:00",
    interval: 3_600_000,
  },
  {
    name: "ETHUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv",
    rows: 31_973,
    first: "2020-10-23T08:00",
    last: "2024-06-16T12:00",
    interval: 3_600_000,
  },
  {
    name: "SOLUSDT-PERP-binance-1h-2020-10-23_2024-06-16.csv",
    rows: 31_973,
    first: "2020-10-23T08:00",
    last: "2024-06-16T12:00",
    interval: 3_600_000,
  },
  {
    name: "FILUSDT-PERP-binance-1m-2023-08_2023-11.csv",
    rows: 175_680,
    first: "2023-08-01T00:00",
    last: "2023-11-30T23:59",
    interval: 60_000,
  },
  {
    name: "BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
    rows: 1_832,
    first: "2025-05-27T08:00",
    last: "2025-08-11T15:00",
    interval: 3_600_000,
  },
  {
    name: "ORCL-yahoo-1d-1995-2014.csv",
    rows: 5_036,
    first: "1995-01-03T00:00",
    last: "2014-12-31T00:00",
    interval: 86_400_000,
  },
  {
    name: "NVDA-yahoo-1d-1999-2014.csv",
    rows: 4_012,
    first: "1999-01-22T00:00",
    last: "2014-12-31T00:00",
    interval: 86_400_000,
  },
] as const;

describe("shared data files (shared/data/README.md)", () => {
  for (const file of files) {
    it(`${file.name}: ${file.rows} rows from ${file.first} to ${file.last}`, () => {
      const series = parseCandleCsv(read(file.name), { source: file.name });
      expect(series.length).toBe(file.rows);
      expect(series.timestamp[0]).toBe(utc(file.first));
      expect(series.timestamp[series.length - 1]).toBe(utc(file.last));
      expect(inferIntervalMs(series)).toBe(file.interval);
      for (const column of [series.open, series.high, series.low, series.close, series.volume]) {
        expect(column.length).toBe(file.rows);
      }
    });
  }

  it("the three Binance 1h files share the same timestamps, gap-free", () => {
    const [btc, eth, sol] = files.slice(0, 3).map((file) => parseCandleCsv(read(file.name))) as [
      CandleSeries,
      CandleSeries,
      CandleSeries,
    ];
    expectSameColumn(eth.timestamp, btc.timestamp, "ETH timestamp");
    expectSameColumn(sol.timestamp, btc.timestamp, "SOL timestamp");
    for (let index = 1; index < btc.length; index++) {
      if (btc.timestamp[index] !== (btc.timestamp[index - 1] as number) + 3_600_000)
        expect.fail(`gap at ${index}`);
    }
  });

  it("keeps the source decimals exactly: first FIL bar is 4.255/4.256/4.252/4.252, volume 25259.1", () => {
    const series = parseCandleCsv(read("FILUSDT-PERP-binance-1m-2023-08_2023-11.csv"));
    expect([series.open[0], series.high[0], series.low[0], series.close[0], series.volume[0]]).toEqual([
      4.255, 4.256, 4.252, 4.252, 25259.1,
    ]);
    // README: 79 zero-volume bars.
    expect(series.volume.filter((volume) => volume === 0).length).toBe(79);
  });

  it("Hyperliquid funding file: 1,832 rows, raw jittered timestamps kept, rates as written", () => {
    const name = "BTC-PERP-hyperliquid-funding-1h-2025-05-27_2025-08-11.csv";
    const funding = parseFundingCsv(read(name), { source: name });
    expect(funding.length).toBe(1_832);
    expect(funding.timestamp[0]).toBe(utc("2025-05-27T08:00:00.121"));
    expect(funding.timestamp[funding.length - 1]).toBe(utc("2025-08-11T15:00:00.027"));
    expect(funding.rate[0]).toBe(1.25e-5);
    expect(funding.rate[funding.length - 1]).toBe(1.25287e-5);
    // README: range −2.69e-05 … 1.50e-04.
    expect(Math.min(...funding.rate)).toBeCloseTo(-2.69e-5, 7);
    expect(Math.max(...funding.rate)).toBeCloseTo(1.5e-4, 6);
  });

  for (const [raw, normalised] of [
    ["raw/orcl-1995-2014.yahoo.csv", "ORCL-yahoo-1d-1995-2014.csv"],
    ["raw/nvda-1999-2014.yahoo.csv", "NVDA-yahoo-1d-1999-2014.csv"],
  ] as const) {
    it(`${raw} loads through the Yahoo header path and equals ${normalised}`, () => {
      const bytes = read(raw);
      const header = bytes.subarray(0, bytes.indexOf(10)).toString("utf8").trim();
      expect(header).toBe("Date,Open,High,Low,Close,Adj Close,Volume");
      const yahoo = parseCandleCsv(bytes, { source: raw });
      const reference = parseCandleCsv(read(normalised));
      expect(yahoo.length).toBe(reference.length);
      expectSameSeries(yahoo, reference);
    });
  }

  it("the four raw FILUSDT monthly files (open_time header, 12 columns) add up to the normalised file", () => {
    const months = ["08", "09", "10", "11"].map((month) =>
      parseCandleCsv(read(`raw/FILUSDT-1m-2023-${month}.csv`), { source: month }),
    );
    expect(months.map((month) => month.length)).toEqual([44_640, 43_200, 44_640, 43_200]);
    const reference = parseCandleCsv(read("FILUSDT-PERP-binance-1m-2023-08_2023-11.csv"));
    let offset = 0;
    for (const month of months) {
      expectSameSeries(month, sliceCandleSeries(reference, offset, offset + month.length));
      offset += month.length;
    }
    expect(offset).toBe(reference.length);
  });
});
