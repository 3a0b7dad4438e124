import type { z } from "zod";
import { ValidationError } from "../../../core/index.ts";

/**
 * Parses an inbound Hyperliquid payload with its wire schema.
 *
 * @param schema the wire schema, e.g. `L2BookResponse`.
 * @param value the decoded JSON.
 * @param what names the payload in the error, e.g. `"l2Book response"`.
 * @returns the parsed value (decimals normalized, addresses lowercased).
 * @throws ValidationError naming the payload, the path of the first bad field and the issue, e.g.
 *   `Invalid l2Book response: levels.0.0.px: expected an unsigned decimal string such as "12.5"`.
 */
export function parseWire<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(root)";
  throw new ValidationError(`Invalid ${what}: ${path}: ${issue?.message ?? "unreadable payload"}`, {
    field: path,
    cause: result.error,
  });
}
