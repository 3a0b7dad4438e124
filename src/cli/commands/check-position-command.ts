import type { Command } from "commander";
import { checkPosition } from "../../app/check-position.ts";
import { openDatabase } from "../../app/database-runtime.ts";
import { OperationalError } from "../../core/errors.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

/** `hlbot check-position --symbol BTC`: venue versus database; exit 1 when they differ. */
export function registerCheckPositionCommand(program: Command): void {
  program
    .command("check-position")
    .description(
      "compare the venue's position in one coin with the open positions in the database; exit 1 when they differ",
    )
    .requiredOption("--symbol <coin>", "coin, e.g. BTC")
    .addOption(formatOption())
    .action(async (options: { symbol: string; format: string }) => {
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      try {
        const result = await checkPosition(runtime.connection.database, config, options.symbol);
        if (options.format === "json") printJson(result);
        else printTable([result], ["symbol", "account", "venueSize", "databaseSize", "match"]);
        if (!result.match) {
          throw new OperationalError(
            `${result.symbol}: the venue holds ${result.venueSize} but the database has ${result.databaseSize} open`,
          );
        }
      } finally {
        await runtime.close();
      }
    });
}
