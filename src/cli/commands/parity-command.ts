import type { Command } from "commander";
import { openDatabase } from "../../app/database-runtime.ts";
import { type ParityReport, runParity } from "../../app/parity/run-parity.ts";
import { ValidationError } from "../../core/errors.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

interface ParityOptions {
  bot: string;
  data?: string;
  funding?: string;
  venue: string;
  historyBars: string;
  from?: string;
  to?: string;
  format: string;
}

const time = (ms: number | undefined) =>
  ms === undefined ? "-" : new Date(ms).toISOString().slice(0, 16).replace("T", " ");
const signed = (value: number | null) => (value === null ? "-" : value > 0 ? `+${value}` : String(value));

function printReport(report: ParityReport): void {
  const { bot, summary } = report;
  process.stdout.write(
    `parity of bot ${bot.id} (${bot.name}): ${bot.strategy} on ${bot.symbol} ${bot.interval}, ${bot.mode}, session ${report.session.from} … ${report.session.to}\n` +
      `candles: ${report.candles}; funding: ${report.funding}\nfill model: ${report.fillModel}\n\n`,
  );
  printTable(
    report.trades.map((row) => ({
      status: row.status,
      side: row.side,
      entry: time(row.live?.entryTime ?? row.backtest?.entryTime),
      "entry px live/bt": `${row.live?.entryPrice ?? "-"} / ${row.backtest?.entryPrice ?? "-"}`,
      "entry Δticks": signed(row.entryPriceDiffTicks),
      exit: time(row.live?.exitTime ?? row.backtest?.exitTime),
      "exit px live/bt": `${row.live?.exitPrice ?? "-"} / ${row.backtest?.exitPrice ?? "-"}`,
      "exit Δticks": signed(row.exitPriceDiffTicks),
      "exit Δmin": row.exitTimeDiffMs === null ? "-" : signed(row.exitTimeDiffMs / 60_000),
      "fees Δ": signed(row.feeDiff),
      "funding Δ": signed(row.fundingDiff),
      ok: row.withinTolerance ? "yes" : `NO: ${row.problems.join("; ")}`,
    })),
  );
  process.stdout.write(
    `\n${summary.matched} of ${summary.liveTrades} live trades matched (${summary.backtestTrades} in the backtest); ` +
      `${summary.liveOnly} only live, ${summary.backtestOnly} only in the backtest; ` +
      `max price difference ${summary.maxPriceDiffTicks} ticks; fee difference ${summary.feeDiff} USDC; funding difference ${summary.fundingDiff} USDC\n` +
      (summary.withinTolerance
        ? "PARITY OK: every trade matched within one tick with the same fees\n"
        : "PARITY FAILED: see the rows marked NO above\n"),
  );
}

/** `hlbot parity --bot ID [--data FILE] [--format table|json]`. */
export function registerParityCommand(program: Command): void {
  program
    .command("parity")
    .description(
      "replay the market data a paper or live bot traded on through the backtester (same strategy, params, fees, funding) and compare its trades with the stored ones: entry/exit time, price (ticks), fees and funding; exit code 0 when every trade matches within one tick with the same fees, 1 otherwise",
    )
    .requiredOption("--bot <id>", "bot id (uuid)")
    .option(
      "--data <file>",
      "recorded candle file the session traded on (the simulator's --data); default: the candles table",
    )
    .option(
      "--funding <file>",
      "funding file (default: the one beside --data, then funding_rates, then the simulator's baseline)",
    )
    .option("--venue <venue>", "venue of stored candles and funding rates", "hyperliquid")
    .option(
      "--history-bars <n>",
      "closed bars the strategy warms up on before the session (the node's history)",
      "500",
    )
    .option("--from <iso>", "session start (default: the bar of the bot's first fill)")
    .option("--to <iso>", "session end (default: the bot's last fill)")
    .addOption(formatOption())
    .action(async (options: ParityOptions) => {
      const historyBars = Number(options.historyBars);
      if (!/^\d+$/.test(options.historyBars)) {
        throw new ValidationError(
          `--history-bars must be a whole number, got ${JSON.stringify(options.historyBars)}`,
          {
            field: "historyBars",
          },
        );
      }
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      let report: ParityReport;
      try {
        report = await runParity(runtime.connection.database, {
          botId: options.bot,
          dataFile: options.data,
          fundingFile: options.funding,
          venue: options.venue,
          historyBars,
          from: options.from,
          to: options.to,
        });
      } finally {
        await runtime.close();
      }
      if (options.format === "json") printJson(report);
      else printReport(report);
      if (!report.summary.withinTolerance) process.exitCode = 1;
    });
}
