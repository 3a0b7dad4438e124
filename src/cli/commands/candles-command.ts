import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { openDatabase } from "../../app/database-runtime.ts";
import { importCandles } from "../../app/import-candles.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

interface ImportOptions {
  symbol: string;
  interval: string;
  venue: string;
  format: string;
}

/** `hlbot candles import FILE --symbol S --interval I [--venue V]`. */
export function registerCandlesCommand(program: Command): void {
  const candles = program.command("candles").description("candle data in the database");

  candles
    .command("import")
    .description(
      "validate a candle CSV (timestamp,open,high,low,close,volume; ISO dates; or Yahoo Date,Open,High,Low,Close,...) and upsert it into the candles table; a malformed file writes nothing",
    )
    .argument("<file>", "CSV file to import")
    .requiredOption("--symbol <symbol>", "instrument symbol, e.g. BTC")
    .requiredOption("--interval <interval>", "bar interval of the file: 1m, 5m, 15m, 1h, 4h, 1d, ...")
    .option("--venue <venue>", "venue the data comes from", "hyperliquid")
    .addOption(formatOption())
    .action(async (file: string, options: ImportOptions) => {
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      const bar =
        process.stderr.isTTY && options.format !== "json"
          ? new SingleBar({
              format: "importing [{bar}] {percentage}% | {value}/{total} rows",
              stream: process.stderr,
            })
          : undefined;
      try {
        const result = await importCandles(
          runtime.connection,
          { file, symbol: options.symbol, interval: options.interval, venue: options.venue },
          (done, total) => {
            if (!bar) return;
            if (done === Math.min(total, 20_000) || bar.getTotal() !== total) bar.start(total, 0);
            bar.update(done);
          },
        );
        bar?.stop();
        if (options.format === "json") printJson(result);
        else {
          printTable([
            {
              file: result.file,
              venue: result.venue,
              symbol: result.symbol,
              interval: result.interval,
              rows: result.rows,
              inserted: result.inserted,
              updated: result.updated,
              unchanged: result.unchanged,
            },
          ]);
          process.stdout.write(
            `${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged\n`,
          );
        }
      } finally {
        bar?.stop();
        await runtime.close();
      }
    });
}
