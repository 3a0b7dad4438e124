import { Command, CommanderError } from "commander";
import { AppError, ConfigError, describeError, ValidationError } from "../core/errors.ts";
import { APP_VERSION } from "../core/version.ts";
import { registerBacktestCommand } from "./commands/backtest-command.ts";
import { registerCandlesCommand } from "./commands/candles-command.ts";
import { registerCheckPositionCommand } from "./commands/check-position-command.ts";
import { registerDbCommand } from "./commands/db-command.ts";
import { registerParityCommand } from "./commands/parity-command.ts";
import { registerReportCommand } from "./commands/report-command.ts";
import { registerRiskCommand } from "./commands/risk-command.ts";
import { registerSignalsCommand } from "./commands/signals-command.ts";
import { registerSimulatorCommand } from "./commands/simulator-command.ts";
import { registerStartCommand } from "./commands/start-command.ts";
import { registerStrategiesCommand } from "./commands/strategies-command.ts";
import { registerUserCommand } from "./commands/user-command.ts";
import { registerWebCommand } from "./commands/web-command.ts";
import { registerWorkerCommand } from "./commands/worker-command.ts";

/** Exit codes: 0 success, 1 configuration or operational failure, 2 bad input. */
export const EXIT_CODES = { ok: 0, failure: 1, badInput: 2 } as const;

/** Builds the `hlbot` command tree. */
export function buildProgram(): Command {
  const program = new Command("hlbot")
    .description("Hyperliquid trading bot suite: backtest, paper and live trading under strict risk limits")
    .version(APP_VERSION)
    .exitOverride();
  registerStartCommand(program);
  registerDbCommand(program);
  registerCandlesCommand(program);
  registerBacktestCommand(program);
  registerUserCommand(program);
  registerRiskCommand(program);
  registerReportCommand(program);
  registerStrategiesCommand(program);
  registerSignalsCommand(program);
  registerWorkerCommand(program);
  registerSimulatorCommand(program);
  registerWebCommand(program);
  registerCheckPositionCommand(program);
  registerParityCommand(program);
  for (const command of program.commands) applyExitOverride(command);
  return program;
}

function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const child of command.commands) applyExitOverride(child);
}

/** Runs the CLI and sets the process exit code; errors print one line, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  // `hlbot ... | head` closes stdout early: stop quietly instead of crashing on EPIPE.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
    if (!(error instanceof CommanderError)) process.stderr.write(`hlbot: ${describeError(error)}\n`);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.exitCode === 0
    ) {
      return EXIT_CODES.ok;
    }
    if (error.code === "commander.help") return EXIT_CODES.ok;
    return EXIT_CODES.badInput;
  }
  if (error instanceof ValidationError) return EXIT_CODES.badInput;
  if (error instanceof ConfigError) return EXIT_CODES.failure;
  if (error instanceof AppError) return EXIT_CODES.failure;
  return EXIT_CODES.failure;
}
