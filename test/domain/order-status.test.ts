import { describe, expect, it } from "vitest";
import {
  canTransition,
  createOrder,
  IllegalOrderTransitionError,
  ORDER_TRANSITIONS,
  type OrderStatus,
  transitionOrder,
} from "../../src/domain/index.ts";

const ALL: OrderStatus[] = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

const market = () =>
  createOrder(
    { id: "o1", instrumentId: "BTC-PERP.HYPERLIQUID", side: "BUY", type: "MARKET", quantity: 1 },
    0,
  );

describe("order state table", () => {
  it.each([
    ["SUBMITTED", "ACCEPTED"],
    ["SUBMITTED", "REJECTED"],
    ["SUBMITTED", "DENIED"],
    ["ACCEPTED", "TRIGGERED"],
    ["ACCEPTED", "PARTIALLY_FILLED"],
    ["ACCEPTED", "FILLED"],
    ["ACCEPTED", "CANCELED"],
    ["ACCEPTED", "EXPIRED"],
    ["TRIGGERED", "FILLED"],
    ["PARTIALLY_FILLED", "PARTIALLY_FILLED"],
    ["PARTIALLY_FILLED", "FILLED"],
    ["PARTIALLY_FILLED", "CANCELED"],
  ] as Array<[OrderStatus, OrderStatus]>)("allows %s → %s", (from, to) => {
    const order = market();
    order.status = from;
    transitionOrder(order, to);
    expect(order.status).toBe(to);
  });

  it.each([
    ["SUBMITTED", "FILLED"],
    ["ACCEPTED", "ACCEPTED"],
    ["ACCEPTED", "REJECTED"],
    ["FILLED", "CANCELED"],
    ["CANCELED", "FILLED"],
    ["REJECTED", "ACCEPTED"],
    ["EXPIRED", "ACCEPTED"],
    ["TRIGGERED", "TRIGGERED"],
  ] as Array<[OrderStatus, OrderStatus]>)("throws on %s → %s", (from, to) => {
    const order = market();
    order.status = from;
    expect(() => transitionOrder(order, to)).toThrow(IllegalOrderTransitionError);
    expect(order.status).toBe(from);
  });

  it("terminal states have no exits", () => {
    for (const terminal of ["FILLED", "CANCELED", "REJECTED", "EXPIRED", "DENIED"] as const) {
      for (const to of ALL) expect(canTransition(terminal, to)).toBe(false);
    }
  });

  it("validates orders when created", () => {
    const base = { id: "x", instrumentId: "I", side: "BUY" as const };
    expect(() => createOrder({ ...base, type: "LIMIT", quantity: 1 }, 0)).toThrow(/limit price/);
    expect(() => createOrder({ ...base, type: "STOP_MARKET", quantity: 1 }, 0)).toThrow(/trigger price/);
    expect(() => createOrder({ ...base, type: "MARKET", quantity: 0 }, 0)).toThrow(/quantity/);
    expect(() => createOrder({ ...base, type: "MARKET", quantity: 1, timeInForce: "ALO" }, 0)).toThrow(/ALO/);
    const stop = createOrder({ ...base, type: "STOP_MARKET", quantity: 1, triggerPrice: 10 }, 5);
    expect(stop).toMatchObject({ status: "SUBMITTED", triggered: false, timeInForce: "GTC", createdAt: 5 });
  });
});
