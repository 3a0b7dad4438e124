import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/core/clock.ts";
import { ValidationError } from "../../src/core/errors.ts";
import {
  createRiskState,
  type RiskEvent,
  type RiskState,
  type RiskStateChange,
  reduceRiskState,
  type TradingState,
} from "../../src/risk/index.ts";
import { EQUITY, HOUR, limits, T0 } from "./risk-fixtures.ts";

function run(events: RiskEvent[], clock = new TestClock(T0), start: RiskState = createRiskState(EQUITY, T0)) {
  let state = start;
  const changes: RiskStateChange[] = [];
  for (const event of events) {
    const result = reduceRiskState(state, event, limits, clock.now());
    state = result.state;
    changes.push(...result.changes);
  }
  return { state, changes };
}

const equity = (value: number): RiskEvent => ({ type: "mark-price", equity: value });
const loss = (value: number): RiskEvent => ({ type: "trade-closed", pnl: -10, equity: value });

describe("reduceRiskState thresholds", () => {
  it.each<[string, number, TradingState]>([
    ["daily loss just below the REDUCED level (2.25 %)", 9776, "ACTIVE"],
    ["daily loss at the REDUCED level", 9775, "REDUCED"],
    ["daily loss just above the REDUCED level", 9774, "REDUCED"],
    ["daily loss just below the limit (3 %)", 9701, "REDUCED"],
    ["daily loss at the limit", 9700, "HALTED"],
    ["daily loss just above the limit", 9699, "HALTED"],
    ["daily loss just below the emergency level (5 %)", 9501, "HALTED"],
    ["daily loss at the emergency level", 9500, "EMERGENCY"],
    ["daily loss just above the emergency level", 9499, "EMERGENCY"],
  ])("%s → %s", (_name, value, expected) => {
    expect(run([equity(value)]).state.tradingState).toBe(expected);
  });

  it.each<[string, number, TradingState]>([
    ["drawdown just below 15 %", 10_201, "ACTIVE"],
    ["drawdown at 15 %", 10_200, "HALTED"],
    ["drawdown just above 15 %", 10_199, "HALTED"],
  ])("%s → %s", (_name, value, expected) => {
    const clock = new TestClock(T0);
    const events: RiskEvent[] = [equity(12_000)];
    const { state: peak } = run(events, clock);
    clock.advance(24 * HOUR);
    const { state } = run([equity(12_000), { type: "day-roll", equity: 10_300 }, equity(value)], clock, peak);
    expect(state.highWaterMark).toBe(12_000);
    expect(state.tradingState).toBe(expected);
  });

  it.each<[number, TradingState]>([
    [2, "ACTIVE"],
    [3, "HALTED"],
    [4, "HALTED"],
  ])("%i losing trades in a row → %s", (count, expected) => {
    const { state } = run(Array.from({ length: count }, () => loss(EQUITY - 1)));
    expect(state.tradingState).toBe(expected);
    expect(state.consecutiveLosses).toBe(count);
  });

  it("a winning trade resets the streak", () => {
    const { state } = run([
      loss(9990),
      loss(9980),
      { type: "trade-closed", pnl: 5, equity: 9985 },
      loss(9975),
    ]);
    expect(state).toMatchObject({ consecutiveLosses: 1, tradingState: "ACTIVE" });
  });
});

describe("reduceRiskState circuit breaker", () => {
  it("trips on the daily limit with the reason, the code and until = now + 24 h", () => {
    const { state, changes } = run([equity(9770), equity(9690)]);
    expect(state.breaker).toEqual({
      code: "DAILY_LOSS_LIMIT",
      reason: "daily loss 3.1 % reached the limit 3 %",
      trippedAtMs: T0,
      untilMs: T0 + 24 * HOUR,
      emergency: false,
    });
    expect(changes).toEqual([
      {
        atMs: T0,
        from: "ACTIVE",
        to: "REDUCED",
        code: "DAILY_LOSS_REDUCED",
        reason: "daily loss 2.3 % reached 75 % of the 3 % limit (2.25 %); new risk × 0.5",
      },
      {
        atMs: T0,
        from: "REDUCED",
        to: "HALTED",
        code: "DAILY_LOSS_LIMIT",
        reason: "daily loss 3.1 % reached the limit 3 %",
      },
    ]);
  });

  it("escalates to EMERGENCY and stays there when the loss recovers the same day", () => {
    const { state, changes } = run([equity(9690), equity(9400), equity(9900)]);
    expect(changes.map((change) => [change.code, change.to])).toEqual([
      ["DAILY_LOSS_LIMIT", "HALTED"],
      ["DAILY_LOSS_EMERGENCY", "EMERGENCY"],
    ]);
    expect(state.tradingState).toBe("EMERGENCY");
    expect(state.breaker?.emergency).toBe(true);
  });

  it("expires at the until-time, not a millisecond earlier (TestClock)", () => {
    const clock = new TestClock(T0);
    let { state } = run([equity(9690)], clock);
    clock.set(state.breaker?.untilMs ?? 0);
    const before = reduceRiskState(state, { type: "tick" }, limits, clock.now() - 1);
    expect(before.state.tradingState).toBe("HALTED");
    const after = reduceRiskState(before.state, { type: "tick" }, limits, clock.now());
    state = after.state;
    expect(state.breaker).toBeNull();
    expect(state.tradingState).toBe("ACTIVE");
    expect(after.changes).toEqual([
      expect.objectContaining({
        code: "COOLDOWN_EXPIRED",
        from: "HALTED",
        to: "ACTIVE",
        atMs: T0 + 24 * HOUR,
      }),
    ]);
  });

  it("trips on max drawdown and rebases the high-water mark when the cooldown expires", () => {
    const clock = new TestClock(T0);
    let { state } = run([equity(12_000)], clock);
    clock.advance(24 * HOUR);
    ({ state } = run([{ type: "day-roll", equity: 10_300 }, equity(10_150)], clock, state));
    expect(state.breaker).toMatchObject({
      code: "DRAWDOWN_LIMIT",
      reason: "drawdown 15.42 % from the high-water mark 12000 reached the limit 15 %",
    });
    clock.advance(24 * HOUR);
    ({ state } = run([{ type: "tick" }], clock, state));
    expect(state).toMatchObject({ tradingState: "ACTIVE", highWaterMark: 10_150, breaker: null });
  });

  it("trips manually with the operator's reason while already HALTED, and audits it", () => {
    const { state, changes } = run([
      loss(9999),
      loss(9998),
      loss(9997),
      { type: "trip", reason: " exchange incident " },
    ]);
    expect(state.breaker).toMatchObject({
      code: "MANUAL_TRIP",
      reason: "exchange incident",
      untilMs: T0 + 24 * HOUR,
    });
    expect(changes.at(-1)).toEqual({
      atMs: T0,
      from: "HALTED",
      to: "HALTED",
      code: "MANUAL_TRIP",
      reason: "manual trip: exchange incident",
    });
  });

  it("resets manually with a reason: clears breaker and loss streak, rebases the breached daily loss", () => {
    const { state, changes } = run([equity(9400), { type: "reset", reason: "reviewed" }, equity(9300)]);
    expect(changes.map((change) => change.code)).toEqual(["DAILY_LOSS_EMERGENCY", "MANUAL_RESET"]);
    expect(state).toMatchObject({ breaker: null, dailyBaselineEquity: 9400, tradingState: "ACTIVE" });
  });

  it.each(["", "   ", undefined])("refuses a manual trip or reset with reason %j", (reason) => {
    const state = createRiskState(EQUITY, T0);
    for (const type of ["trip", "reset"] as const) {
      expect(() => reduceRiskState(state, { type, reason } as RiskEvent, limits, T0)).toThrow(
        ValidationError,
      );
    }
  });

  it("ends a loss-streak pause after its cooldown and resets the count", () => {
    const clock = new TestClock(T0);
    let { state } = run([loss(9999), loss(9998), loss(9997)], clock);
    expect(state.lossStreakUntilMs).toBe(T0 + 24 * HOUR);
    clock.advance(24 * HOUR - 1);
    ({ state } = run([{ type: "tick" }], clock, state));
    expect(state.tradingState).toBe("HALTED");
    clock.advance(1);
    const result = run([{ type: "tick" }], clock, state);
    expect(result.state).toMatchObject({
      tradingState: "ACTIVE",
      consecutiveLosses: 0,
      lossStreakUntilMs: null,
    });
    expect(result.changes.map((change) => change.code)).toEqual(["LOSS_STREAK_EXPIRED"]);
  });
});

describe("reduceRiskState day roll", () => {
  it("resets the daily loss but not the drawdown, the breaker or the loss streak", () => {
    const clock = new TestClock(T0);
    let { state } = run([equity(12_000)], clock);
    ({ state } = run([equity(11_000)], clock, state));
    ({ state } = run([{ type: "trip", reason: "test" }, loss(10_990), loss(10_980)], clock, state));
    clock.set(Date.UTC(2026, 0, 6, 0, 0, 0));
    const { state: rolled, changes } = run([equity(10_950)], clock, state);
    expect(rolled).toMatchObject({
      dayStartMs: Date.UTC(2026, 0, 6),
      dailyBaselineEquity: 10_980,
      highWaterMark: 12_000,
      consecutiveLosses: 2,
      tradingState: "HALTED",
    });
    expect(rolled.breaker).toEqual(state.breaker);
    expect(changes).toEqual([]);
  });

  it("lifts REDUCED at the day roll and records why", () => {
    const clock = new TestClock(T0);
    const { state } = run([equity(9750)], clock);
    expect(state.tradingState).toBe("REDUCED");
    clock.advance(12 * HOUR);
    const rolled = run([{ type: "tick" }], clock, state);
    expect(rolled.state.tradingState).toBe("ACTIVE");
    expect(rolled.changes).toEqual([
      expect.objectContaining({ code: "DAY_ROLL", from: "REDUCED", to: "ACTIVE" }),
    ]);
  });

  it("does not move time backwards and rejects a non-finite equity", () => {
    const state = createRiskState(EQUITY, T0);
    expect(reduceRiskState(state, equity(9990), limits, T0 - HOUR).state.updatedAtMs).toBe(T0);
    expect(() => reduceRiskState(state, equity(Number.NaN), limits, T0)).toThrow(
      /equity must be a finite number/,
    );
  });
});
