import type { FundingSeries, OrderOutput } from "../backtest/index.ts";
import type { CandleSeries } from "../data/index.ts";
import type { Sizing } from "../engine/index.ts";

/** What a finished backtest run tells {@link backtestWarnings}. */
export interface WarningInputs {
  /** The run's default sizing (`--sizing`). */
  readonly sizing: Sizing;
  /** Orders not sent because their size came to 0. */
  readonly unsentOrders: number;
  /** The run's order log (rejections by the venue are counted by reason). */
  readonly orders: readonly Pick<OrderOutput, "status" | "reason">[];
  /** The first instrument's series as run (after `--from`/`--to`). */
  readonly series: CandleSeries;
  /** The funding file and its rates, when `--funding` was given. */
  readonly funding?: { readonly file: string; readonly rates: FundingSeries };
  /** How far after a bar's open a settlement still settles at that bar, ms (the runner's tolerance). */
  readonly fundingToleranceMs: number;
}

const iso = (time: number): string => new Date(time).toISOString();

/**
 * Things about a run that are not errors but that a user would want to know, one line each: orders
 * that were never sent because nothing was affordable, orders the venue rejected (by reason), and a
 * funding file that charged nothing because none of its settlements falls within the data.
 */
export function backtestWarnings(inputs: WarningInputs): string[] {
  const warnings: string[] = [];
  if (inputs.unsentOrders > 0) {
    const hint =
      inputs.sizing.mode === "all-in"
        ? "all-in sizing buys whole units only, so the account must afford one whole unit at the price (try --sizing fraction:1, or more --cash)"
        : inputs.sizing.mode === "risk"
          ? "risk sizing sizes to the distance to an order's stop, so an order without a stop (stopLoss) gets size 0"
          : "the size was below one lot or nothing was affordable";
    warnings.push(
      `${inputs.unsentOrders} ${inputs.unsentOrders === 1 ? "order was" : "orders were"} not sent because their size came to 0: ${hint}`,
    );
  }
  const rejected = new Map<string, number>();
  for (const order of inputs.orders) {
    if (order.status !== "REJECTED") continue;
    const reason = order.reason ?? "unknown";
    rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
  }
  if (rejected.size > 0) {
    const count = [...rejected.values()].reduce((sum, value) => sum + value, 0);
    const reasons = [...rejected].map(([reason, times]) => `${reason} ×${times}`).join(", ");
    const margin = rejected.has("insufficient_margin")
      ? " (an order needs its notional / leverage plus the fee in available margin)"
      : "";
    warnings.push(
      `${count} ${count === 1 ? "order was" : "orders were"} rejected by the venue: ${reasons}${margin}`,
    );
  }
  const funding = inputs.funding;
  const series = inputs.series;
  if (funding !== undefined && series.length > 0) {
    const first = series.timestamp[0] as number;
    const last = series.timestamp[series.length - 1] as number;
    const times = funding.rates.timestamp;
    let inside = false;
    for (let index = 0; index < times.length && !inside; index++) {
      const time = times[index] as number;
      inside = time >= first && time <= last + inputs.fundingToleranceMs;
    }
    if (!inside) {
      const covers =
        times.length === 0
          ? "it has no settlements"
          : `it covers ${iso(times[0] as number)} to ${iso(times[times.length - 1] as number)}`;
      warnings.push(
        `funding file ${funding.file} has no settlement between ${iso(first)} and ${iso(last)}, the data's bars (${covers}): no funding was charged`,
      );
    }
  }
  return warnings;
}
