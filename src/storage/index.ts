export * from "./candle-repository.ts";
export * from "./database.ts";
export * from "./embedded-postgres.ts";
export * from "./migrator.ts";
export type * from "./schema.ts";
