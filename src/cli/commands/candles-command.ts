import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { readVenueFile } from "../../app/bots/trading-runtime.ts";
import {
  type DownloadProgress,
  downloadCandles,
  parseDownloadRequest,
} from "../../app/candles/download-candles.ts";
import { openDatabase } from "../../app/database-runtime.ts";
import { importCandles } from "../../app/import-candles.ts";
import { ValidationError } from "../../core/errors.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

interface ImportOptions {
  symbol: string;
  interval: string;
  venue: string;
  format: string;
}

interface DownloadOptions {
  coin: string;
  interval: string;
  from: string;
  to?: string;
  network?: string;
  apiUrl?: string;
  venue: string;
  timeoutMs: string;
  retries: string;
  format: string;
}

/** `hlbot candles import FILE --symbol S --interval I [--venue V]` and `hlbot candles download ...`. */
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

  registerDownload(candles);
}

function positiveInteger(text: string, option: string, maximum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > maximum) {
    throw new ValidationError(
      `${option} must be a whole number from 1 to ${maximum}, got ${JSON.stringify(text)}`,
      {
        field: option.slice(2),
      },
    );
  }
  return value;
}

/** `hlbot candles download --coin BTC --interval 1h --from ISO [--to ISO] [--network N] [--api-url URL]`. */
function registerDownload(candles: Command): void {
  candles
    .command("download")
    .description(
      "page through Hyperliquid's candleSnapshot (5,000 candles per request, retried with backoff on network errors and 429), validate every candle and upsert them into the candles table; the candle still in progress is not stored; a failure writes nothing",
    )
    .requiredOption("--coin <coin>", "Hyperliquid coin, e.g. BTC")
    .requiredOption("--interval <interval>", "candle interval: 1m, 5m, 15m, 1h, 4h, 1d, ...")
    .requiredOption("--from <iso>", "first candle open time (ISO-8601, UTC unless an offset is given)")
    .option("--to <iso>", "last candle open time (default: now; a bare date includes that day)")
    .option("--network <network>", "simulator, testnet or mainnet (default: HL_NETWORK)")
    .option("--api-url <url>", "API base URL (required for the simulator unless hlbot start runs one)")
    .option("--venue <venue>", "venue column of the stored rows", "hyperliquid")
    .option("--timeout-ms <ms>", "per-request timeout", "10000")
    .option("--retries <n>", "attempts per request on network errors, 5xx and 429", "5")
    .addOption(formatOption())
    .action(async (options: DownloadOptions) => {
      const { config, logger } = commandContext();
      const attempts = positiveInteger(options.retries, "--retries", 20);
      const network = options.network ?? config.HL_NETWORK;
      const request = parseDownloadRequest(
        {
          coin: options.coin,
          interval: options.interval,
          from: options.from,
          to: options.to,
          network,
          apiUrl: options.apiUrl,
          fallbackSimulatorUrl:
            network === "simulator" && options.apiUrl === undefined
              ? readVenueFile(config.VENUE_FILE)?.url
              : undefined,
          venue: options.venue,
          timeoutMs: Number(options.timeoutMs),
        },
        Date.now(),
      );
      const runtime = await openDatabase(config, logger);
      const bar =
        process.stderr.isTTY && options.format !== "json"
          ? new SingleBar({
              format: "{phase} [{bar}] {percentage}% | {detail}",
              stream: process.stderr,
            })
          : undefined;
      let phase: string | undefined;
      const onProgress: DownloadProgress = (current, done, total) => {
        if (!bar) return;
        if (phase !== current) {
          if (phase !== undefined) bar.stop();
          phase = current;
          bar.start(total, 0, { phase: current === "fetch" ? "downloading" : "storing", detail: "" });
        }
        bar.update(done, {
          detail:
            current === "fetch"
              ? `up to ${new Date(request.startTime + done).toISOString().slice(0, 16)}`
              : `${done}/${total} rows`,
        });
      };
      try {
        const result = await downloadCandles(runtime.connection, request, {
          onProgress,
          retry: {
            attempts,
            onRetry: (attempt, reason, delayMs) =>
              logger.warn(
                { event: "candle_download_retry", attempt, reason, delayMs },
                `candleSnapshot failed (${reason}); retrying in ${delayMs} ms`,
              ),
          },
        });
        bar?.stop();
        if (options.format === "json") printJson(result);
        else {
          printTable([
            {
              venue: result.venue,
              coin: result.coin,
              interval: result.interval,
              rows: result.rows,
              inserted: result.inserted,
              updated: result.updated,
              unchanged: result.unchanged,
              requests: result.requests,
            },
          ]);
          const range =
            result.firstTime === null ? "no candles in range" : `${result.firstTime} … ${result.lastTime}`;
          process.stdout.write(
            `${result.rows} rows (${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged), ${range}, ${(result.elapsedMs / 1000).toFixed(1)} s${result.skippedInProgress ? "; the candle still in progress was not stored" : ""}\n`,
          );
        }
      } finally {
        bar?.stop();
        await runtime.close();
      }
    });
}
