import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type BacktestJobResult, runBacktestJob } from "../../app/run-backtest.ts";
import { collect, printTable } from "../output.ts";

interface BacktestFlags {
  data: string[];
  strategy: string;
  param: string[];
  cash?: number;
  commission?: number;
  maker?: number;
  taker?: number;
  slippageBps?: number;
  funding?: string;
  leverage?: number;
  sizing: string;
  exclusiveOrders?: boolean;
  finalizeTrades?: boolean;
  from?: string;
  to?: string;
  account: "perpetual" | "cash";
  intrabar: "stop-first" | "ohlc";
  format?: "table" | "json";
  report?: string;
  risk?: boolean;
  riskLimit: string[];
}

const number =
  (flag: string) =>
  (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === "" || !Number.isFinite(parsed)) {
      throw new InvalidArgumentError(`--${flag} expects a number, got ${JSON.stringify(value)}`);
    }
    return parsed;
  };

function formatNumber(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return Math.abs(value) >= 1000 ? value.toFixed(2) : value.toPrecision(6);
}

function printSummary(result: BacktestJobResult): void {
  const { output } = result;
  process.stdout.write(
    `${result.strategy.name} ${JSON.stringify(result.strategy.params)} on ${result.instruments.join(", ")}\n\n`,
  );
  printTable(
    Object.entries(output.stats).map(([statistic, value]) => ({ statistic, value: formatNumber(value) })),
  );
  const recent = output.trades.slice(-10).map((trade) => ({
    side: trade.side,
    size: formatNumber(trade.size),
    entry: trade.entryTime.replace("T", " ").slice(0, 19),
    entryPrice: formatNumber(trade.entryPrice),
    exit: trade.exitTime.replace("T", " ").slice(0, 19),
    exitPrice: formatNumber(trade.exitPrice),
    pnl: formatNumber(trade.pnl),
    returnPct: formatNumber(trade.returnPct),
    reason: trade.exitReason,
  }));
  process.stdout.write(`\nlast ${recent.length} of ${output.trades.length} trades\n`);
  printTable(recent);
  const { perf } = output;
  process.stdout.write(
    `\n${perf.bars.toLocaleString("en-US")} bars, load ${perf.loadMs.toFixed(1)} ms, run ${perf.runMs.toFixed(1)} ms (${perf.barsPerSecond.toLocaleString("en-US")} bars/s)\n`,
  );
  if (result.reportFile) process.stdout.write(`report written to ${result.reportFile}\n`);
}

/** `hlbot backtest`: runs a strategy over candle files and prints statistics (table or JSON). */
export function registerBacktestCommand(program: Command): void {
  program
    .command("backtest")
    .description(
      "backtest a strategy on candle CSV files: fills, fees, funding, statistics, optional HTML report",
    )
    .requiredOption(
      "--data <file>",
      "candle CSV (timestamp,open,high,low,close,volume); repeat for several instruments",
      collect,
      [],
    )
    .requiredOption(
      "--strategy <name|path>",
      "bundled strategy name (sma-cross) or path to a strategy module",
    )
    .option("--param <key=value>", "strategy parameter; repeatable", collect, [])
    .option("--cash <amount>", "starting cash (default 10000)", number("cash"))
    .option(
      "--commission <rate>",
      "flat fee rate per fill, e.g. 0.002 (backtesting.py commission)",
      number("commission"),
    )
    .option("--maker <rate>", "maker fee rate (default 0.00015)", number("maker"))
    .option("--taker <rate>", "taker fee rate (default 0.00045)", number("taker"))
    .option(
      "--slippage-bps <bps>",
      "slippage against the trader on market fills, basis points",
      number("slippage-bps"),
    )
    .option("--funding <file>", "funding-rate CSV (timestamp,funding_rate) for the first instrument")
    .option("--leverage <n>", "account leverage (perpetual mode, default 1)", number("leverage"))
    .option("--sizing <mode>", "all-in | fraction:F | units:N | risk:F", "all-in")
    .option(
      "--exclusive-orders",
      "a new entry first closes the open position (backtesting.py exclusive_orders)",
    )
    .option("--finalize-trades", "close trades still open after the last bar at its open and count them")
    .option("--from <iso>", "first bar time to include (ISO-8601)")
    .option("--to <iso>", "last bar time to include (ISO-8601; a bare date includes the whole day)")
    .addOption(
      new Option("--account <mode>", "account mode").choices(["perpetual", "cash"]).default("perpetual"),
    )
    .addOption(
      new Option("--intrabar <path>", "intrabar path when a bar reaches several orders")
        .choices(["stop-first", "ohlc"])
        .default("stop-first"),
    )
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .option("--report <file.html>", "write a self-contained HTML report")
    .option("--risk", "put the risk manager in the order path (denials and state changes in the output)")
    .option(
      "--risk-limit <key=value>",
      "override one risk limit, e.g. riskPerTradePercent=1 or maxConcurrentPositions=2; repeatable; implies --risk",
      collect,
      [],
    )
    .action(async (flags: BacktestFlags) => {
      const format = flags.format ?? "table";
      let bar: SingleBar | undefined;
      const started = performance.now();
      const onProgress = (done: number, total: number) => {
        if (!process.stderr.isTTY) return;
        if (bar === undefined) {
          if (performance.now() - started < 1000 || done >= total) return;
          bar = new SingleBar({
            format: "backtest [{bar}] {percentage}% | {value}/{total} bars",
            stream: process.stderr,
          });
          bar.start(total, done);
        }
        bar.update(done);
      };
      try {
        const result = await runBacktestJob({
          dataFiles: flags.data,
          strategy: flags.strategy,
          params: flags.param,
          ...(flags.cash !== undefined ? { cash: flags.cash } : {}),
          ...(flags.commission !== undefined ? { commission: flags.commission } : {}),
          ...(flags.maker !== undefined ? { maker: flags.maker } : {}),
          ...(flags.taker !== undefined ? { taker: flags.taker } : {}),
          ...(flags.slippageBps !== undefined ? { slippageBps: flags.slippageBps } : {}),
          ...(flags.funding !== undefined ? { fundingFile: flags.funding } : {}),
          ...(flags.leverage !== undefined ? { leverage: flags.leverage } : {}),
          sizing: flags.sizing,
          exclusiveOrders: flags.exclusiveOrders ?? false,
          finalizeTrades: flags.finalizeTrades ?? false,
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
          account: flags.account,
          intrabarPath: flags.intrabar,
          ...(flags.report !== undefined ? { reportFile: flags.report } : {}),
          risk: flags.risk === true || flags.riskLimit.length > 0,
          riskLimits: flags.riskLimit,
          onProgress,
        });
        bar?.stop();
        bar = undefined;
        for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
        if (format === "json") {
          const { stats, trades, equity, perf, risk } = result.output;
          const { strategy, instruments, warnings } = result;
          process.stdout.write(
            `${JSON.stringify({ stats, trades, equity, perf, risk, strategy, instruments, warnings })}\n`,
          );
        } else {
          printSummary(result);
        }
      } finally {
        bar?.stop();
      }
    });
}
