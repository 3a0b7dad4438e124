import { describe, expect, it } from "vitest";
import {
  createRiskState,
  reduceRiskState,
  restoreRiskState,
  serializeRiskState,
} from "../../src/risk/index.ts";
import { HOUR, limits, T0 } from "./risk-fixtures.ts";

describe("risk state persistence", () => {
  it("round-trips through JSON and a restored HALTED state stays HALTED after its until-time", () => {
    const tripped = reduceRiskState(
      createRiskState(10_000, T0),
      { type: "mark-price", equity: 9600 },
      limits,
      T0,
    ).state;
    const restored = restoreRiskState(JSON.stringify(serializeRiskState(tripped)));
    expect(restored).toEqual(tripped);
    expect(restored.tradingState).toBe("HALTED");
    const later = restoreRiskState(JSON.parse(JSON.stringify(serializeRiskState(restored))));
    expect(later.breaker?.untilMs).toBe(T0 + 24 * HOUR);
    const next = reduceRiskState(later, { type: "tick" }, limits, T0 + 24 * HOUR);
    expect(next.changes.map((change) => change.code)).toEqual(["COOLDOWN_EXPIRED"]);
  });

  it("serialises to a plain object that does not share the breaker with the state", () => {
    const state = reduceRiskState(
      createRiskState(10_000, T0),
      { type: "trip", reason: "x" },
      limits,
      T0,
    ).state;
    const plain = serializeRiskState(state);
    expect(plain.breaker).toEqual(state.breaker);
    expect(plain.breaker).not.toBe(state.breaker);
  });

  it.each([
    ["not JSON", "{", "risk state: not valid JSON"],
    [
      "a wrong version",
      { ...serializeRiskState(createRiskState(1, T0)), version: 2 },
      "risk state version: got 2",
    ],
    [
      "an unknown state",
      { ...serializeRiskState(createRiskState(1, T0)), tradingState: "PAUSED" },
      'risk state tradingState: got "PAUSED"',
    ],
    [
      "a day start that is not midnight",
      { ...serializeRiskState(createRiskState(1, T0)), dayStartMs: T0 },
      "must be 00:00 UTC of a day",
    ],
    [
      "a breaker that ends before it trips",
      {
        ...serializeRiskState(createRiskState(1, T0)),
        breaker: { code: "MANUAL_TRIP", reason: "x", trippedAtMs: T0, untilMs: T0 - 1, emergency: false },
      },
      "risk state breaker.untilMs",
    ],
    ["a missing field", { version: 1 }, "risk state tradingState: got undefined"],
  ])("rejects %s", (_name, input, text) => {
    expect(() => restoreRiskState(input)).toThrow(text);
  });
});
