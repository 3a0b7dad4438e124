export * from "./clearinghouse.ts";
export * from "./fee-model.ts";
export * from "./matching-engine.ts";
export * from "./matching-listener.ts";
export * from "./order-admission.ts";
export * from "./order-book.ts";
export * from "./order-triggers.ts";
export * from "./price-path.ts";
