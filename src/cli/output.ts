import { Option } from "commander";

/** The `--format table|json` option every command that prints results accepts. */
export function formatOption(): Option {
  return new Option("--format <format>", "output format").choices(["table", "json"]).default("table");
}

/** Prints a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as an aligned text table on stdout. */
export function printTable(rows: ReadonlyArray<object>, columns?: string[]): void {
  if (rows.length === 0) {
    process.stdout.write("(none)\n");
    return;
  }
  const keys = columns ?? Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => keys.map((key) => formatCell((row as Record<string, unknown>)[key])));
  const widths = keys.map((key, index) =>
    Math.max(key.length, ...cells.map((line) => (line[index] ?? "").length)),
  );
  const render = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join("  ")
      .trimEnd();
  process.stdout.write(`${render(keys)}\n${render(widths.map((width) => "-".repeat(width)))}\n`);
  for (const line of cells) process.stdout.write(`${render(line)}\n`);
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number")
    return Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
  return String(value);
}

/** Commander collector for repeatable options (`--param a=1 --param b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
