/**
 * `/exchange` request bodies: the actions the adapter sends and the envelope that carries them.
 * Key order of each schema is the canonical order Hyperliquid hashes (L1 msgpack); the adapter builds
 * objects in that order and the simulator hashes exactly what it received.
 */
import { z } from "zod";
import { Address, Cloid, Hex, UnsignedDecimal, UnsignedInteger } from "./primitives.ts";

/** Time in force: good-til-canceled, immediate-or-cancel, add-liquidity-only (post-only). */
export const TimeInForceWire = z.enum(["Gtc", "Ioc", "Alo", "FrontendMarket", "LiquidationMarket"]);
/** Time in force on the wire. */
export type TimeInForceWire = z.output<typeof TimeInForceWire>;

/** Order type: a limit with a TIF, or a trigger (TP/SL) on the mark price. */
export const OrderTypeWire = z.union([
  z.strictObject({ limit: z.strictObject({ tif: TimeInForceWire }) }),
  z.strictObject({
    trigger: z.strictObject({
      isMarket: z.boolean(),
      triggerPx: UnsignedDecimal,
      tpsl: z.enum(["tp", "sl"]),
    }),
  }),
]);
/** Order type on the wire. */
export type OrderTypeWire = z.output<typeof OrderTypeWire>;

/** One order: a asset id, b is buy, p price, s size, r reduce-only, t type, c cloid. */
export const OrderWire = z.strictObject({
  a: UnsignedInteger,
  b: z.boolean(),
  p: UnsignedDecimal,
  s: UnsignedDecimal,
  r: z.boolean(),
  t: OrderTypeWire,
  c: Cloid.optional(),
});
/** One order on the wire. */
export type OrderWire = z.output<typeof OrderWire>;

/** Order grouping: plain, parent + TP/SL children, TP/SL on the whole position. */
export const GroupingWire = z.union([
  z.enum(["na", "normalTpsl", "positionTpsl"]),
  z.strictObject({ p: z.number().int() }),
]);
/** Order grouping. */
export type GroupingWire = z.output<typeof GroupingWire>;

/** `order` action. */
export const OrderAction = z.strictObject({
  type: z.literal("order"),
  orders: z.array(OrderWire),
  grouping: GroupingWire,
  builder: z.strictObject({ b: Address, f: UnsignedInteger }).optional(),
});
/** `order` action. */
export type OrderAction = z.output<typeof OrderAction>;

/** `cancel` action: cancels by venue order id. */
export const CancelAction = z.strictObject({
  type: z.literal("cancel"),
  cancels: z.array(z.strictObject({ a: UnsignedInteger, o: UnsignedInteger })),
});
/** `cancel` action. */
export type CancelAction = z.output<typeof CancelAction>;

/** `cancelByCloid` action. */
export const CancelByCloidAction = z.strictObject({
  type: z.literal("cancelByCloid"),
  cancels: z.array(z.strictObject({ asset: UnsignedInteger, cloid: Cloid })),
});
/** `cancelByCloid` action. */
export type CancelByCloidAction = z.output<typeof CancelByCloidAction>;

/** One modification: the order (by oid or cloid) and its replacement. */
export const ModifyWire = z.strictObject({ oid: z.union([UnsignedInteger, Cloid]), order: OrderWire });
/** One modification. */
export type ModifyWire = z.output<typeof ModifyWire>;

/** `modify` action. */
export const ModifyAction = z.strictObject({
  type: z.literal("modify"),
  oid: z.union([UnsignedInteger, Cloid]),
  order: OrderWire,
});
/** `modify` action. */
export type ModifyAction = z.output<typeof ModifyAction>;

/** `batchModify` action. */
export const BatchModifyAction = z.strictObject({
  type: z.literal("batchModify"),
  modifies: z.array(ModifyWire),
});
/** `batchModify` action. */
export type BatchModifyAction = z.output<typeof BatchModifyAction>;

/** `scheduleCancel` action: dead-man's switch at `time` (ms); no time clears it. */
export const ScheduleCancelAction = z.strictObject({
  type: z.literal("scheduleCancel"),
  time: UnsignedInteger.optional(),
});
/** `scheduleCancel` action. */
export type ScheduleCancelAction = z.output<typeof ScheduleCancelAction>;

/** `updateLeverage` action: integer leverage, cross or isolated. */
export const UpdateLeverageAction = z.strictObject({
  type: z.literal("updateLeverage"),
  asset: UnsignedInteger,
  isCross: z.boolean(),
  leverage: z.number().int().positive(),
});
/** `updateLeverage` action. */
export type UpdateLeverageAction = z.output<typeof UpdateLeverageAction>;

/** `noop` action: burns a nonce. */
export const NoopAction = z.strictObject({ type: z.literal("noop") });
/** `noop` action. */
export type NoopAction = z.output<typeof NoopAction>;

/** `approveAgent` (user-signed): lets `agentAddress` sign L1 actions for the signer's account. */
export const ApproveAgentAction = z.strictObject({
  type: z.literal("approveAgent"),
  signatureChainId: Hex,
  hyperliquidChain: z.enum(["Mainnet", "Testnet"]),
  agentAddress: Address,
  agentName: z.string().max(64).nullish(),
  nonce: UnsignedInteger,
});
/** `approveAgent` action. */
export type ApproveAgentAction = z.output<typeof ApproveAgentAction>;

/** Every L1 action the simulator understands. */
export const L1Action = z.discriminatedUnion("type", [
  OrderAction,
  CancelAction,
  CancelByCloidAction,
  ModifyAction,
  BatchModifyAction,
  ScheduleCancelAction,
  UpdateLeverageAction,
  NoopAction,
]);
/** An L1 action. */
export type L1Action = z.output<typeof L1Action>;

/** ECDSA signature `{r, s, v}`; r/s may lack leading zeros (python SDK), v 27/28 (or 0/1). */
export const SignatureWire = z.object({
  r: Hex.refine((value) => value.length > 2 && value.length <= 66, "r must be 1 to 32 bytes"),
  s: Hex.refine((value) => value.length > 2 && value.length <= 66, "s must be 1 to 32 bytes"),
  v: z.union([z.literal(27), z.literal(28), z.literal(0), z.literal(1)]),
});
/** ECDSA signature. */
export type SignatureWire = z.output<typeof SignatureWire>;

/** The `/exchange` envelope; `action` is kept raw here because its exact bytes are what was signed. */
export const ExchangeRequest = z.object({
  action: z.record(z.string(), z.unknown()).and(z.object({ type: z.string() })),
  nonce: UnsignedInteger,
  signature: SignatureWire,
  vaultAddress: Address.nullish(),
  expiresAfter: UnsignedInteger.nullish(),
});
/** The `/exchange` envelope. */
export type ExchangeRequest = z.output<typeof ExchangeRequest>;
