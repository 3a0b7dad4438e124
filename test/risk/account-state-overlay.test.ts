import { describe, expect, it } from "vitest";
import { checkOrder, overlayAccountState, tradingStateRefusal } from "../../src/risk/index.ts";
import { account, entry, HOUR, limits, riskState, T0 } from "./risk-fixtures.ts";

describe("the account state over a node's own state", () => {
  const breaker = {
    code: "DAILY_LOSS_LIMIT" as const,
    reason: "daily loss 3 % reached the limit 3 %",
    trippedAtMs: T0,
    untilMs: T0 + 24 * HOUR,
    emergency: false,
  };

  it("adds nothing when the account is not more restrictive (same object back)", () => {
    const local = riskState({ tradingState: "REDUCED" });
    expect(overlayAccountState(local, riskState())).toBe(local);
  });

  it("takes the severer state, the account's breaker and the later loss-streak pause; keeps the node's numbers", () => {
    const local = riskState({ equity: 9_900, lossStreakUntilMs: T0 + HOUR });
    const merged = overlayAccountState(
      local,
      riskState({ tradingState: "HALTED", breaker, equity: 50_000, lossStreakUntilMs: T0 + 2 * HOUR }),
    );
    expect(merged).toMatchObject({
      tradingState: "HALTED",
      breaker,
      lossStreakUntilMs: T0 + 2 * HOUR,
      equity: 9_900,
    });
  });

  it("REDUCED on the account halves the risk cap of a node's entry: 2 % passes ACTIVE, is denied REDUCED", () => {
    const twoPercent = entry({ size: 20, stopPrice: 90 });
    expect(checkOrder(twoPercent, account(), riskState(), limits)).toMatchObject({ approved: true });
    const reduced = overlayAccountState(riskState(), riskState({ tradingState: "REDUCED" }));
    expect(checkOrder(twoPercent, account(), reduced, limits)).toMatchObject({
      approved: false,
      code: "RISK_PER_TRADE",
      message: expect.stringContaining("cap 1.5 %"),
    });
  });

  it("a tripped account breaker denies entries with CIRCUIT_BREAKER and still passes exits", () => {
    const halted = overlayAccountState(riskState(), riskState({ tradingState: "HALTED", breaker }));
    expect(checkOrder(entry(), account(), halted, limits)).toMatchObject({ code: "CIRCUIT_BREAKER" });
    const exit = entry({ side: "SELL", kind: "exit", reduceOnly: true });
    expect(
      checkOrder(
        exit,
        account(10_000, [{ instrument: "SOL", side: "LONG", notional: 1_000 }]),
        halted,
        limits,
      ),
    ).toMatchObject({ approved: true });
  });

  it("names the refusal of each restrictive state and none for ACTIVE or REDUCED", () => {
    expect(tradingStateRefusal(riskState(), limits)).toBeNull();
    expect(tradingStateRefusal(riskState({ tradingState: "REDUCED" }), limits)).toBeNull();
    expect(tradingStateRefusal(riskState({ tradingState: "HALTED" }), limits)?.code).toBe("TRADING_HALTED");
    expect(tradingStateRefusal(riskState({ lossStreakUntilMs: T0 + HOUR }), limits)?.code).toBe(
      "LOSS_STREAK",
    );
    expect(
      tradingStateRefusal(
        riskState({ tradingState: "EMERGENCY", breaker: { ...breaker, emergency: true } }),
        limits,
      ),
    ).toMatchObject({ code: "TRADING_HALTED", message: expect.stringContaining("EMERGENCY") });
  });
});
