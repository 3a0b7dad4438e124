export * from "./clock.ts";
export * from "./config.ts";
export * from "./errors.ts";
export * from "./logger.ts";
export * from "./version.ts";
