/**
 * Executes verified L1 actions for an account: checks the wire rules (tick, lot, minimum value, price
 * band), calls the exchange core and answers in Hyperliquid's response shapes and messages.
 */
import {
  formatDecimal,
  isValidPrice,
  isValidSize,
  type L1Action,
  type OrderWire,
} from "../hyperliquid/index.ts";
import type { PlaceOrderCommand, PlaceOrderResult } from "./simulated-exchange.ts";
import {
  HL_MESSAGES,
  SCHEDULE_CANCEL_DAILY_LIMIT,
  SCHEDULE_CANCEL_MIN_DELAY_MS,
  type SimulatorContext,
} from "./simulator-context.ts";

type OrderStatusReply =
  | { resting: { oid: number; cloid?: string } }
  | { filled: { totalSz: string; avgPx: string; oid: number; cloid?: string } }
  | { error: string }
  | "waitingForFill"
  | "waitingForTrigger";

/** An `/exchange` reply. */
export type ExchangeReply =
  | { status: "ok"; response: { type: "order"; data: { statuses: OrderStatusReply[] } } }
  | { status: "ok"; response: { type: "cancel"; data: { statuses: Array<"success" | { error: string }> } } }
  | { status: "ok"; response: { type: "default" } }
  | { status: "err"; response: string };

const DEFAULT_REPLY: ExchangeReply = { status: "ok", response: { type: "default" } };
const MAX_REFERENCE_DEVIATION = 0.8;
const DAY_MS = 86_400_000;

const withAsset = (message: string, asset: number) => `${message} asset=${asset}`;

/** Validates one order against the wire rules; returns a command or an error message. */
function toCommand(context: SimulatorContext, account: string, wire: OrderWire): PlaceOrderCommand | string {
  const market = context.exchange.markets()[wire.a];
  if (!market) return HL_MESSAGES.unknownAsset;
  const trigger = "trigger" in wire.t ? wire.t.trigger : null;
  if (
    !isValidPrice(wire.p, market.sizeDecimals) ||
    (trigger && !isValidPrice(trigger.triggerPx, market.sizeDecimals))
  ) {
    return withAsset(HL_MESSAGES.tick, wire.a);
  }
  if (!isValidSize(wire.s, market.sizeDecimals)) return withAsset(HL_MESSAGES.invalidSize, wire.a);
  const price = Number(wire.p);
  const size = Number(wire.s);
  if (!wire.r && price * size < 10 - 1e-9) return withAsset(HL_MESSAGES.minimumValue, wire.a);
  const mid = context.exchange.mids()[market.coin] ?? price;
  if (Math.abs(price - mid) > MAX_REFERENCE_DEVIATION * mid) return HL_MESSAGES.tooFarFromReference;
  const tif = "limit" in wire.t ? wire.t.limit.tif : null;
  return {
    account,
    assetId: wire.a,
    side: wire.b ? "buy" : "sell",
    price,
    size,
    reduceOnly: wire.r,
    timeInForce: tif === null ? null : tif === "Gtc" || tif === "Alo" ? tif : "Ioc",
    trigger: trigger
      ? { isMarket: trigger.isMarket, triggerPrice: Number(trigger.triggerPx), kind: trigger.tpsl }
      : null,
    clientOrderId: wire.c ?? null,
  };
}

/** Maps an exchange result to the wire status. */
function statusOf(context: SimulatorContext, result: PlaceOrderResult, wire: OrderWire): OrderStatusReply {
  const cloid = wire.c ? { cloid: wire.c } : {};
  const market = context.exchange.markets()[wire.a];
  switch (result.status) {
    case "resting":
      return { resting: { oid: result.orderId, ...cloid } };
    case "waitingForTrigger":
      return "waitingForTrigger";
    case "filled":
      return {
        filled: {
          totalSz: formatDecimal(result.filledSize, market?.sizeDecimals ?? 8),
          avgPx: formatDecimal(result.averagePrice, 8),
          oid: result.orderId,
          ...cloid,
        },
      };
    case "rejected": {
      const message = {
        insufficientMargin: HL_MESSAGES.insufficientMargin,
        reduceOnlyWouldIncrease: HL_MESSAGES.reduceOnly,
        postOnlyWouldCross: HL_MESSAGES.postOnly(
          formatDecimal(result.bestBid ?? 0, 8),
          formatDecimal(result.bestAsk ?? 0, 8),
        ),
        iocCouldNotMatch: HL_MESSAGES.iocNoMatch,
        noLiquidity: HL_MESSAGES.noLiquidity,
        unknownAsset: HL_MESSAGES.unknownAsset,
        duplicateClientOrderId: HL_MESSAGES.duplicateCloid,
      }[result.reason];
      return { error: withAsset(message, wire.a) };
    }
  }
}

function placeOne(context: SimulatorContext, account: string, wire: OrderWire): OrderStatusReply {
  const command = toCommand(context, account, wire);
  if (typeof command === "string") return { error: command };
  return statusOf(context, context.exchange.placeOrder(command), wire);
}

function placeOrders(
  context: SimulatorContext,
  account: string,
  orders: readonly OrderWire[],
  grouping: unknown,
): OrderStatusReply[] {
  if (grouping !== "normalTpsl" || orders.length < 2)
    return orders.map((wire) => placeOne(context, account, wire));
  const [parent, ...children] = orders as [OrderWire, ...OrderWire[]];
  const parentStatus = placeOne(context, account, parent);
  if (typeof parentStatus === "object" && "filled" in parentStatus) {
    return [parentStatus, ...children.map((wire) => placeOne(context, account, wire))];
  }
  if (typeof parentStatus === "object" && "resting" in parentStatus) {
    const placeChildren = children.map((wire) => () => void placeOne(context, account, wire));
    context.pendingChildren.set(parentStatus.resting.oid, placeChildren);
    return [parentStatus, ...children.map(() => "waitingForFill" as const)];
  }
  return [parentStatus, ...children.map(() => ({ error: parentStatusMessage(parentStatus) }))];
}

function parentStatusMessage(status: OrderStatusReply): string {
  return typeof status === "object" && "error" in status ? status.error : "Parent order was not placed.";
}

function scheduleCancel(context: SimulatorContext, account: string, time: number | undefined): ExchangeReply {
  const now = context.clock.now();
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  const state = context.scheduledCancels.get(account) ?? { time: null, day, triggersToday: 0 };
  if (state.day !== day) {
    state.day = day;
    state.triggersToday = 0;
  }
  if (time === undefined) {
    state.time = null;
  } else {
    if (time < now + SCHEDULE_CANCEL_MIN_DELAY_MS)
      return { status: "err", response: HL_MESSAGES.scheduleTooEarly };
    if (state.triggersToday >= SCHEDULE_CANCEL_DAILY_LIMIT)
      return { status: "err", response: HL_MESSAGES.scheduleLimit };
    state.time = time;
  }
  context.scheduledCancels.set(account, state);
  return DEFAULT_REPLY;
}

/** Fires every dead-man's switch whose time has come. */
export function fireScheduledCancels(context: SimulatorContext): void {
  const now = context.clock.now();
  for (const [account, state] of context.scheduledCancels) {
    if (state.time === null || state.time > now) continue;
    state.time = null;
    state.triggersToday++;
    context.exchange.cancelAllOrders(account, "scheduledCancel");
  }
}

/** Executes one verified L1 action for `account`. */
export function executeL1Action(context: SimulatorContext, account: string, action: L1Action): ExchangeReply {
  switch (action.type) {
    case "order":
      return {
        status: "ok",
        response: {
          type: "order",
          data: { statuses: placeOrders(context, account, action.orders, action.grouping) },
        },
      };
    case "cancel":
      return {
        status: "ok",
        response: {
          type: "cancel",
          data: {
            statuses: action.cancels.map((cancel) =>
              context.exchange.cancelOrder(account, cancel.a, cancel.o)
                ? "success"
                : { error: withAsset(HL_MESSAGES.cancelMissing, cancel.a) },
            ),
          },
        },
      };
    case "cancelByCloid":
      return {
        status: "ok",
        response: {
          type: "cancel",
          data: {
            statuses: action.cancels.map((cancel) =>
              context.exchange.cancelByClientOrderId(account, cancel.asset, cancel.cloid)
                ? "success"
                : { error: withAsset(HL_MESSAGES.cancelMissing, cancel.asset) },
            ),
          },
        },
      };
    case "modify": {
      const status = modifyOne(context, account, action.oid, action.order);
      if (typeof status === "object" && "error" in status) return { status: "err", response: status.error };
      return DEFAULT_REPLY;
    }
    case "batchModify":
      return {
        status: "ok",
        response: {
          type: "order",
          data: {
            statuses: action.modifies.map((modify) => modifyOne(context, account, modify.oid, modify.order)),
          },
        },
      };
    case "scheduleCancel":
      return scheduleCancel(context, account, action.time);
    case "updateLeverage": {
      const error = context.exchange.updateLeverage(account, action.asset, action.isCross, action.leverage);
      return error ? { status: "err", response: error } : DEFAULT_REPLY;
    }
    case "noop":
      return DEFAULT_REPLY;
  }
}

function modifyOne(
  context: SimulatorContext,
  account: string,
  target: number | string,
  wire: OrderWire,
): OrderStatusReply {
  const command = toCommand(context, account, wire);
  if (typeof command === "string") return { error: command };
  if (command.timeInForce === "Ioc") return { error: HL_MESSAGES.modifyInvalid };
  const result = context.exchange.modifyOrder(account, target, command);
  if (result.status === "unknownOrder") return { error: withAsset(HL_MESSAGES.cancelMissing, wire.a) };
  return statusOf(context, result, wire);
}
