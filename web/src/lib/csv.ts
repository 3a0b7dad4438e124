/** One CSV field, quoted when it holds a comma, quote, or line break (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  // A leading =, +, - or @ makes spreadsheets run the cell as a formula; prefix a quote to keep it text.
  const safe = /^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV document with a header row. */
export function toCsv<T>(
  rows: readonly T[],
  columns: ReadonlyArray<readonly [string, (row: T) => unknown]>,
): string {
  const header = columns.map(([name]) => csvField(name)).join(",");
  const lines = rows.map((row) => columns.map(([, pick]) => csvField(pick(row))).join(","));
  return `${[header, ...lines].join("\r\n")}\r\n`;
}
