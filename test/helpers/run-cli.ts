import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const HLBOT = fileURLToPath(new URL("../../bin/hlbot.js", import.meta.url));

/** The outcome of a finished CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: the caller's, minus any hlbot settings that would leak into tests. */
export function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    "DATABASE_URL",
    "REDIS_URL",
    "PORT",
    "PG_PORT",
    "PG_DATA_DIR",
    "HL_NETWORK",
    "LOG_LEVEL",
  ])
    delete env[key];
  // The dashboard server takes any free port unless a test picks one (tests run in parallel).
  return { ...env, NODE_ENV: "test", WEB_PORT: "0", PAPER_BOT_AUTOSTART: "false", ...extra };
}

/** Runs `hlbot ARGS` to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HLBOT, ...args], {
      env: cleanEnvironment(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running `hlbot` process (e.g. `start`) whose output is collected as it arrives. */
export interface RunningCli {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts `hlbot ARGS` in the background. */
export function spawnCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [HLBOT, ...args], {
    env: cleanEnvironment(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, output: () => output, exited };
}
