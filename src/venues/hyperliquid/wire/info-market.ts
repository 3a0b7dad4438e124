/**
 * Market-data `/info` requests and responses: `meta`, `allMids`, `l2Book`, `candleSnapshot`,
 * `fundingHistory`.
 */
import { z } from "zod";
import { CandleIntervalWire, Decimal, UnsignedDecimal, UnsignedInteger } from "./primitives.ts";

/** `{"type":"meta","dex"?}`: the perp universe. */
export const MetaRequest = z.object({ type: z.literal("meta"), dex: z.string().optional() });
/** Request for the perp universe. */
export type MetaRequest = z.output<typeof MetaRequest>;

/** One perp of `meta.universe`; its index is the asset id. */
export const PerpAssetInfo = z.object({
  name: z.string().min(1),
  szDecimals: z.number().int().min(0).max(8),
  maxLeverage: z.number().int().positive(),
  marginTableId: z.number().int().optional(),
  onlyIsolated: z.boolean().optional(),
  isDelisted: z.boolean().optional(),
  marginMode: z.enum(["strictIsolated", "noCross"]).optional(),
});
/** One perp of the universe. */
export type PerpAssetInfo = z.output<typeof PerpAssetInfo>;

/** One margin tier of a margin table. */
export const MarginTier = z.object({ lowerBound: UnsignedDecimal, maxLeverage: z.number().int().positive() });
/** One margin tier. */
export type MarginTier = z.output<typeof MarginTier>;

/** Response to `meta`. */
export const MetaResponse = z.object({
  universe: z.array(PerpAssetInfo),
  marginTables: z
    .array(
      z.tuple([z.number().int(), z.object({ description: z.string(), marginTiers: z.array(MarginTier) })]),
    )
    .optional(),
  collateralToken: z.number().int().optional(),
});
/** The perp universe with margin tables. */
export type MetaResponse = z.output<typeof MetaResponse>;

/** `{"type":"metaAndAssetCtxs","dex"?}`: the universe plus live context per asset. */
export const MetaAndAssetCtxsRequest = z.object({
  type: z.literal("metaAndAssetCtxs"),
  dex: z.string().optional(),
});
/** Request for the universe with asset contexts. */
export type MetaAndAssetCtxsRequest = z.output<typeof MetaAndAssetCtxsRequest>;

/** Live context of a perp (`funding` = current hourly rate; mid, premium and impact prices may be null). */
export const PerpAssetContext = z.object({
  dayNtlVlm: UnsignedDecimal,
  funding: Decimal,
  impactPxs: z.tuple([UnsignedDecimal, UnsignedDecimal]).nullable(),
  markPx: UnsignedDecimal,
  midPx: UnsignedDecimal.nullable(),
  openInterest: UnsignedDecimal,
  oraclePx: UnsignedDecimal,
  premium: Decimal.nullable(),
  prevDayPx: UnsignedDecimal,
  dayBaseVlm: UnsignedDecimal.optional(),
});
/** Live context of a perp. */
export type PerpAssetContext = z.output<typeof PerpAssetContext>;

/** Response to `metaAndAssetCtxs`: context index = universe index. */
export const MetaAndAssetCtxsResponse = z.tuple([MetaResponse, z.array(PerpAssetContext)]);
/** The universe with asset contexts. */
export type MetaAndAssetCtxsResponse = z.output<typeof MetaAndAssetCtxsResponse>;

/** `{"type":"allMids","dex"?}`. */
export const AllMidsRequest = z.object({ type: z.literal("allMids"), dex: z.string().optional() });
/** Request for every mid price. */
export type AllMidsRequest = z.output<typeof AllMidsRequest>;

/** Response to `allMids`: coin → mid price. */
export const AllMidsResponse = z.record(z.string(), UnsignedDecimal);
/** Coin → mid price. */
export type AllMidsResponse = z.output<typeof AllMidsResponse>;

/** `{"type":"l2Book","coin","nSigFigs"?,"mantissa"?}`. */
export const L2BookRequest = z.object({
  type: z.literal("l2Book"),
  coin: z.string().min(1),
  nSigFigs: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).nullish(),
  mantissa: z.union([z.literal(1), z.literal(2), z.literal(5)]).nullish(),
});
/** Request for a coin's aggregated book. */
export type L2BookRequest = z.output<typeof L2BookRequest>;

/** One aggregated price level: price, total size, number of orders. */
export const L2Level = z.object({ px: UnsignedDecimal, sz: UnsignedDecimal, n: UnsignedInteger });
/** One aggregated price level. */
export type L2Level = z.output<typeof L2Level>;

/** A book snapshot: bids (best first), asks (best first). */
export const L2Book = z.object({
  coin: z.string(),
  time: UnsignedInteger,
  levels: z.tuple([z.array(L2Level), z.array(L2Level)]),
});
/** A book snapshot. */
export type L2Book = z.output<typeof L2Book>;

/** Response to `l2Book`: `null` for an unknown coin. */
export const L2BookResponse = L2Book.nullable();
/** A book snapshot or null. */
export type L2BookResponse = z.output<typeof L2BookResponse>;

/** `{"type":"candleSnapshot","req":{coin,interval,startTime,endTime?}}`. */
export const CandleSnapshotRequest = z.object({
  type: z.literal("candleSnapshot"),
  req: z.object({
    coin: z.string().min(1),
    interval: CandleIntervalWire,
    startTime: UnsignedInteger,
    endTime: UnsignedInteger.nullish(),
  }),
});
/** Request for candles. */
export type CandleSnapshotRequest = z.output<typeof CandleSnapshotRequest>;

/** One candle: `t` open time, `T` close time (= t + interval − 1), OHLCV strings, `n` trades. */
export const CandleWire = z.object({
  t: UnsignedInteger,
  T: UnsignedInteger,
  s: z.string(),
  i: CandleIntervalWire,
  o: UnsignedDecimal,
  c: UnsignedDecimal,
  h: UnsignedDecimal,
  l: UnsignedDecimal,
  v: UnsignedDecimal,
  n: UnsignedInteger,
});
/** One candle. */
export type CandleWire = z.output<typeof CandleWire>;

/** Response to `candleSnapshot`, oldest first. */
export const CandleSnapshotResponse = z.array(CandleWire);
/** Candles, oldest first. */
export type CandleSnapshotResponse = z.output<typeof CandleSnapshotResponse>;

/** `{"type":"fundingHistory","coin","startTime","endTime"?}`. */
export const FundingHistoryRequest = z.object({
  type: z.literal("fundingHistory"),
  coin: z.string().min(1),
  startTime: UnsignedInteger,
  endTime: UnsignedInteger.nullish(),
});
/** Request for a coin's hourly funding rates. */
export type FundingHistoryRequest = z.output<typeof FundingHistoryRequest>;

/** One hourly funding rate. */
export const FundingRateWire = z.object({
  coin: z.string(),
  fundingRate: Decimal,
  premium: Decimal,
  time: UnsignedInteger,
});
/** One hourly funding rate. */
export type FundingRateWire = z.output<typeof FundingRateWire>;

/** Response to `fundingHistory`, oldest first. */
export const FundingHistoryResponse = z.array(FundingRateWire);
/** Hourly funding rates, oldest first. */
export type FundingHistoryResponse = z.output<typeof FundingHistoryResponse>;
