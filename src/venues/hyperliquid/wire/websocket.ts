/**
 * WebSocket `/ws` frames: subscription requests (client → server) and the channel messages the engine
 * acts on (server → client): `allMids`, `l2Book`, `trades`, `candle`, `orderUpdates`, `userFills`,
 * `user` (userEvents).
 */
import { z } from "zod";
import { FillWire, FundingPaymentWire, OpenOrderWire } from "./info-account.ts";
import { CandleWire, L2Book } from "./info-market.ts";
import { Address, CandleIntervalWire, Hex, Side, UnsignedDecimal, UnsignedInteger } from "./primitives.ts";

/** A subscription as sent in `{"method":"subscribe","subscription":…}`. */
export const SubscriptionWire = z.discriminatedUnion("type", [
  z.object({ type: z.literal("allMids"), dex: z.string().optional() }),
  z.object({
    type: z.literal("l2Book"),
    coin: z.string().min(1),
    nSigFigs: z.number().int().nullish(),
    mantissa: z.number().int().nullish(),
  }),
  z.object({ type: z.literal("trades"), coin: z.string().min(1) }),
  z.object({ type: z.literal("candle"), coin: z.string().min(1), interval: CandleIntervalWire }),
  z.object({ type: z.literal("orderUpdates"), user: Address }),
  z.object({ type: z.literal("userFills"), user: Address, aggregateByTime: z.boolean().optional() }),
  z.object({ type: z.literal("userEvents"), user: Address }),
]);
/** A subscription. */
export type SubscriptionWire = z.output<typeof SubscriptionWire>;

/** A client frame: subscribe, unsubscribe, ping or post. */
export const WsClientFrame = z.discriminatedUnion("method", [
  z.object({ method: z.literal("subscribe"), subscription: z.record(z.string(), z.unknown()) }),
  z.object({ method: z.literal("unsubscribe"), subscription: z.record(z.string(), z.unknown()) }),
  z.object({ method: z.literal("ping") }),
  z.object({
    method: z.literal("post"),
    id: z.number().int(),
    request: z.object({ type: z.enum(["info", "action"]), payload: z.record(z.string(), z.unknown()) }),
  }),
]);
/** A client frame. */
export type WsClientFrame = z.output<typeof WsClientFrame>;

/** One public trade (`side` = aggressor, `users` = [buyer, seller]). */
export const TradeWire = z.object({
  coin: z.string(),
  side: Side,
  px: UnsignedDecimal,
  sz: UnsignedDecimal,
  hash: Hex,
  time: UnsignedInteger,
  tid: UnsignedInteger,
  users: z.tuple([Address, Address]),
});
/** One public trade. */
export type TradeWire = z.output<typeof TradeWire>;

/** One order update: the order, its new status (`open`, `filled`, `canceled`, …) and when. */
export const OrderUpdateWire = z.object({
  order: OpenOrderWire,
  status: z.string().min(1),
  statusTimestamp: UnsignedInteger,
});
/** One order update. */
export type OrderUpdateWire = z.output<typeof OrderUpdateWire>;

/** Payload of the `user` channel (userEvents subscription): exactly one kind per message. */
export const UserEventWire = z.union([
  z.object({ fills: z.array(FillWire) }),
  z.object({ funding: FundingPaymentWire.extend({ time: UnsignedInteger.optional() }) }),
  z.object({
    liquidation: z.object({
      lid: UnsignedInteger,
      liquidator: Address,
      liquidated_user: Address,
      liquidated_ntl_pos: UnsignedDecimal,
      liquidated_account_value: z.string(),
    }),
  }),
  z.object({ nonUserCancel: z.array(z.object({ coin: z.string(), oid: UnsignedInteger })) }),
]);
/** Payload of the `user` channel. */
export type UserEventWire = z.output<typeof UserEventWire>;

/** A server frame on a data channel the engine acts on. */
export const WsServerMessage = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("allMids"),
    data: z.object({ mids: z.record(z.string(), UnsignedDecimal), dex: z.string().optional() }),
  }),
  z.object({ channel: z.literal("l2Book"), data: L2Book }),
  z.object({ channel: z.literal("trades"), data: z.array(TradeWire) }),
  z.object({ channel: z.literal("candle"), data: CandleWire }),
  z.object({ channel: z.literal("orderUpdates"), data: z.array(OrderUpdateWire) }),
  z.object({
    channel: z.literal("userFills"),
    data: z.object({ user: Address, fills: z.array(FillWire), isSnapshot: z.boolean().optional() }),
  }),
  z.object({ channel: z.literal("user"), data: UserEventWire }),
  z.object({
    channel: z.literal("subscriptionResponse"),
    data: z.object({ method: z.enum(["subscribe", "unsubscribe"]), subscription: z.unknown() }),
  }),
  z.object({ channel: z.literal("pong") }),
  z.object({ channel: z.literal("error"), data: z.string() }),
  z.object({
    channel: z.literal("post"),
    data: z.object({
      id: z.number().int(),
      response: z.object({ type: z.enum(["info", "action", "error"]), payload: z.unknown() }),
    }),
  }),
]);
/** A server frame. */
export type WsServerMessage = z.output<typeof WsServerMessage>;

/** The text frame the server sends right after a connection opens (not JSON). */
export const WS_WELCOME_TEXT = "Websocket connection established.";
