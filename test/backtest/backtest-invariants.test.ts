import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FundingSeries, runBacktest } from "../../src/backtest/index.ts";
import {
  type CandleColumns,
  candleColumnsFrom,
  createInstrument,
  type Fill,
} from "../../src/domain/index.ts";
import type { Strategy } from "../../src/engine/index.ts";

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const INSTRUMENT = createInstrument({ id: "PROP-PERP.SIM", maxLeverage: 10, maintenanceMarginRate: 0.05 });

type Action =
  | { kind: "market"; side: "BUY" | "SELL"; quantity: number }
  | { kind: "limit"; side: "BUY" | "SELL"; quantity: number; offset: number }
  | { kind: "stop"; side: "BUY" | "SELL"; quantity: number; offset: number }
  | { kind: "bracket"; side: "BUY" | "SELL"; quantity: number; stop: number; target: number }
  | { kind: "close" }
  | { kind: "cancel" }
  | { kind: "none" };

const side = fc.constantFrom("BUY" as const, "SELL" as const);
const quantity = fc.double({ min: 0.1, max: 30, noNaN: true });
const offset = fc.double({ min: 0.001, max: 0.05, noNaN: true });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("market" as const), side, quantity }),
  fc.record({ kind: fc.constant("limit" as const), side, quantity, offset }),
  fc.record({ kind: fc.constant("stop" as const), side, quantity, offset }),
  fc.record({ kind: fc.constant("bracket" as const), side, quantity, stop: offset, target: offset }),
  fc.constant({ kind: "close" as const }),
  fc.constant({ kind: "cancel" as const }),
  fc.constant({ kind: "none" as const }),
);

const bars = fc
  .array(
    fc.tuple(
      fc.double({ min: -0.04, max: 0.04, noNaN: true }),
      fc.double({ min: 0, max: 0.03, noNaN: true }),
      fc.double({ min: -0.02, max: 0.02, noNaN: true }),
    ),
    { minLength: 5, maxLength: 80 },
  )
  .map((steps): CandleColumns => {
    let price = 100;
    return candleColumnsFrom(
      steps.map(([change, range, gap], index) => {
        const open = price * (1 + gap);
        const close = open * (1 + change);
        price = close;
        return {
          timestamp: START + index * HOUR,
          open,
          high: Math.max(open, close) * (1 + range),
          low: Math.min(open, close) * (1 - range),
          close,
          volume: 1,
        };
      }),
    );
  });

function randomStrategy(actions: readonly Action[], fills: Fill[]): Strategy {
  let last: string | undefined;
  return {
    onFill: (_ctx, fill) => {
      fills.push(fill);
    },
    onBar(ctx) {
      const next = actions[ctx.index % actions.length] as Action;
      const price = ctx.close;
      const sign = (value: "BUY" | "SELL") => (value === "BUY" ? 1 : -1);
      switch (next.kind) {
        case "market":
          last = (next.side === "BUY" ? ctx.buy : ctx.sell).call(ctx, { quantity: next.quantity });
          break;
        case "limit":
          last = (next.side === "BUY" ? ctx.buy : ctx.sell).call(ctx, {
            quantity: next.quantity,
            price: price * (1 - sign(next.side) * next.offset),
          });
          break;
        case "stop":
          last = (next.side === "BUY" ? ctx.buy : ctx.sell).call(ctx, {
            quantity: next.quantity,
            type: "STOP_MARKET",
            triggerPrice: price * (1 + sign(next.side) * next.offset),
          });
          break;
        case "bracket":
          last = ctx.bracket({
            side: next.side,
            quantity: next.quantity,
            stopLoss: price * (1 - sign(next.side) * next.stop),
            takeProfits: [
              { price: price * (1 + sign(next.side) * next.target), fraction: 0.5 },
              { price: price * (1 + sign(next.side) * next.target * 2), fraction: 0.5 },
            ],
          });
          break;
        case "close":
          ctx.closePosition();
          break;
        case "cancel":
          if (last !== undefined) ctx.cancel(last);
          break;
        case "none":
          break;
      }
    },
  };
}

describe("backtest invariants (property tests)", () => {
  it("fills stay inside the bar, fees ≥ 0, equity = cash + Σ position value on every bar, closing everything returns all margin", () => {
    fc.assert(
      fc.property(
        bars,
        fc.array(action, { minLength: 1, maxLength: 20 }),
        fc.constantFrom("perpetual" as const, "cash" as const),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom("stop-first" as const, "ohlc" as const),
        fc.double({ min: -0.001, max: 0.001, noNaN: true }),
        (series, actions, mode, leverage, intrabarPath, fundingRate) => {
          const fills: Fill[] = [];
          const funding: FundingSeries = {
            timestamp: Float64Array.from(
              { length: series.length },
              (_, index) => (series.timestamp[index] as number) + 5,
            ),
            rate: new Float64Array(series.length).fill(fundingRate),
          };
          const cash = 5_000;
          const result = runBacktest({
            instruments: [INSTRUMENT],
            series: [series],
            funding: [funding],
            strategy: randomStrategy(actions, fills),
            cash,
            mode,
            leverage: mode === "cash" ? 1 : leverage,
            fees: { kind: "maker-taker", makerRate: 0.0002, takerRate: 0.0005 },
            slippageBps: 3,
            intrabarPath,
            sizing: { mode: "units", quantity: 1 },
            finalizeTrades: true,
          });
          const barOf = (time: number) => Math.round((time - START) / HOUR);
          for (const fill of fills) {
            const bar = barOf(fill.timestamp);
            expect(fill.price).toBeGreaterThanOrEqual(series.low[bar] as number);
            expect(fill.price).toBeLessThanOrEqual(series.high[bar] as number);
            expect(fill.fee).toBeGreaterThanOrEqual(0);
          }
          // Independent books: equity = cash − fees + funding − Σ(signed size · price) + size · close.
          let fillIndex = 0;
          let flow = cash;
          let quantityHeld = 0;
          const lastStep = series.length - 1;
          for (let step = 0; step < lastStep; step++) {
            // Funding settles at the bar's open on the size held before the bar (longs pay positive rates).
            if (mode === "perpetual") flow -= quantityHeld * (series.open[step] as number) * fundingRate;
            while (fillIndex < fills.length && barOf((fills[fillIndex] as Fill).timestamp) <= step) {
              const fill = fills[fillIndex++] as Fill;
              const signed = fill.side === "BUY" ? fill.quantity : -fill.quantity;
              flow -= fill.fee + signed * fill.price;
              quantityHeld += signed;
            }
            const expected = flow + quantityHeld * (series.close[step] as number);
            expect(result.equity[step] as number).toBeCloseTo(expected, 6);
          }
          // Everything closed at the end: equity is the starting cash plus every trade's net PnL.
          expect(result.openPositions).toEqual({});
          const totalPnl = result.trades.reduce((sum, trade) => sum + trade.pnl, 0);
          expect(result.equity[lastStep] as number).toBeCloseTo(cash + totalPnl, 6);
          for (const trade of result.trades) expect(trade.fees).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("market orders filled at once (property test)", () => {
  type MarketAction =
    | Action
    | { kind: "sized"; side: "BUY" | "SELL"; stop: number }
    | { kind: "reduce"; side: "BUY" | "SELL"; quantity: number };
  const marketAction: fc.Arbitrary<MarketAction> = fc.oneof(
    action,
    fc.record({ kind: fc.constant("sized" as const), side, stop: offset }),
    fc.record({ kind: fc.constant("reduce" as const), side, quantity }),
  );

  /** `randomStrategy` plus entries sized by the run's rule with a stop and a signal, and reduce-only exits. */
  function marketStrategy(actions: readonly MarketAction[], fills: Fill[]): Strategy {
    const base = randomStrategy(
      actions.map((next) => (next.kind === "sized" || next.kind === "reduce" ? { kind: "none" } : next)),
      fills,
    );
    return {
      onFill: base.onFill,
      onBar(ctx) {
        const next = actions[ctx.index % actions.length] as MarketAction;
        if (next.kind === "sized") {
          const direction = next.side === "BUY" ? 1 : -1;
          const options = { stopLoss: ctx.close * (1 - direction * next.stop), signal: { bar: ctx.index } };
          if (next.side === "BUY") ctx.buy(options);
          else ctx.sell(options);
        } else if (next.kind === "reduce") {
          const options = { quantity: next.quantity, reduceOnly: true, tag: "trim" };
          if (next.side === "BUY") ctx.buy(options);
          else ctx.sell(options);
        } else {
          base.onBar(ctx);
        }
      },
    };
  }

  it("gives the same orders, fills, trades and equity as sending them through the order books", () => {
    fc.assert(
      fc.property(
        bars,
        fc.array(marketAction, { minLength: 1, maxLength: 20 }),
        fc.constantFrom("perpetual" as const, "cash" as const),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(
          { mode: "units", quantity: 2 } as const,
          { mode: "all-in" } as const,
          { mode: "fraction", fraction: 0.3 } as const,
          { mode: "risk", fraction: 0.01 } as const,
        ),
        fc.constantFrom(0, 4),
        (series, actions, mode, leverage, sizing, slippageBps) => {
          const run = (approveEveryOrder: boolean) => {
            const fills: Fill[] = [];
            const result = runBacktest({
              instruments: [INSTRUMENT],
              series: [series],
              strategy: marketStrategy(actions, fills),
              cash: 5_000,
              mode,
              leverage: mode === "cash" ? 1 : leverage,
              fees: { kind: "maker-taker", makerRate: 0.0002, takerRate: 0.0005 },
              slippageBps,
              sizing,
              finalizeTrades: true,
              // A pre-trade check other than approve-all sends every order through the venue's books.
              ...(approveEveryOrder ? { preTradeCheck: { check: () => ({ approved: true as const }) } } : {}),
            });
            return { result, fills };
          };
          const direct = run(false);
          const booked = run(true);
          expect(direct.fills).toStrictEqual(booked.fills);
          expect(direct.result.orders).toStrictEqual(booked.result.orders);
          expect(direct.result.trades).toStrictEqual(booked.result.trades);
          expect(direct.result.equity).toStrictEqual(booked.result.equity);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("one instrument's fast bar path (property test)", () => {
  const OTHER = createInstrument({ id: "IDLE-PERP.SIM", maxLeverage: 10, maintenanceMarginRate: 0.05 });

  it("gives the same fills, trades (MAE/MFE included) and equity as the general several-instrument path", () => {
    fc.assert(
      fc.property(
        bars,
        fc.array(action, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        (series, actions, leverage) => {
          const run = (withIdleInstrument: boolean) => {
            const fills: Fill[] = [];
            const result = runBacktest({
              // A second instrument that never trades sends the run down the general path.
              instruments: withIdleInstrument ? [INSTRUMENT, OTHER] : [INSTRUMENT],
              series: withIdleInstrument ? [series, series] : [series],
              strategy: randomStrategy(actions, fills),
              cash: 5_000,
              leverage,
              fees: { kind: "maker-taker", makerRate: 0.0002, takerRate: 0.0005 },
              slippageBps: 2,
              sizing: { mode: "units", quantity: 1 },
              finalizeTrades: true,
            });
            return { result, fills };
          };
          const fast = run(false);
          const general = run(true);
          expect(fast.fills).toStrictEqual(general.fills);
          expect(fast.result.trades).toStrictEqual(general.result.trades);
          expect(fast.result.equity).toStrictEqual(general.result.equity);
        },
      ),
      { numRuns: 150 },
    );
  });
});
