/**
 * Account `/info` requests and responses: `clearinghouseState`, `openOrders`, `userFills`,
 * `userFillsByTime`, `userFunding`, `orderStatus`.
 */
import { z } from "zod";
import { Address, Cloid, Decimal, Hex, Side, UnsignedDecimal, UnsignedInteger } from "./primitives.ts";

/** `{"type":"clearinghouseState","user","dex"?}`. */
export const ClearinghouseStateRequest = z.object({
  type: z.literal("clearinghouseState"),
  user: Address,
  dex: z.string().optional(),
});
/** Request for a user's perp account state. */
export type ClearinghouseStateRequest = z.output<typeof ClearinghouseStateRequest>;

/** Margin summary of an account (all strings in USDC). */
export const MarginSummary = z.object({
  accountValue: Decimal,
  totalNtlPos: Decimal,
  totalRawUsd: Decimal,
  totalMarginUsed: Decimal,
});
/** Margin summary of an account. */
export type MarginSummary = z.output<typeof MarginSummary>;

/** Leverage setting of a position: cross, or isolated with its raw USD margin. */
export const LeverageWire = z.discriminatedUnion("type", [
  z.object({ type: z.literal("cross"), value: z.number().int().positive() }),
  z.object({ type: z.literal("isolated"), value: z.number().int().positive(), rawUsd: Decimal }),
]);
/** Leverage setting of a position. */
export type LeverageWire = z.output<typeof LeverageWire>;

/** One open perp position (`szi` signed: positive long, negative short). */
export const PositionWire = z.object({
  coin: z.string(),
  szi: Decimal,
  leverage: LeverageWire,
  entryPx: UnsignedDecimal,
  positionValue: UnsignedDecimal,
  unrealizedPnl: Decimal,
  returnOnEquity: Decimal,
  liquidationPx: UnsignedDecimal.nullable(),
  marginUsed: UnsignedDecimal,
  maxLeverage: z.number().int().positive(),
  cumFunding: z.object({ allTime: Decimal, sinceOpen: Decimal, sinceChange: Decimal }),
});
/** One open perp position. */
export type PositionWire = z.output<typeof PositionWire>;

/** Response to `clearinghouseState`. */
export const ClearinghouseStateResponse = z.object({
  marginSummary: MarginSummary,
  crossMarginSummary: MarginSummary,
  crossMaintenanceMarginUsed: UnsignedDecimal,
  withdrawable: UnsignedDecimal,
  assetPositions: z.array(z.object({ type: z.literal("oneWay"), position: PositionWire })),
  time: UnsignedInteger,
});
/** A user's perp account state. */
export type ClearinghouseStateResponse = z.output<typeof ClearinghouseStateResponse>;

/** `{"type":"openOrders","user","dex"?}`. */
export const OpenOrdersRequest = z.object({
  type: z.literal("openOrders"),
  user: Address,
  dex: z.string().optional(),
});
/** Request for a user's resting orders. */
export type OpenOrdersRequest = z.output<typeof OpenOrdersRequest>;

/** One resting order (`sz` = remaining size; `cloid`/`reduceOnly` only when set). */
export const OpenOrderWire = z.object({
  coin: z.string(),
  side: Side,
  limitPx: UnsignedDecimal,
  sz: UnsignedDecimal,
  oid: UnsignedInteger,
  timestamp: UnsignedInteger,
  origSz: UnsignedDecimal,
  cloid: Cloid.optional(),
  reduceOnly: z.boolean().optional(),
});
/** One resting order. */
export type OpenOrderWire = z.output<typeof OpenOrderWire>;

/** Response to `openOrders`. */
export const OpenOrdersResponse = z.array(OpenOrderWire);
/** A user's resting orders. */
export type OpenOrdersResponse = z.output<typeof OpenOrdersResponse>;

/** `{"type":"userFills","user","aggregateByTime"?}`. */
export const UserFillsRequest = z.object({
  type: z.literal("userFills"),
  user: Address,
  aggregateByTime: z.boolean().optional(),
});
/** Request for a user's most recent fills. */
export type UserFillsRequest = z.output<typeof UserFillsRequest>;

/** `{"type":"userFillsByTime","user","startTime","endTime"?,...}`. */
export const UserFillsByTimeRequest = z.object({
  type: z.literal("userFillsByTime"),
  user: Address,
  startTime: UnsignedInteger,
  endTime: UnsignedInteger.nullish(),
  aggregateByTime: z.boolean().optional(),
  reversed: z.boolean().optional(),
});
/** Request for a user's fills in a time range. */
export type UserFillsByTimeRequest = z.output<typeof UserFillsByTimeRequest>;

/** One fill (`crossed` true = taker; `fee` negative = rebate; `dir` e.g. "Open Long"). */
export const FillWire = z.object({
  coin: z.string(),
  px: UnsignedDecimal,
  sz: UnsignedDecimal,
  side: Side,
  time: UnsignedInteger,
  startPosition: Decimal,
  dir: z.string(),
  closedPnl: Decimal,
  hash: Hex,
  oid: UnsignedInteger,
  crossed: z.boolean(),
  fee: Decimal,
  tid: UnsignedInteger,
  feeToken: z.string(),
  builderFee: Decimal.optional(),
  cloid: Cloid.optional(),
  twapId: z.number().int().nullish(),
  liquidation: z
    .object({ liquidatedUser: Address, markPx: UnsignedDecimal, method: z.enum(["market", "backstop"]) })
    .optional(),
});
/** One fill. */
export type FillWire = z.output<typeof FillWire>;

/** Response to `userFills` / `userFillsByTime`. */
export const UserFillsResponse = z.array(FillWire);
/** A list of fills. */
export type UserFillsResponse = z.output<typeof UserFillsResponse>;

/** `{"type":"userFunding","user","startTime","endTime"?}`. */
export const UserFundingRequest = z.object({
  type: z.literal("userFunding"),
  user: Address,
  startTime: UnsignedInteger,
  endTime: UnsignedInteger.nullish(),
});
/** Request for a user's funding payments. */
export type UserFundingRequest = z.output<typeof UserFundingRequest>;

/** One funding payment (`usdc` negative = paid). */
export const FundingPaymentWire = z.object({
  coin: z.string(),
  usdc: Decimal,
  szi: Decimal,
  fundingRate: Decimal,
  nSamples: z.number().int().nullable(),
});
/** One funding payment. */
export type FundingPaymentWire = z.output<typeof FundingPaymentWire>;

/** Response to `userFunding`. */
export const UserFundingResponse = z.array(
  z.object({
    time: UnsignedInteger,
    hash: Hex,
    delta: FundingPaymentWire.extend({ type: z.literal("funding") }),
  }),
);
/** A user's funding payments. */
export type UserFundingResponse = z.output<typeof UserFundingResponse>;

/** `{"type":"frontendOpenOrders","user","dex"?}`. */
export const FrontendOpenOrdersRequest = z.object({
  type: z.literal("frontendOpenOrders"),
  user: Address,
  dex: z.string().optional(),
});
/** Request for a user's resting orders with trigger details. */
export type FrontendOpenOrdersRequest = z.output<typeof FrontendOpenOrdersRequest>;

/** A resting order with its type and trigger (also the order object of `orderStatus`). */
export const FrontendOpenOrderWire = OpenOrderWire.extend({
  cloid: Cloid.nullable(),
  reduceOnly: z.boolean(),
  triggerCondition: z.string(),
  isTrigger: z.boolean(),
  triggerPx: UnsignedDecimal,
  children: z.array(z.unknown()),
  isPositionTpsl: z.boolean(),
  orderType: z.enum([
    "Market",
    "Limit",
    "Stop Market",
    "Stop Limit",
    "Take Profit Market",
    "Take Profit Limit",
  ]),
  tif: z.enum(["Gtc", "Ioc", "Alo", "FrontendMarket", "LiquidationMarket"]).nullable(),
});
/** A resting order with its type and trigger. */
export type FrontendOpenOrderWire = z.output<typeof FrontendOpenOrderWire>;

/** Response to `frontendOpenOrders`. */
export const FrontendOpenOrdersResponse = z.array(FrontendOpenOrderWire);
/** A user's resting orders with trigger details. */
export type FrontendOpenOrdersResponse = z.output<typeof FrontendOpenOrdersResponse>;

/** Response to `orderStatus`: the order with its latest status, or `unknownOid`. */
export const OrderStatusResponse = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("order"),
    order: z.object({
      order: FrontendOpenOrderWire,
      status: z.string().min(1),
      statusTimestamp: UnsignedInteger,
    }),
  }),
  z.object({ status: z.literal("unknownOid") }),
]);
/** One order's latest status. */
export type OrderStatusResponse = z.output<typeof OrderStatusResponse>;

/** `{"type":"orderStatus","user","oid"}`: oid as number or cloid string. */
export const OrderStatusRequest = z.object({
  type: z.literal("orderStatus"),
  user: Address,
  oid: z.union([UnsignedInteger, Cloid]),
});
/** Request for one order's status. */
export type OrderStatusRequest = z.output<typeof OrderStatusRequest>;
