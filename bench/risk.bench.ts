import {
  type AccountSnapshot,
  checkOrder,
  createRiskState,
  DEFAULT_RISK_LIMITS,
  type OrderIntent,
} from "../src/risk/index.ts";
import type { BenchFigure } from "./bench-result.ts";

export const title = "Risk manager pre-trade check (issue 6)";

const CHECKS = 1_000_000;
const BATCH = 100;

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** Per-check time in µs for each batch of {@link BATCH} checks, over `checks` checks. */
function measure(intents: readonly OrderIntent[], snapshot: AccountSnapshot, checks: number): Float64Array {
  const state = createRiskState(snapshot.equity, Date.UTC(2026, 0, 5, 12));
  const batches = new Float64Array(Math.floor(checks / BATCH));
  let approved = 0;
  for (let batch = 0; batch < batches.length; batch++) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < BATCH; index++) {
      const intent = intents[(batch * BATCH + index) % intents.length] as OrderIntent;
      if (checkOrder(intent, snapshot, state, DEFAULT_RISK_LIMITS).approved) approved++;
    }
    batches[batch] = Number(process.hrtime.bigint() - started) / 1000 / BATCH;
  }
  if (approved === 0) throw new Error("risk bench: no check was approved; the scenario is wrong");
  return batches.sort();
}

export async function run(): Promise<BenchFigure[]> {
  const snapshot: AccountSnapshot = {
    equity: 10_000,
    positions: [
      { instrument: "ETH", side: "LONG", notional: 900 },
      { instrument: "SOL", side: "SHORT", notional: 1200 },
    ],
  };
  const intents: OrderIntent[] = [];
  for (let index = 0; index < 64; index++) {
    const entryPrice = 100 + index;
    const buy = index % 2 === 0;
    intents.push({
      instrument: ["BTC", "AVAX", "SOL", "DOGE"][index % 4] as string,
      side: buy ? "BUY" : "SELL",
      kind: "entry",
      reduceOnly: false,
      entryPrice,
      stopPrice: buy ? entryPrice * 0.98 : entryPrice * 1.02,
      ...(index % 3 === 0 ? {} : { size: 2 + (index % 5) }),
      leverage: 1 + (index % 5),
    });
  }
  measure(intents, snapshot, 200_000);
  const sorted = measure(intents, snapshot, CHECKS);
  const figure = (name: string, value: number): BenchFigure => ({
    name,
    value,
    unit: "µs",
    target: 20,
    better: "lower",
    issue: 6,
  });
  return [
    figure(
      `pre-trade check p50 (${CHECKS.toLocaleString("en-US")} checks in batches of ${BATCH})`,
      percentile(sorted, 0.5),
    ),
    figure(
      `pre-trade check p99 (${CHECKS.toLocaleString("en-US")} checks in batches of ${BATCH})`,
      percentile(sorted, 0.99),
    ),
  ];
}
