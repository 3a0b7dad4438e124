import { describe, expect, it } from "vitest";
import {
  AccountLedger,
  createInstrument,
  fundingPayment,
  liquidationPrice,
  Position,
  roundPrice,
  roundQuantity,
} from "../../src/domain/index.ts";

describe("net position accounting", () => {
  it("averages entries, realizes on reduction, flips at the fill price", () => {
    const position = new Position("X");
    expect(position.applyFill("BUY", 2, 100, 0.2)).toBe(0);
    expect(position.applyFill("BUY", 2, 110, 0.2)).toBe(0);
    expect(position.averageEntryPrice).toBe(105);
    expect(position.applyFill("SELL", 1, 120, 0.1)).toBe(15);
    expect(position.quantity).toBe(3);
    expect(position.averageEntryPrice).toBe(105);
    expect(position.applyFill("SELL", 5, 100, 0.5)).toBe(-15);
    expect(position).toMatchObject({ quantity: -2, averageEntryPrice: 100, realizedPnl: 0, side: "SHORT" });
    expect(position.fees).toBeCloseTo(1, 12);
    expect(position.unrealizedPnl(90)).toBe(20);
    expect(position.applyFill("BUY", 2, 90, 0)).toBe(20);
    expect(position.side).toBe("FLAT");
    expect(Number.isNaN(position.averageEntryPrice)).toBe(true);
  });

  it("keeps funding apart from realized PnL; longs pay positive rates", () => {
    expect(fundingPayment(10, 100, 0.0001)).toBeCloseTo(-0.1, 12);
    expect(fundingPayment(-10, 100, 0.0001)).toBeCloseTo(0.1, 12);
    const position = new Position("X");
    position.applyFill("BUY", 1, 100, 0);
    position.applyFunding(-0.5);
    expect(position).toMatchObject({ funding: -0.5, realizedPnl: 0 });
  });
});

describe("account ledger", () => {
  const instruments = [
    createInstrument({ id: "A", maxLeverage: 20 }),
    createInstrument({ id: "B", maxLeverage: 3 }),
  ];

  it("perpetual: equity = balance + unrealized, margin at the capped leverage", () => {
    const ledger = new AccountLedger({ mode: "perpetual", initialBalance: 1000, leverage: 5 }, instruments);
    ledger.applyFill(0, "BUY", 10, 100, 1);
    ledger.applyFill(1, "SELL", 3, 50, 0.5);
    ledger.marks[0] = 110;
    ledger.marks[1] = 40;
    expect(ledger.balance).toBeCloseTo(998.5, 12);
    expect(ledger.equity()).toBeCloseTo(998.5 + 100 + 30, 12);
    expect(ledger.marginUsed()).toBeCloseTo(1100 / 5 + 120 / 3, 12);
    ledger.applyFill(0, "SELL", 10, 110, 1);
    ledger.applyFill(1, "BUY", 3, 40, 0.5);
    expect(ledger.marginUsed()).toBe(0);
    expect(ledger.availableMargin()).toBeCloseTo(ledger.equity(), 12);
    expect(ledger.equity()).toBeCloseTo(1000 - 3 + 130, 12);
  });

  it("cash: buying moves cash into the position at its mark", () => {
    const ledger = new AccountLedger({ mode: "cash", initialBalance: 1000, leverage: 1 }, instruments);
    ledger.applyFill(0, "BUY", 5, 100, 1);
    ledger.marks[0] = 120;
    expect(ledger.balance).toBe(499);
    expect(ledger.equity()).toBe(1099);
  });

  it("liquidation price solves equity = maintenance margin", () => {
    const price = liquidationPrice(1000, 100, 100, 0.01);
    expect(price).toBeCloseTo(9000 / 99, 9);
    const equityAt = 1000 + 100 * (price - 100);
    expect(equityAt).toBeCloseTo(0.01 * 100 * price, 9);
    const short = liquidationPrice(1000, -100, 100, 0.01);
    expect(1000 - 100 * (short - 100)).toBeCloseTo(0.01 * 100 * short, 9);
    expect(Number.isNaN(liquidationPrice(20_000, 100, 100, 0.01))).toBe(true);
  });
});

describe("instrument rounding", () => {
  const instrument = createInstrument({ id: "BTC-PERP.HYPERLIQUID", tickSize: 0.1, lotSize: 0.001 });
  it.each([
    [100.04, 100],
    [100.05, 100.1],
    [0.30000000000000004, 0.3],
  ])("price %f → %f", (price, expected) => expect(roundPrice(instrument, price)).toBe(expected));
  it.each([
    [0.0019, 0.001],
    [0.3, 0.3],
    [1.23456, 1.234],
  ])("size %f → %f (down to the lot)", (quantity, expected) =>
    expect(roundQuantity(instrument, quantity)).toBe(expected),
  );
  it("rejects invalid specs", () => {
    expect(() => createInstrument({ id: "X", tickSize: -1 })).toThrow(/tickSize/);
    expect(() => createInstrument({ id: "X", maxLeverage: 0.5 })).toThrow(/maxLeverage/);
  });
});
