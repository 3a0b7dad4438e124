import type { z } from "zod";
import { ValidationError } from "../core/errors.ts";

/**
 * Parses a request body, query or params with a zod schema.
 * @throws {ValidationError} naming the first bad field and what is allowed (400 with the error envelope).
 */
export function parseBody<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "body";
  throw new ValidationError(`${field}: ${issue?.message ?? "invalid"}`, { field });
}
