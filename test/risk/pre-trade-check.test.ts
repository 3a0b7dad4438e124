import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import {
  checkOrder,
  createRiskState,
  type OrderIntent,
  type RiskDenialCode,
  type RiskState,
  reduceRiskState,
  resolveRiskLimits,
} from "../../src/risk/index.ts";
import { account, entry, HOUR, limits, long, riskState, T0 } from "./risk-fixtures.ts";

type Case = {
  name: string;
  intent?: Partial<OrderIntent>;
  equity?: number;
  positions?: ReturnType<typeof long>[];
  state?: Partial<RiskState>;
  denied?: RiskDenialCode;
  message?: string;
};

const rules: Case[] = [
  { name: "risk just below the 3 % cap", intent: { stopPrice: 90, size: 29.9 } },
  { name: "risk at the 3 % cap", intent: { stopPrice: 90, size: 30 } },
  {
    name: "risk just above the 3 % cap",
    intent: { stopPrice: 90, size: 30.1 },
    denied: "RISK_PER_TRADE",
    message: "risk 3.01 % exceeds cap 3 %",
  },
  {
    name: "a sell risks from the stop above",
    intent: { side: "SELL", stopPrice: 110, size: 30.1, leverage: 1 },
    denied: "RISK_PER_TRADE",
  },
  {
    name: "REDUCED risk at the halved cap",
    intent: { stopPrice: 90, size: 15 },
    state: { tradingState: "REDUCED" },
  },
  {
    name: "REDUCED risk just above the halved cap",
    intent: { stopPrice: 90, size: 15.1 },
    state: { tradingState: "REDUCED" },
    denied: "RISK_PER_TRADE",
    message: "risk 1.51 % exceeds cap 1.5 % (REDUCED: 3 % × 0.5)",
  },
  {
    name: "daily loss at the REDUCED level halves the cap even before the state says so",
    intent: { stopPrice: 90, size: 15.1 },
    equity: 9775,
    denied: "RISK_PER_TRADE",
  },
  { name: "two positions open, a third is allowed", positions: [long("AVAX", 100), long("DOGE", 100)] },
  {
    name: "three positions open, a fourth is denied",
    positions: [long("AVAX", 100), long("DOGE", 100), long("LINK", 100)],
    denied: "MAX_POSITIONS",
    message: "3 positions open, the limit is 3: no new SOL position",
  },
  {
    name: "three positions open, adding to one of them is allowed",
    positions: [long("AVAX", 100), long("DOGE", 100), long("SOL", 100)],
  },
  { name: "notional just below the cap (10 % × 5 × equity)", intent: { size: 49.99 } },
  { name: "notional at the cap", intent: { size: 50 } },
  {
    name: "notional just above the cap",
    intent: { size: 50.01 },
    denied: "NOTIONAL_LIMIT",
    message: "position notional 5001 exceeds the cap 5000 (10 % of equity 10000 × leverage cap 5)",
  },
  {
    name: "an addition that takes the position over the cap",
    intent: { size: 20 },
    positions: [long("SOL", 3001)],
    denied: "NOTIONAL_LIMIT",
  },
  { name: "leverage just below the cap", intent: { leverage: 4.99 } },
  { name: "leverage at the cap", intent: { leverage: 5 } },
  {
    name: "leverage just above the cap",
    intent: { leverage: 5.01 },
    denied: "LEVERAGE_LIMIT",
    message: "leverage 5.01 exceeds the cap 5",
  },
  {
    name: "gross leverage at 5×",
    intent: { size: 50 },
    positions: [long("AVAX", 22_500), long("DOGE", 22_500)],
  },
  {
    name: "gross leverage just above 5×",
    intent: { size: 50 },
    positions: [long("AVAX", 22_500), long("DOGE", 22_510)],
    denied: "LEVERAGE_LIMIT",
    message: "gross leverage 5.001 would exceed the cap 5",
  },
  {
    name: "BTC + ETH just below 15 % of equity",
    intent: { instrument: "BTC", size: 4.99 },
    positions: [long("ETH", 1000)],
  },
  {
    name: "BTC + ETH at 15 % of equity",
    intent: { instrument: "BTC", size: 5 },
    positions: [long("ETH", 1000)],
  },
  {
    name: "BTC + ETH just above 15 % of equity",
    intent: { instrument: "BTC", size: 5.01 },
    positions: [long("ETH-PERP.HYPERLIQUID", 1000)],
    denied: "CORRELATED_EXPOSURE",
    message: "correlated notional of BTC/ETH 1501 (15.01 % of equity) exceeds 15 %",
  },
  {
    name: "BTCUSDT alone above 15 % of equity",
    intent: { instrument: "BTCUSDT", size: 16 },
    denied: "CORRELATED_EXPOSURE",
  },
  {
    name: "liquidation farther than 2 × the stop distance",
    intent: { stopPrice: 95, liquidationPrice: 89.99 },
  },
  { name: "liquidation at 2 × the stop distance", intent: { stopPrice: 95, liquidationPrice: 90 } },
  {
    name: "liquidation nearer than 2 × the stop distance",
    intent: { stopPrice: 95, liquidationPrice: 90.01 },
    denied: "LIQUIDATION_DISTANCE",
    message: "liquidation 90.01 is 9.99 from the entry 100, nearer than 2 × the stop distance 5 = 10",
  },
  {
    name: "estimated liquidation at 5× (80) is nearer than 2 × a 15-wide stop",
    intent: { stopPrice: 85, size: 1, leverage: 5 },
    denied: "LIQUIDATION_DISTANCE",
  },
  {
    name: "estimated liquidation at 5× (80) is exactly 2 × a 10-wide stop",
    intent: { stopPrice: 90, size: 1, leverage: 5 },
  },
  {
    name: "no stop",
    intent: { stopPrice: undefined },
    denied: "MISSING_STOP",
    message: "entry without a stop and without a declared max loss",
  },
  {
    name: "stop on the wrong side of a buy",
    intent: { stopPrice: 101 },
    denied: "MISSING_STOP",
    message: "stop 101 is not below the entry 100 of a buy",
  },
  { name: "stop equal to the entry", intent: { stopPrice: 100 }, denied: "MISSING_STOP" },
  { name: "no stop but a declared max loss at the cap", intent: { stopPrice: undefined, maxLoss: 300 } },
  {
    name: "no stop and a declared max loss above the cap",
    intent: { stopPrice: undefined, maxLoss: 301 },
    denied: "RISK_PER_TRADE",
  },
  { name: "daily loss just below the limit", equity: 9701 },
  {
    name: "daily loss at the limit",
    equity: 9700,
    denied: "DAILY_LOSS_LIMIT",
    message: "daily loss 3 % reached the limit 3 %",
  },
  { name: "daily loss just above the limit", equity: 9699, denied: "DAILY_LOSS_LIMIT" },
  {
    name: "drawdown just below 15 %",
    equity: 10_201,
    state: { highWaterMark: 12_000, dailyBaselineEquity: 10_300 },
  },
  {
    name: "drawdown at 15 %",
    equity: 10_200,
    state: { highWaterMark: 12_000, dailyBaselineEquity: 10_300 },
    denied: "DRAWDOWN_LIMIT",
    message: "drawdown 15 % from the high-water mark 12000 reached the limit 15 %",
  },
  {
    name: "drawdown just above 15 %",
    equity: 10_199,
    state: { highWaterMark: 12_000, dailyBaselineEquity: 10_300 },
    denied: "DRAWDOWN_LIMIT",
  },
  {
    name: "a tripped breaker",
    state: {
      tradingState: "HALTED",
      breaker: {
        code: "MANUAL_TRIP",
        reason: "maintenance",
        trippedAtMs: T0,
        untilMs: T0 + 24 * HOUR,
        emergency: false,
      },
    },
    denied: "CIRCUIT_BREAKER",
    message: "circuit breaker tripped (maintenance) until 2026-01-06T12:00:00.000Z: entries denied",
  },
  {
    name: "a loss-streak pause",
    state: { tradingState: "HALTED", consecutiveLosses: 3, lossStreakUntilMs: T0 + 24 * HOUR },
    denied: "LOSS_STREAK",
    message: "loss streak of 3 losing trades in a row: entries paused until 2026-01-06T12:00:00.000Z",
  },
  { name: "a HALTED state", state: { tradingState: "HALTED" }, denied: "TRADING_HALTED" },
  { name: "an EMERGENCY state", state: { tradingState: "EMERGENCY" }, denied: "TRADING_HALTED" },
  { name: "no equity", equity: 0, denied: "TRADING_HALTED" },
];

describe("checkOrder rules at, just below and just above each limit", () => {
  it.each(rules)("$name", ({ intent, equity, positions, state, denied, message }) => {
    const decision = checkOrder(entry(intent), account(equity, positions), riskState(state), limits);
    if (denied === undefined) {
      expect(decision).toEqual({ approved: true });
      return;
    }
    expect(decision).toMatchObject({ approved: false, code: denied });
    if (message !== undefined && !decision.approved) expect(decision.message).toBe(message);
  });
});

describe("checkOrder exits and stop changes", () => {
  const halted = riskState({
    tradingState: "EMERGENCY",
    breaker: {
      code: "DAILY_LOSS_EMERGENCY",
      reason: "x",
      trippedAtMs: T0,
      untilMs: T0 + HOUR,
      emergency: true,
    },
  });
  it.each([
    { kind: "exit" as const, reduceOnly: true },
    { kind: "exit" as const, reduceOnly: false },
    { kind: "stop-change" as const, reduceOnly: false },
    { kind: "entry" as const, reduceOnly: true },
  ])("approves $kind (reduceOnly $reduceOnly) in EMERGENCY, even without a stop or price", (kind) => {
    const intent = entry({ ...kind, stopPrice: undefined, entryPrice: Number.NaN, size: 1e9, leverage: 50 });
    expect(checkOrder(intent, account(-5), halted, limits)).toEqual({ approved: true });
  });

  it("approves an entry that only reduces the existing position", () => {
    const intent = entry({ side: "SELL", stopPrice: 101, size: 10 });
    const positions = [long("SOL", 3000), long("AVAX", 100), long("DOGE", 100)];
    expect(checkOrder(intent, account(10_000, positions), riskState(), limits)).toEqual({ approved: true });
  });
});

describe("checkOrder flips", () => {
  const short = [{ instrument: "SOL", side: "SHORT" as const, notional: 3000 }];
  it("checks a buy that flips a short in full", () => {
    const decision = checkOrder(
      entry({ stopPrice: 90, size: 40 }),
      account(10_000, short),
      riskState(),
      limits,
    );
    expect(decision).toMatchObject({
      approved: false,
      code: "RISK_PER_TRADE",
      message: "risk 4 % exceeds cap 3 %",
    });
  });

  it("approves a buy that only covers part of a short", () => {
    const decision = checkOrder(
      entry({ stopPrice: 50, size: 30 }),
      account(10_000, short),
      riskState(),
      limits,
    );
    expect(decision).toEqual({ approved: true });
  });
});

describe("checkOrder sizing", () => {
  it("sizes an entry without a size at 2 % risk", () => {
    const decision = checkOrder(entry({ size: undefined, stopPrice: 90 }), account(), riskState(), limits);
    expect(decision).toEqual({ approved: true, size: 20 });
  });

  it("halves the size in REDUCED", () => {
    const decision = checkOrder(
      entry({ size: undefined, stopPrice: 90 }),
      account(),
      riskState({ tradingState: "REDUCED" }),
      limits,
    );
    expect(decision).toEqual({ approved: true, size: 10 });
  });

  it("caps a sized correlated entry at the group's headroom", () => {
    const decision = checkOrder(
      entry({ instrument: "ETH", size: undefined, stopPrice: 99 }),
      account(10_000, [long("BTC", 1000)]),
      riskState(),
      limits,
    );
    expect(decision.approved).toBe(true);
    if (decision.approved) expect(decision.size).toBeCloseTo(5, 9);
  });

  it("denies a sized entry when the group has no headroom left", () => {
    const decision = checkOrder(
      entry({ instrument: "ETH", size: undefined }),
      account(10_000, [long("BTC", 1500)]),
      riskState(),
      limits,
    );
    expect(decision).toMatchObject({ approved: false, code: "CORRELATED_EXPOSURE" });
  });
});

describe("checkOrder inputs and limits", () => {
  it("throws on an entry with a non-finite price (an engine bug, not a risk decision)", () => {
    expect(() => checkOrder(entry({ entryPrice: Number.NaN }), account(), riskState(), limits)).toThrow(
      ValidationError,
    );
    expect(() => checkOrder(entry({ size: -1 }), account(), riskState(), limits)).toThrow(/size: got -1/);
  });

  it("uses per-bot limits", () => {
    const strict = resolveRiskLimits({ maxConcurrentPositions: 1, correlationGroups: [] });
    expect(checkOrder(entry(), account(10_000, [long("AVAX", 10)]), riskState(), strict)).toMatchObject({
      code: "MAX_POSITIONS",
    });
    expect(checkOrder(entry({ instrument: "BTC", size: 20 }), account(), riskState(), strict)).toEqual({
      approved: true,
    });
  });

  it("denies entries after the reducer trips the breaker and approves again after the cooldown", () => {
    let state = createRiskState(10_000, T0);
    state = reduceRiskState(state, { type: "mark-price", equity: 9650 }, limits, T0 + HOUR).state;
    expect(checkOrder(entry(), account(9650), state, limits)).toMatchObject({ code: "CIRCUIT_BREAKER" });
    state = reduceRiskState(state, { type: "tick" }, limits, T0 + 25 * HOUR).state;
    expect(checkOrder(entry(), account(9650), state, limits)).toEqual({ approved: true });
  });
});
