import type { Command } from "commander";
import { listSignals } from "../../app/list-signals.ts";
import { ValidationError } from "../../core/errors.ts";
import { collect, formatOption, printJson, printTable } from "../output.ts";

/** `hlbot signals --data FILE --strategy confluence [--param k=v] [--format json]`. */
export function registerSignalsCommand(program: Command): void {
  program
    .command("signals")
    .description("list the confluence signals of a candle file with their scores and reasoning")
    .requiredOption("--data <file>", "candle CSV (base bars, e.g. 1m or 5m; 1h with --param profile=swing)")
    .option("--strategy <name>", "signal strategy (only confluence has signals)", "confluence")
    .option("--param <key=value>", "confluence strategy parameter; repeatable", collect, [])
    .addOption(formatOption())
    .action(async (options: { data: string; strategy: string; param: string[]; format: string }) => {
      if (options.strategy !== "confluence") {
        throw new ValidationError(`--strategy ${options.strategy} has no signals (only confluence)`, {
          field: "strategy",
        });
      }
      const { params, signals } = await listSignals(options.data, options.param);
      if (options.format === "json") {
        printJson({ strategy: "confluence", params, count: signals.length, signals });
        return;
      }
      printTable(
        signals.map((signal) => ({
          time: new Date(signal.time).toISOString(),
          side: signal.side,
          entry: signal.entry,
          stop: signal.stop,
          targets: signal.targets.map((target) => Number(target.toPrecision(6))).join(" / "),
          total: signal.reasoning.scores.total,
          summary: signal.reasoning.summary,
        })),
      );
      process.stdout.write(`${signals.length} signal(s)\n`);
    });
}
