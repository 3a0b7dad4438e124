import type { FundingSeries, OrderOutput } from "../backtest/index.ts";
import type { CandleSeries } from "../data/index.ts";
import type { AccountMode } from "../domain/index.ts";
import type { UnsentCause } from "../engine/index.ts";

/** What a finished backtest run tells {@link backtestWarnings}. */
export interface WarningInputs {
  readonly account: AccountMode;
  /** Orders not sent because their size came to 0, by cause. */
  readonly unsentOrders: Readonly<Record<UnsentCause, number>>;
  /** The run's order log (rejections and fill-time cancels by the venue are counted by reason). */
  readonly orders: readonly Pick<OrderOutput, "status" | "reason">[];
  /** The first instrument's series as run (after `--from`/`--to`); funding applies to it. */
  readonly series: CandleSeries;
  /** The funding file and its settlements, when `--funding` was given. */
  readonly funding?: { readonly file: string; readonly rates: FundingSeries };
  /** How far after a bar's open a settlement still settles at that bar, ms (the runner's tolerance). */
  readonly fundingToleranceMs: number;
}

const iso = (time: number): string => new Date(time).toISOString();
const orders = (count: number, verb: string): string =>
  `${count} ${count === 1 ? "order was" : "orders were"} ${verb}`;

/** Why orders came to size 0, per cause, as the end of a warning line. */
const UNSENT_HINTS: Record<UnsentCause, string> = {
  no_stop: "risk sizing sizes to the distance to an order's stop, and these had none (stopLoss)",
  no_margin: "no margin was available (it was all in use, or the equity was gone)",
  below_one_unit:
    "all-in sizing buys whole units only, and the account could not afford one whole unit at the price (try --sizing fraction:1, or more --cash)",
  below_lot: "their size came to less than one lot",
};

/**
 * Things about a run that are not errors but change what it means, one line each: orders never sent
 * because their size came to 0 (one line per cause), orders the venue rejected or canceled at the
 * fill for lack of margin (counted by reason; bracket legs refused with their parent are named, not
 * counted), and a funding file none of whose settlements could charge anything.
 */
export function backtestWarnings(inputs: WarningInputs): string[] {
  const warnings: string[] = [];
  for (const cause of Object.keys(UNSENT_HINTS) as UnsentCause[]) {
    const count = inputs.unsentOrders[cause];
    if (count > 0) {
      const size = count === 1 ? "its size" : "their size";
      warnings.push(`${orders(count, "not sent")} because ${size} came to 0: ${UNSENT_HINTS[cause]}`);
    }
  }
  warnings.push(...venueWarnings(inputs));
  const funding = fundingWarning(inputs);
  if (funding !== undefined) warnings.push(funding);
  return warnings;
}

function venueWarnings(inputs: WarningInputs): string[] {
  const rejected = new Map<string, number>();
  let legs = 0;
  let canceledForMargin = 0;
  for (const order of inputs.orders) {
    if (order.status === "REJECTED") {
      const reason = order.reason ?? "unknown";
      if (reason === "parent_rejected") legs++;
      else rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
    } else if (order.status === "CANCELED" && order.reason === "insufficient_margin") {
      canceledForMargin++;
    }
  }
  const margin =
    inputs.account === "cash"
      ? "a cash account cannot sell short, and a buy needs its notional plus the fee in cash"
      : "an order needs its notional / leverage plus the fee in available margin";
  const warnings: string[] = [];
  if (rejected.size > 0) {
    const count = [...rejected.values()].reduce((sum, value) => sum + value, 0);
    const reasons = [...rejected].map(([reason, times]) => `${reason} ×${times}`).join(", ");
    const withLegs = legs > 0 ? `, with ${legs} bracket ${legs === 1 ? "leg" : "legs"}` : "";
    const why = rejected.has("insufficient_margin") ? ` (${margin})` : "";
    warnings.push(`${orders(count, "rejected by the venue")}: ${reasons}${withLegs}${why}`);
  }
  if (canceledForMargin > 0) {
    warnings.push(
      `${orders(canceledForMargin, "canceled when they filled")}: insufficient_margin (${margin}, at the price of the fill)`,
    );
  }
  return warnings;
}

function fundingWarning(inputs: WarningInputs): string | undefined {
  const { funding, series } = inputs;
  if (funding === undefined || series.length === 0) return undefined;
  const first = series.timestamp[0] as number;
  const last = series.timestamp[series.length - 1] as number;
  const tolerance = inputs.fundingToleranceMs;
  const times = funding.rates.timestamp;
  // Settlements up to the first bar's open settle there, before any order has filled: they can
  // charge nothing. Those after the last bar never settle.
  for (let index = 0; index < times.length; index++) {
    const time = times[index] as number;
    if (time > first + tolerance && time <= last + tolerance) return undefined;
  }
  const covers =
    times.length === 0
      ? "it has no settlements"
      : `it covers ${iso(times[0] as number)} to ${iso(times[times.length - 1] as number)}`;
  return `funding file ${funding.file} has no settlement after the first of the data's bars (${iso(first)} to ${iso(last)}; ${covers}): no funding was charged`;
}
