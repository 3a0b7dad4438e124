import type { RiskLimits } from "./risk-limits.ts";

const QUOTE_SUFFIXES = ["USDT", "USDC", "BUSD", "USD", "PERP"] as const;

/**
 * The base asset of an instrument id, used to match correlation groups: the part before the first
 * `-`, `.`, `/` or `:`, upper-cased, without a trailing quote currency (`BTC-PERP.HYPERLIQUID`,
 * `btc`, `BTCUSDT`, `BTC/USDC:USDC` all give `BTC`).
 */
export function assetOf(instrument: string): string {
  const head = (instrument.split(/[-./:]/)[0] ?? instrument).toUpperCase();
  for (const suffix of QUOTE_SUFFIXES) {
    if (head.length > suffix.length && head.endsWith(suffix)) return head.slice(0, -suffix.length);
  }
  return head;
}

const groupIndexCache = new WeakMap<RiskLimits, Map<string, number>>();

/**
 * Index of the correlation group in `limits.correlationGroups` that holds `instrument`'s asset, or -1.
 * Memoised per limits object and instrument string, so repeated checks do not allocate.
 */
export function correlationGroupOf(instrument: string, limits: RiskLimits): number {
  let cache = groupIndexCache.get(limits);
  if (cache === undefined) {
    cache = new Map();
    groupIndexCache.set(limits, cache);
  }
  const cached = cache.get(instrument);
  if (cached !== undefined) return cached;
  const asset = assetOf(instrument);
  const index = limits.correlationGroups.findIndex((group) =>
    group.some((member) => assetOf(member) === asset),
  );
  cache.set(instrument, index);
  return index;
}
