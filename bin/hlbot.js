#!/usr/bin/env node
// Entry point of the `hlbot` command: loads ./.env when present (variables already set win),
// registers the TypeScript loader, then runs the CLI. Commands that run backtests start again in a
// child process with the node options they run under (src/cli/node-options.ts).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

if (existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile(".env");
register();
const { backtestRelaunchArguments, relaunch } = await import("../src/cli/node-options.ts");
const relaunchArguments = backtestRelaunchArguments(
  process.argv,
  process.execArgv,
  fileURLToPath(import.meta.url),
);
if (relaunchArguments !== undefined) {
  relaunch(relaunchArguments);
} else {
  const { main } = await import("../src/cli/main.ts");
  await main(process.argv);
}
