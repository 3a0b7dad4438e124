/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (or those whose file name contains one of the
 * arguments) and prints each figure beside its target. Timings never fail the run.
 */
import { readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchFigure, BenchModule } from "./bench-result.ts";

const folder = dirname(fileURLToPath(import.meta.url));
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
  const module = (await import(pathToFileURL(join(folder, file)).href)) as BenchModule;
  console.error(`\n## ${module.title} (${file})`);
  const figures = await module.run();
  for (const figure of figures) {
    const met = figure.better === "higher" ? figure.value >= figure.target : figure.value <= figure.target;
    all.push({ ...figure, met });
    const comparison = figure.better === "higher" ? "≥" : "≤";
    console.error(
      `  ${met ? "met " : "MISS"}  ${figure.name}: ${format(figure.value)} ${figure.unit}  (target ${comparison} ${format(figure.target)} ${figure.unit}, issue #${figure.issue})`,
    );
  }
}
if (json) console.log(JSON.stringify({ machine, figures: all }, null, 2));
