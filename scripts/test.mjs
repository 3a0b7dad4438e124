#!/usr/bin/env node
// `npm test`: lint and format check (Biome), type check (tsc), import-direction check (dependency-cruiser),
// then every test (vitest). Runs all steps, then exits non-zero if any failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
const outputFolder = join(root, "test-output");
mkdirSync(outputFolder, { recursive: true });
const resultsFile = join(outputFolder, "vitest-results.json");
const extraArguments = process.argv.slice(2);

const steps = [
  { name: "biome (lint + format)", command: bin("biome"), args: ["check", "."] },
  { name: "tsc --noEmit", command: bin("tsc"), args: ["--noEmit", "-p", "tsconfig.json"] },
  { name: "tsc --noEmit (web)", command: bin("tsc"), args: ["--noEmit", "-p", "web/tsconfig.json"] },
  {
    name: "dependency direction",
    command: bin("depcruise"),
    args: ["src", "--config", ".dependency-cruiser.cjs"],
  },
  {
    name: "vitest",
    command: bin("vitest"),
    args: ["run", ...extraArguments],
    env: { VITEST_JSON_OUTPUT: resultsFile },
  },
];

const failed = [];
for (const step of steps) {
  process.stderr.write(`\n=== ${step.name} ===\n`);
  const started = Date.now();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(step.name);
    process.stderr.write(`=== ${step.name}: FAILED (${seconds} s) ===\n`);
  } else {
    process.stderr.write(`=== ${step.name}: ok (${seconds} s) ===\n`);
  }
}

let passed = 0;
let failedTests = 0;
let skipped = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  passed = results.numPassedTests ?? 0;
  failedTests = results.numFailedTests ?? 0;
  skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
}
if (failed.length > 0) process.stderr.write(`\nfailed steps: ${failed.join(", ")}\n`);
// A failed non-test step counts as one failure, so the closing line never reads as all green.
const failures = failedTests + failed.filter((name) => name !== "vitest").length;
console.log(`\nTests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failed.length > 0 ? 1 : 0);
