import type { Command } from "commander";
import { openDatabase } from "../../app/database-runtime.ts";
import { applyMigrations } from "../../app/migrations.ts";
import { createRiskService } from "../../app/risk/create-risk-service.ts";
import type { RiskService } from "../../app/risk/risk-service.ts";
import { ValidationError } from "../../core/errors.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

async function withRisk<T>(scope: string, action: (risk: RiskService) => Promise<T>): Promise<T> {
  const { config, logger } = commandContext();
  const runtime = await openDatabase(config, logger);
  try {
    await applyMigrations(runtime.connection.database);
    const risk = await createRiskService(runtime.connection.database, config, logger, scope);
    return await action(risk);
  } finally {
    await runtime.close();
  }
}

function printStatus(risk: RiskService, format: string): void {
  const status = risk.status();
  if (format === "json") {
    printJson({ scope: risk.scope, ...status, limits: risk.limits });
    return;
  }
  const breaker = status.circuitBreaker;
  printTable(
    [
      { item: "trading state", value: status.tradingState, limit: "" },
      { item: "equity", value: status.equity.toFixed(2), limit: "" },
      {
        item: "daily loss %",
        value: status.dailyLossPercent.toFixed(3),
        limit: `REDUCED ${status.reducedAtDailyLossPercent} / HALTED ${status.dailyLossLimitPercent} / EMERGENCY ${status.emergencyDailyLossPercent}`,
      },
      {
        item: "drawdown %",
        value: status.drawdownPercent.toFixed(3),
        limit: `HALTED at ${status.maxDrawdownPercent}`,
      },
      {
        item: "losing trades in a row",
        value: status.consecutiveLosses,
        limit: `pause at ${status.lossStreakLimit}`,
      },
      { item: "loss-streak pause until", value: status.lossStreakUntil ?? "-", limit: "" },
      {
        item: "circuit breaker",
        value: breaker ? `TRIPPED (${breaker.code}) until ${breaker.until}: ${breaker.reason}` : "armed",
        limit: "",
      },
    ],
    ["item", "value", "limit"],
  );
}

/** `hlbot risk status|report|trip|reset`. */
export function registerRiskCommand(program: Command): void {
  const risk = program
    .command("risk")
    .description("risk manager: trading state, circuit breaker and daily reports");

  risk
    .command("status")
    .description(
      "trading state, daily loss and drawdown against their limits, loss streak and circuit breaker",
    )
    .option("--scope <scope>", "risk scope (account mode)", "paper")
    .addOption(formatOption())
    .action(async (options: { scope: string; format: string }) => {
      await withRisk(options.scope, async (service) => printStatus(service, options.format));
    });

  risk
    .command("report")
    .description("the daily report of a UTC date: balance, P&L, trades, win rate, drawdown, fees")
    .option("--date <date>", "UTC date YYYY-MM-DD (default today)")
    .option("--scope <scope>", "risk scope (account mode)", "paper")
    .addOption(formatOption())
    .action(async (options: { date?: string; scope: string; format: string }) => {
      const date = options.date ?? new Date().toISOString().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        throw new ValidationError(`--date ${JSON.stringify(date)} is not a UTC date YYYY-MM-DD`, {
          field: "date",
        });
      }
      await withRisk(options.scope, async (service) => {
        const report = await service.dailyReport(date);
        if (!report) throw new ValidationError(`no daily metrics recorded for ${date}`, { field: "date" });
        if (options.format === "json") printJson(report);
        else
          printTable([
            {
              date: report.date,
              starting: report.balance.starting,
              ending: report.balance.ending,
              peak: report.balance.peak,
              pnl: report.pnl.total,
              "pnl %": report.pnl.percent,
              trades: report.trades.total,
              "win rate": report.trades.win_rate,
              "max dd": report.risk_metrics.max_drawdown,
              fees: report.risk_metrics.total_fees,
            },
          ]);
      });
    });

  for (const [name, description] of [
    ["trip", "trip the circuit breaker by hand: no new entries until reset or expiry (audited)"],
    ["reset", "reset the circuit breaker by hand (audited)"],
  ] as const) {
    risk
      .command(name)
      .description(description)
      .requiredOption("--reason <text>", "why (goes to the audit log)")
      .option("--scope <scope>", "risk scope (account mode)", "paper")
      .addOption(formatOption())
      .action(async (options: { reason: string; scope: string; format: string }) => {
        await withRisk(options.scope, async (service) => {
          const actor = { actor: `cli:${process.env.USER ?? "operator"}` };
          if (name === "trip") await service.trip(options.reason, actor);
          else await service.reset(options.reason, actor);
          printStatus(service, options.format);
        });
      });
  }
}
