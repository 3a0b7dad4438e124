import { TestClock } from "../../src/core/clock.ts";
import { createInstrument, type Fill, type Instrument, type Order } from "../../src/domain/index.ts";
import {
  type FeeModel,
  type IntrabarPath,
  MatchingEngine,
  type MatchingListener,
} from "../../src/venues/matching/index.ts";

export type Bar = readonly [open: number, high: number, low: number, close: number];

export interface ScenarioOptions {
  bars: readonly Bar[];
  /** Called at bar i after the open was processed (orders meet the open). */
  actions?: Record<number, (engine: MatchingEngine) => void>;
  fees?: FeeModel;
  slippageBps?: number;
  path?: IntrabarPath;
  cash?: number;
  leverage?: number;
  mode?: "perpetual" | "cash";
  instrument?: Instrument;
  /** Funding rate settled at the open of bar i. */
  funding?: Record<number, number>;
}

export interface ScenarioResult {
  engine: MatchingEngine;
  fills: Array<Fill & { bar: number }>;
  events: string[];
  orders: Map<string, Order>;
  funding: number[];
}

export const INSTRUMENT = createInstrument({ id: "TEST-PERP.SIM", maxLeverage: 50 });
export const NO_FEES: FeeModel = { kind: "flat", rate: 0 };

/** Runs bars through a matching engine, recording fills and events per bar. */
export function runScenario(options: ScenarioOptions): ScenarioResult {
  const clock = new TestClock(0);
  const fills: Array<Fill & { bar: number }> = [];
  const events: string[] = [];
  const orders = new Map<string, Order>();
  const funding: number[] = [];
  let bar = 0;
  const listener: MatchingListener = {
    onOrderAccepted: (order) => {
      orders.set(order.id, order);
      events.push(`${bar}:accepted:${order.id}`);
    },
    onOrderRejected: (order, reason) => {
      orders.set(order.id, order);
      events.push(`${bar}:rejected:${order.id}:${reason}`);
    },
    onOrderTriggered: (order) => events.push(`${bar}:triggered:${order.id}`),
    onOrderFilled: (order, fill) => {
      fills.push({ ...fill, bar });
      events.push(`${bar}:filled:${order.id}:${fill.quantity}@${fill.price}`);
    },
    onOrderCanceled: (order, reason) => events.push(`${bar}:canceled:${order.id}:${reason}`),
    onOrderExpired: (order, reason) => events.push(`${bar}:expired:${order.id}:${reason}`),
    onOrderModified: (order) => events.push(`${bar}:modified:${order.id}`),
    onFunding: (_instrument, amount) => funding.push(amount),
  };
  const instrument = options.instrument ?? INSTRUMENT;
  const engine = new MatchingEngine({
    instruments: [instrument],
    account: {
      mode: options.mode ?? "perpetual",
      initialBalance: options.cash ?? 100_000,
      leverage: options.leverage ?? 1,
    },
    fees: options.fees ?? NO_FEES,
    slippageBps: options.slippageBps ?? 0,
    intrabarPath: options.path ?? "stop-first",
    clock,
    listener,
  });
  options.bars.forEach(([open, high, low, close], index) => {
    bar = index;
    clock.set(index * 60_000);
    engine.beginBar(0, open, high, low, close);
    const rate = options.funding?.[index];
    if (rate !== undefined) engine.settleFunding(0, rate);
    engine.processOpen(0);
    options.actions?.[index]?.(engine);
    engine.processIntrabar(0);
    engine.endBar(0);
  });
  return { engine, fills, events, orders, funding };
}

/** Shorthand for a request on the test instrument. */
export function request(
  id: string,
  side: "BUY" | "SELL",
  type: "MARKET" | "LIMIT" | "STOP_MARKET" | "STOP_LIMIT" | "TAKE_PROFIT_MARKET" | "TAKE_PROFIT_LIMIT",
  quantity: number,
  extra: {
    price?: number;
    triggerPrice?: number;
    timeInForce?: "GTC" | "IOC" | "ALO";
    reduceOnly?: boolean;
    parentId?: string;
    ocoGroup?: string;
    fractionOfParent?: number;
    tag?: string;
  } = {},
) {
  return { id, instrumentId: INSTRUMENT.id, side, type, quantity, ...extra } as const;
}
