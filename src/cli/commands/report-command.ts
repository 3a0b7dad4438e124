import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { openDatabase } from "../../app/database-runtime.ts";
import { applyMigrations } from "../../app/migrations.ts";
import { renderPerformanceHtml } from "../../app/reports/performance-html.ts";
import {
  performanceReport,
  REPORT_PERIODS,
  type ReportPeriod,
} from "../../app/reports/performance-report.ts";
import { ValidationError } from "../../core/errors.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

/** `hlbot report --period day|week|month|all [--output FILE.html]`. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description(
      "trading performance of a period: trades, win rate, profit factor, total/average/best/worst P&L, max drawdown; --output writes a self-contained HTML page with the equity chart",
    )
    .addOption(
      new Option("--period <period>", "day, week, month or all").choices(REPORT_PERIODS).default("day"),
    )
    .option("--output <file>", "write an HTML report (with the cumulative P&L chart) to this file")
    .addOption(formatOption())
    .action(async (options: { period: ReportPeriod; output?: string; format: string }) => {
      if (options.output !== undefined && !options.output.endsWith(".html")) {
        throw new ValidationError(`--output ${JSON.stringify(options.output)} must be an .html file`, {
          field: "output",
        });
      }
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      try {
        await applyMigrations(runtime.connection.database);
        const report = await performanceReport(runtime.connection.database, options.period);
        if (options.output) {
          writeFileSync(options.output, renderPerformanceHtml(report));
          process.stderr.write(`report written to ${options.output}\n`);
        }
        const { equity: _equity, ...figures } = report;
        if (options.format === "json") printJson(figures);
        else
          printTable(
            [figures],
            [
              "period",
              "totalTrades",
              "winRate",
              "profitFactor",
              "totalPnl",
              "averageTrade",
              "bestTrade",
              "worstTrade",
              "maxDrawdown",
            ],
          );
      } finally {
        await runtime.close();
      }
    });
}
