import type { Order, Position } from "../domain/index.ts";
import type { ReconciliationIssue } from "./reconciliation.ts";
import type { TradingNodeStatus } from "./trading-node-options.ts";

/** What the status view is built from. */
export interface NodeStatusParts {
  readonly state: TradingNodeStatus["state"];
  readonly botId: string;
  readonly coin: string;
  /** The engine's position (undefined before the engine exists). */
  readonly position: Position | undefined;
  readonly openOrders: readonly Order[];
  readonly equity: number;
  readonly connected: boolean;
  readonly lastBarTime: number | null;
  readonly issues: readonly ReconciliationIssue[];
  readonly riskState: string | null;
  readonly error: string | null;
}

/** The node's view for the API: position (null when flat), working orders and health. */
export function describeNodeStatus(parts: NodeStatusParts): TradingNodeStatus {
  const position = parts.position;
  const held = position !== undefined && position.quantity !== 0;
  return {
    state: parts.state,
    botId: parts.botId,
    coin: parts.coin,
    position: held
      ? {
          side: position.side as "LONG" | "SHORT",
          size: Math.abs(position.quantity),
          entryPrice: position.averageEntryPrice,
        }
      : null,
    openOrders: parts.openOrders.map((order) => ({
      id: order.id,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      price: order.price,
      triggerPrice: order.triggerPrice,
      status: order.status,
    })),
    equity: parts.equity,
    connected: parts.connected,
    lastBarTime: parts.lastBarTime,
    reconciliationIssues: [...parts.issues],
    riskState: parts.riskState,
    error: parts.error,
  };
}
