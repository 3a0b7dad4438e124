import { ValidationError } from "../core/errors.ts";
import type { FundingSeries } from "./funding-csv-parser.ts";

const HOUR_MS = 3_600_000;
/** A record up to this much before a whole hour is that hour's (clock jitter); later ones are late. */
const EARLY_MS = 60_000;

/**
 * The settlements of a recorded funding history: each record on the whole hour (UTC) it belongs to,
 * rates unchanged. Hyperliquid settles every hour and Binance every 8 hours, both on whole hours,
 * but recorded times carry jitter: milliseconds either way and the odd entry minutes late (about 15
 * in the bundled Hyperliquid file, see `shared/data/README.md`). So a record belongs to the last
 * whole hour at or before it, or to the next one when it is at most a minute early. Matched to bars
 * by its raw time, a late entry would be charged an hour late, on top of the next hour's own
 * settlement.
 *
 * @param source name used in error messages (the file).
 * @throws ValidationError when two records belong to the same hour: the file then holds one
 *   settlement twice and which rate applies cannot be told.
 */
export function fundingSettlements(series: FundingSeries, source: string): FundingSeries {
  const timestamp = new Float64Array(series.length);
  for (let index = 0; index < series.length; index++) {
    const recorded = series.timestamp[index] as number;
    const hour = Math.floor((recorded + EARLY_MS) / HOUR_MS) * HOUR_MS;
    if (index > 0 && hour <= (timestamp[index - 1] as number)) {
      const previous = series.timestamp[index - 1] as number;
      throw new ValidationError(
        `${source}: funding records at ${new Date(previous).toISOString()} and ${new Date(recorded).toISOString()} both settle at ${new Date(hour).toISOString()} (a record belongs to the whole hour at or before it, or to the next one when at most a minute early)`,
        { field: "funding" },
      );
    }
    timestamp[index] = hour;
  }
  return { length: series.length, timestamp, rate: series.rate };
}
