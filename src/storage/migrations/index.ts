import type { Migration } from "kysely";
import * as initialSchema from "./0001-initial-schema.ts";

/** Every migration, keyed by its ordered name. Add new ones with the next number. */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-initial-schema": initialSchema,
};
