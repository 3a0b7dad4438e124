import { ValidationError } from "../core/errors.ts";
import type { FundingSeries } from "./funding-csv-parser.ts";

const HOUR_MS = 3_600_000;

/**
 * The settlements of a recorded funding history: each record's time rounded to the nearest whole
 * hour (UTC), rates unchanged. Hyperliquid settles every hour and Binance every 8 hours, both on
 * whole hours, but recorded times carry jitter (milliseconds, and the odd entry about 15 minutes
 * late, see `shared/data/README.md`); matched to bars by their raw time, a late entry would be
 * charged an hour late, on top of the next hour's own settlement.
 *
 * @param source name used in error messages (the file).
 * @throws ValidationError when two records round to the same hour: the file then holds one
 *   settlement twice and which rate applies cannot be told.
 */
export function fundingSettlements(series: FundingSeries, source: string): FundingSeries {
  const timestamp = new Float64Array(series.length);
  for (let index = 0; index < series.length; index++) {
    const recorded = series.timestamp[index] as number;
    const hour = Math.round(recorded / HOUR_MS) * HOUR_MS;
    if (index > 0 && hour <= (timestamp[index - 1] as number)) {
      const previous = series.timestamp[index - 1] as number;
      throw new ValidationError(
        `${source}: funding records at ${new Date(previous).toISOString()} and ${new Date(recorded).toISOString()} both settle at ${new Date(hour).toISOString()} (records are matched to the nearest whole hour)`,
        { field: "funding" },
      );
    }
    timestamp[index] = hour;
  }
  return { length: series.length, timestamp, rate: series.rate };
}
