import { createOrder, type Fill, type Order, transitionOrder } from "../domain/index.ts";
import type { ExecutionEvents } from "../engine/index.ts";

/**
 * Forwards a fill to the engine. Fills of adopted orders (`db:` restored from the database, `ext-` found
 * on the venue) reach it as one-fill market orders, accepted then filled, because the engine cannot
 * adopt resting orders; the engine's own orders pass unchanged.
 */
export function forwardFillToEngine(
  engine: Pick<ExecutionEvents, "onOrderAccepted" | "onOrderFilled">,
  order: Order,
  fill: Fill,
): void {
  if (!order.id.startsWith("db:") && !order.id.startsWith("ext-")) {
    engine.onOrderFilled(order, fill);
    return;
  }
  const proxy = createOrder(
    {
      id: `${order.id}#${fill.tradeId}`,
      instrumentId: order.instrumentId,
      side: fill.side,
      type: "MARKET",
      quantity: fill.quantity,
      tag: order.tag,
    },
    fill.timestamp,
  );
  transitionOrder(proxy, "ACCEPTED");
  engine.onOrderAccepted(proxy);
  transitionOrder(proxy, "FILLED");
  proxy.filledQuantity = fill.quantity;
  proxy.averageFillPrice = fill.price;
  engine.onOrderFilled(proxy, fill.orderId === proxy.id ? fill : { ...fill, orderId: proxy.id });
}
