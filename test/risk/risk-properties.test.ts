import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccountSnapshot,
  checkOrder,
  createRiskState,
  LIMIT_TOLERANCE,
  type OrderIntent,
  type PositionExposure,
  type RiskEvent,
  type RiskState,
  reduceRiskState,
  restoreRiskState,
  serializeRiskState,
  utcDayStart,
} from "../../src/risk/index.ts";
import { HOUR, limits, T0 } from "./risk-fixtures.ts";

const price = fc.double({ min: 0.01, max: 100_000, noNaN: true, noDefaultInfinity: true });
const instrument = fc.constantFrom("BTC", "ETH", "SOL", "AVAX", "BTC-PERP.HYPERLIQUID", "DOGE");

const intentArbitrary: fc.Arbitrary<OrderIntent> = fc
  .record({
    instrument,
    side: fc.constantFrom("BUY" as const, "SELL" as const),
    kind: fc.constantFrom("entry" as const, "exit" as const, "stop-change" as const),
    reduceOnly: fc.boolean(),
    entryPrice: price,
    stopOffset: fc.option(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { nil: undefined }),
    size: fc.option(fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
      nil: undefined,
    }),
    leverage: fc.double({ min: 1, max: 20, noNaN: true }),
    maxLoss: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined }),
  })
  .map(({ stopOffset, maxLoss, size, ...rest }) => ({
    ...rest,
    ...(stopOffset === undefined ? {} : { stopPrice: rest.entryPrice * (1 + stopOffset) }),
    ...(maxLoss === undefined ? {} : { maxLoss }),
    ...(size === undefined ? {} : { size }),
  }));

const positionArbitrary: fc.Arbitrary<PositionExposure> = fc.record({
  instrument,
  side: fc.constantFrom("LONG" as const, "SHORT" as const),
  notional: fc.double({ min: 0, max: 20_000, noNaN: true }),
});

const snapshotArbitrary: fc.Arbitrary<AccountSnapshot> = fc.record({
  equity: fc.double({ min: 100, max: 100_000, noNaN: true }),
  positions: fc.uniqueArray(positionArbitrary, { maxLength: 4, selector: (position) => position.instrument }),
});

const eventArbitrary: fc.Arbitrary<RiskEvent> = fc.oneof(
  fc.record({
    type: fc.constant("mark-price" as const),
    equity: fc.double({ min: 5000, max: 15_000, noNaN: true }),
  }),
  fc.record({
    type: fc.constant("fill" as const),
    equity: fc.double({ min: 5000, max: 15_000, noNaN: true }),
  }),
  fc.record({
    type: fc.constant("trade-closed" as const),
    pnl: fc.double({ min: -500, max: 500, noNaN: true }),
    equity: fc.double({ min: 5000, max: 15_000, noNaN: true }),
  }),
  fc.constant({ type: "tick" as const }),
  fc.constant({ type: "day-roll" as const }),
  fc.constant({ type: "trip" as const, reason: "property test" }),
  fc.constant({ type: "reset" as const, reason: "property test" }),
);

const historyArbitrary = fc.array(fc.tuple(eventArbitrary, fc.integer({ min: 0, max: 30 * HOUR })), {
  maxLength: 30,
});

function replay(history: [RiskEvent, number][]): RiskState {
  let state = createRiskState(10_000, T0);
  let now = T0;
  for (const [event, delay] of history) {
    now += delay;
    state = reduceRiskState(state, event, limits, now).state;
  }
  return state;
}

const stateArbitrary = historyArbitrary.map(replay);

const fraction = (min: number, max: number, scale: number) =>
  fc.integer({ min: Math.round(min * scale), max: Math.round(max * scale) }).map((value) => value / scale);

const entryScenarioArbitrary = fc
  .record({
    state: fc.oneof(
      { weight: 3, arbitrary: fc.constant(createRiskState(10_000, T0)) },
      { weight: 1, arbitrary: stateArbitrary },
    ),
    equityFactor: fraction(0.98, 1.2, 10_000),
    instrument,
    side: fc.constantFrom("BUY" as const, "SELL" as const),
    entryPrice: fraction(0.01, 100_000, 100),
    stopFraction: fc.option(fraction(-0.01, 0.3, 10_000), { nil: undefined, freq: 8 }),
    riskFraction: fc.option(fraction(0.0001, 0.06, 100_000), { nil: undefined }),
    leverage: fraction(1, 5.5, 100),
    maxLoss: fc.option(fraction(1, 600, 100), { nil: undefined }),
    positions: fc.uniqueArray(
      fc.record({
        instrument,
        side: fc.constantFrom("LONG" as const, "SHORT" as const),
        notional: fraction(0, 3000, 100),
      }),
      { maxLength: 3, selector: (position) => position.instrument },
    ),
  })
  .map(({ state, equityFactor, stopFraction, riskFraction, maxLoss, positions, ...rest }) => {
    const equity = state.equity * equityFactor;
    const stopPrice =
      stopFraction === undefined
        ? undefined
        : rest.entryPrice * (rest.side === "BUY" ? 1 - stopFraction : 1 + stopFraction);
    const distance = stopPrice === undefined ? 0 : Math.abs(rest.entryPrice - stopPrice);
    const size =
      riskFraction === undefined || distance === 0 ? undefined : (equity * riskFraction) / distance;
    const intent: OrderIntent = {
      ...rest,
      kind: "entry",
      reduceOnly: false,
      ...(stopPrice === undefined ? {} : { stopPrice }),
      ...(size === undefined ? {} : { size }),
      ...(maxLoss === undefined ? {} : { maxLoss }),
    };
    return { intent, snapshot: { equity, positions } satisfies AccountSnapshot, state };
  });

function isEntry(intent: OrderIntent): boolean {
  return intent.kind === "entry" && !intent.reduceOnly;
}

describe("risk properties", () => {
  it("no approved entry adds more than the cap of risk (reductions add none)", () => {
    let approved = 0;
    fc.assert(
      fc.property(entryScenarioArbitrary, ({ intent, snapshot, state }) => {
        const decision = checkOrder(intent, snapshot, state, limits);
        if (!decision.approved) return;
        approved++;
        const size = decision.size ?? intent.size ?? 0;
        const held = snapshot.positions.find((position) => position.instrument === intent.instrument);
        const opposite = held !== undefined && (held.side === "LONG") !== (intent.side === "BUY");
        const opening = opposite ? Math.max(0, size - held.notional / intent.entryPrice) : size;
        if (opening === 0) return;
        const risk =
          intent.stopPrice === undefined
            ? (intent.maxLoss ?? 0)
            : opening * Math.abs(intent.entryPrice - intent.stopPrice);
        expect((risk / snapshot.equity) * 100).toBeLessThanOrEqual(
          limits.maxRiskPerTradePercent * (1 + LIMIT_TOLERANCE),
        );
      }),
      { numRuns: 5000 },
    );
    expect(approved).toBeGreaterThan(400);
  });

  it("nothing but exits and stop changes passes in HALTED or EMERGENCY", () => {
    fc.assert(
      fc.property(
        intentArbitrary,
        snapshotArbitrary,
        stateArbitrary,
        fc.constantFrom("HALTED" as const, "EMERGENCY" as const),
        (intent, snapshot, state, tradingState) => {
          const decision = checkOrder(intent, snapshot, { ...state, tradingState }, limits);
          if (decision.approved) expect(isEntry(intent)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("exits, reduce-only orders and stop changes are never denied", () => {
    fc.assert(
      fc.property(intentArbitrary, snapshotArbitrary, stateArbitrary, (intent, snapshot, state) => {
        fc.pre(!isEntry(intent));
        expect(checkOrder(intent, snapshot, state, limits)).toEqual({ approved: true });
      }),
      { numRuns: 2000 },
    );
  });

  it("the reducer only ever produces HALTED-or-worse while the breaker or a pause is on", () => {
    fc.assert(
      fc.property(stateArbitrary, (state) => {
        if (state.breaker !== null || state.lossStreakUntilMs !== null) {
          expect(["HALTED", "EMERGENCY"]).toContain(state.tradingState);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("state survives serialize/restore, and the restored state evolves exactly like the original", () => {
    fc.assert(
      fc.property(stateArbitrary, eventArbitrary, (state, event) => {
        const restored = restoreRiskState(JSON.parse(JSON.stringify(serializeRiskState(state))));
        expect(restored).toEqual(state);
        const later = state.updatedAtMs + HOUR;
        expect(reduceRiskState(restored, event, limits, later)).toEqual(
          reduceRiskState(state, event, limits, later),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("a day roll resets the daily loss but not the drawdown or an unexpired breaker", () => {
    fc.assert(
      fc.property(stateArbitrary, fc.integer({ min: 0, max: 20 * HOUR }), (state, offset) => {
        const nextDay = utcDayStart(state.updatedAtMs) + 24 * HOUR + offset;
        const { state: rolled } = reduceRiskState(state, { type: "tick" }, limits, nextDay);
        const breakerRuns = state.breaker !== null && state.breaker.untilMs > nextDay;
        expect(rolled.dayStartMs).toBe(utcDayStart(nextDay));
        if (breakerRuns) {
          expect(rolled.breaker).toEqual(state.breaker);
          expect(rolled.dailyBaselineEquity).toBe(state.equity);
          expect(rolled.highWaterMark).toBe(state.highWaterMark);
        }
        if (state.breaker === null)
          expect(rolled.highWaterMark).toBe(Math.max(state.highWaterMark, state.equity));
        expect(rolled.consecutiveLosses).toBe(
          state.lossStreakUntilMs !== null && state.lossStreakUntilMs <= nextDay
            ? 0
            : state.consecutiveLosses,
        );
      }),
      { numRuns: 1000 },
    );
  });
});
