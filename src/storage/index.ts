export * from "./audit-log-repository.ts";
export * from "./candle-repository.ts";
export * from "./database.ts";
export * from "./embedded-postgres.ts";
export * from "./migrator.ts";
export * from "./refresh-token-repository.ts";
export * from "./risk-repository.ts";
export type * from "./schema.ts";
export * from "./user-repository.ts";
