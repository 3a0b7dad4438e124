import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";

const BTC = new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url)
  .pathname;
const folder = mkdtempSync(join(tmpdir(), "hlbot-backtest-exit-"));

/** `hlbot backtest` through the real binary (bin/hlbot.js → main), as scripts call it. */
function backtest(...args: string[]) {
  return runCli(["backtest", ...args]);
}

describe("hlbot backtest exit codes (the installed command)", () => {
  it("exits 2 with one line naming the problem for each kind of bad input", async () => {
    const malformed = join(folder, "malformed.csv");
    writeFileSync(malformed, "timestamp,open,high,low,close,volume\n1700000000000,10,9,11,10,1\n");
    const cases: Array<[string[], RegExp]> = [
      [["--data", join(folder, "missing.csv"), "--strategy", "sma-cross"], /missing\.csv does not exist/],
      [["--data", malformed, "--strategy", "sma-cross"], /malformed\.csv:2: high 9 is below low 11/],
      [["--data", BTC, "--strategy", "no-such-strategy"], /no-such-strategy/],
      [["--data", BTC, "--strategy", "sma-cross", "--param", "speed=3"], /speed/],
      [["--data", BTC, "--strategy", "sma-cross", "--param", "fast=0"], /fast/],
      [["--data", BTC, "--strategy", "sma-cross", "--cash", "-5"], /--cash must be a number > 0, got -5/],
    ];
    const results = await Promise.all(cases.map(([args]) => backtest(...args)));
    results.forEach((result, index) => {
      const [args, message] = cases[index] as [string[], RegExp];
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines, args.join(" ")).toHaveLength(1);
      expect(lines[0], args.join(" ")).toMatch(message);
    });
  });

  it("exits 0 on a run with warnings, which go to stderr while stdout keeps the one JSON object", async () => {
    const result = await backtest("--data", BTC, "--strategy", "sma-cross", "--format", "json");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: \d+ orders were not sent because their size came to 0/);
    expect(JSON.parse(result.stdout).warnings).toHaveLength(1);
  });
});
