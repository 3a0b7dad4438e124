/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (or those whose file name contains one of the
 * arguments) and prints each figure beside its target. Timings never fail the run. Each module runs
 * in a process of its own, so that no section's heap, compiled code or leftover servers weigh on
 * another's figures.
 */
import { readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchFigure, BenchModule } from "./bench-result.ts";
import { runJsonChild } from "./json-child.ts";

const folder = dirname(fileURLToPath(import.meta.url));
const MODULE_FLAG = "--module";

// Child mode: run one module and print its title and figures as JSON on stdout.
const moduleIndex = process.argv.indexOf(MODULE_FLAG);
if (moduleIndex >= 0) {
  const file = process.argv[moduleIndex + 1] as string;
  const module = (await import(pathToFileURL(join(folder, file)).href)) as BenchModule;
  const figures = await module.run();
  process.stdout.write(`${JSON.stringify({ title: module.title, figures })}\n`);
  process.exit(0);
}

const filters = process.argv.slice(2).filter((argument) => !argument.startsWith("-"));
const json = process.argv.includes("--json");
const files = readdirSync(folder)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

const format = (value: number): string =>
  Math.abs(value) >= 1000 ? Math.round(value).toLocaleString("en-US") : value.toPrecision(4);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.error(`hlbot benchmarks on ${machine}`);
const all: Array<BenchFigure & { met: boolean }> = [];
for (const file of files) {
  const child = runJsonChild<{ title: string; figures: BenchFigure[] }>(
    fileURLToPath(import.meta.url),
    [MODULE_FLAG, file],
    true,
  );
  if (!child.ok) {
    console.error(`\n## ${file}: failed (${child.reason})`);
    process.exitCode = 1;
    continue;
  }
  const { title, figures } = child.value;
  console.error(`\n## ${title} (${file})`);
  for (const figure of figures) {
    const met = figure.better === "higher" ? figure.value >= figure.target : figure.value <= figure.target;
    all.push({ ...figure, met });
    const comparison = figure.better === "higher" ? "≥" : "≤";
    console.error(
      `  ${met ? "met " : "MISS"}  ${figure.name}: ${format(figure.value)} ${figure.unit}  (target ${comparison} ${format(figure.target)} ${figure.unit}, issue #${figure.issue})`,
    );
    if (figure.detail !== undefined) console.error(`        ${figure.detail}`);
  }
}
if (json) console.log(JSON.stringify({ machine, figures: all }, null, 2));
