#!/usr/bin/env node
// Entry point of the `hlbot` command: loads ./.env when present (variables already set win),
// registers the TypeScript loader, then runs the CLI.
import { existsSync } from "node:fs";
import { register } from "tsx/esm/api";

if (existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile(".env");
register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
