import type { Command } from "commander";
import { listBundledStrategies } from "../../app/strategy-catalog.ts";
import { formatOption, printJson } from "../output.ts";

const show = (value: unknown) => (value === null || value === undefined ? "-" : String(value));

/** `hlbot strategies list`. */
export function registerStrategiesCommand(program: Command): void {
  const strategies = program.command("strategies").description("bundled trading strategies");
  strategies
    .command("list")
    .description("every bundled strategy with its parameters, defaults and bounds")
    .addOption(formatOption())
    .action((options: { format: string }) => {
      const list = listBundledStrategies();
      if (options.format === "json") {
        printJson({ strategies: list.map(({ jsonSchema: _schema, ...rest }) => rest) });
        return;
      }
      for (const strategy of list) {
        process.stdout.write(`${strategy.name}: ${strategy.description}\n`);
        for (const parameter of strategy.parameters) {
          const bounds =
            parameter.choices !== null
              ? `one of ${parameter.choices.map(String).join(", ")}`
              : `${show(parameter.minimum)} .. ${show(parameter.maximum)}`;
          process.stdout.write(
            `  --param ${parameter.name}=${show(parameter.default)}  (${parameter.type}, ${bounds})  ${parameter.description}\n`,
          );
        }
        process.stdout.write("\n");
      }
    });
}
