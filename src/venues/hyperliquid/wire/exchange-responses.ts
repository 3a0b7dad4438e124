/**
 * `/exchange` responses: per-order statuses (`resting`, `filled`, `error`, waiting TP/SL children),
 * per-cancel statuses, the `default` acknowledgement and whole-request errors.
 */
import { z } from "zod";
import { Cloid, UnsignedDecimal, UnsignedInteger } from "./primitives.ts";

/** An order that rests on the book. */
export const RestingStatus = z.object({
  resting: z.object({ oid: UnsignedInteger, cloid: Cloid.optional() }),
});
/** An order that rests on the book. */
export type RestingStatus = z.output<typeof RestingStatus>;

/** An order that filled (fully, or partially for IOC with the rest canceled). */
export const FilledStatus = z.object({
  filled: z.object({
    totalSz: UnsignedDecimal,
    avgPx: UnsignedDecimal,
    oid: UnsignedInteger,
    cloid: Cloid.optional(),
  }),
});
/** An order that filled. */
export type FilledStatus = z.output<typeof FilledStatus>;

/** A rejected order or cancel, with Hyperliquid's message. */
export const ErrorStatus = z.object({ error: z.string() });
/** A rejection with Hyperliquid's message. */
export type ErrorStatus = z.output<typeof ErrorStatus>;

/** One entry of an `order` / `batchModify` response, in request order. */
export const OrderStatusWire = z.union([
  RestingStatus,
  FilledStatus,
  ErrorStatus,
  z.literal("waitingForFill"),
  z.literal("waitingForTrigger"),
]);
/** One order status. */
export type OrderStatusWire = z.output<typeof OrderStatusWire>;

/** One entry of a `cancel` / `cancelByCloid` response. */
export const CancelStatusWire = z.union([z.literal("success"), ErrorStatus]);
/** One cancel status. */
export type CancelStatusWire = z.output<typeof CancelStatusWire>;

/** A processed action. */
export const ExchangeOkResponse = z.object({
  status: z.literal("ok"),
  response: z.discriminatedUnion("type", [
    z.object({ type: z.literal("order"), data: z.object({ statuses: z.array(OrderStatusWire) }) }),
    z.object({ type: z.literal("cancel"), data: z.object({ statuses: z.array(CancelStatusWire) }) }),
    z.object({ type: z.literal("default") }),
  ]),
});
/** A processed action. */
export type ExchangeOkResponse = z.output<typeof ExchangeOkResponse>;

/** A refused request (bad nonce, unknown signer, ...): one plain message. */
export const ExchangeErrorResponse = z.object({ status: z.literal("err"), response: z.string() });
/** A refused request. */
export type ExchangeErrorResponse = z.output<typeof ExchangeErrorResponse>;

/** Any `/exchange` response. */
export const ExchangeResponse = z.discriminatedUnion("status", [ExchangeOkResponse, ExchangeErrorResponse]);
/** Any `/exchange` response. */
export type ExchangeResponse = z.output<typeof ExchangeResponse>;
