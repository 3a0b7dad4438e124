import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importCandles } from "../src/app/import-candles.ts";
import { connectDatabase } from "../src/storage/database.ts";
import { startEmbeddedPostgres } from "../src/storage/embedded-postgres.ts";
import { migrateToLatest } from "../src/storage/migrator.ts";
import type { BenchFigure } from "./bench-result.ts";
import { freePort } from "./free-port.ts";

export const title = "Candle import into PostgreSQL (issue 3)";

const FILE = fileURLToPath(
  new URL("../../shared/data/FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", import.meta.url),
);

export async function run(): Promise<BenchFigure[]> {
  const folder = mkdtempSync(join(tmpdir(), "hlbot-bench-import-"));
  chmodSync(folder, 0o755);
  const server = await startEmbeddedPostgres({ dataDirectory: join(folder, "pg"), port: await freePort() });
  const connection = connectDatabase(server.url);
  try {
    await migrateToLatest(connection.database);
    const request = { file: FILE, symbol: "FILUSDT", interval: "1m", venue: "binance" };
    const started = performance.now();
    const first = await importCandles(connection, request);
    const freshSeconds = (performance.now() - started) / 1000;
    const againStarted = performance.now();
    await importCandles(connection, request);
    const againSeconds = (performance.now() - againStarted) / 1000;
    return [
      {
        name: `hlbot candles import FILUSDT 1m into an empty table (${first.rows.toLocaleString("en-US")} rows, parse + write)`,
        value: first.rows / freshSeconds,
        unit: "rows/s",
        target: 200_000,
        better: "higher",
        issue: 3,
      },
      {
        name: "re-import of the same file (all rows unchanged)",
        value: first.rows / againSeconds,
        unit: "rows/s",
        target: 200_000,
        better: "higher",
        issue: 3,
      },
    ];
  } finally {
    await connection.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
