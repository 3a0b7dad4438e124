import type { AccountLedger, Order } from "../domain/index.ts";
import type { PreTradeDecision, PreTradeSnapshot } from "../engine/index.ts";
import {
  DEFAULT_RISK_LIMITS,
  type RiskLimits,
  type RiskState,
  type TradingStateRefusal,
  tradingStateRefusal,
} from "../risk/index.ts";
import type {
  AccountRiskReporter,
  ClosedTradeFigures,
  NodeAccountSnapshot,
} from "./account-risk-reporter.ts";

/**
 * The node's account figures from its engine ledger at `price` (the latest venue price; the ledger's
 * mark when not finite): equity = balance + unrealized PnL of the position.
 */
export function nodeAccountSnapshot(ledger: AccountLedger, price: number): NodeAccountSnapshot {
  const position = ledger.positions[0];
  const quantity = position?.quantity ?? 0;
  let unrealizedPnl = 0;
  if (position !== undefined && quantity !== 0) {
    const mark = Number.isFinite(price) ? price : (ledger.marks[0] as number);
    unrealizedPnl = position.unrealizedPnl(Number.isFinite(mark) ? mark : position.averageEntryPrice);
  }
  return { equity: ledger.balance + unrealizedPnl, unrealizedPnl, openPositions: quantity === 0 ? 0 : 1 };
}

/**
 * Why the account-wide state refuses an entry of a node without its own risk gate, or undefined
 * (see {@link tradingStateRefusal}).
 */
export function accountEntryRefusal(
  account: RiskState | undefined,
  limits: RiskLimits = DEFAULT_RISK_LIMITS,
): TradingStateRefusal | undefined {
  return account === undefined ? undefined : (tradingStateRefusal(account, limits) ?? undefined);
}

/**
 * One node's reports to the account risk manager. Fills the node sees before it is live (reconciliation
 * at start, before the engine exists) are kept and reported right after {@link NodeRiskReporting.start},
 * with the snapshot of that moment (their effect on equity is already in the venue's account value).
 */
export class NodeRiskReporting {
  private live = false;
  private readonly early: Array<{ fee: number; trade: ClosedTradeFigures | undefined; atMs: number }> = [];

  constructor(private readonly reporter: AccountRiskReporter | undefined) {}

  /** The node went live with `snapshot` (its equity is the venue's account value). */
  start(snapshot: NodeAccountSnapshot, atMs: number): void {
    if (this.reporter === undefined) return;
    this.reporter.started(snapshot, atMs);
    this.live = true;
    for (const fill of this.early.splice(0)) this.fill(snapshot, fill.fee, fill.trade, fill.atMs);
  }

  /** A fill paid `fee` and maybe closed a round trip; `snapshot` is undefined before the node is live. */
  fill(
    snapshot: NodeAccountSnapshot | undefined,
    fee: number,
    trade: ClosedTradeFigures | undefined,
    atMs: number,
  ): void {
    if (this.reporter === undefined) return;
    if (!this.live || snapshot === undefined) {
      this.early.push({ fee, trade, atMs });
      return;
    }
    this.reporter.filled(snapshot, fee, atMs);
    if (trade !== undefined) this.reporter.tradeClosed(snapshot, trade, atMs);
  }

  /** A funding payment. */
  funding(snapshot: NodeAccountSnapshot, amount: number, atMs: number): void {
    if (this.live) this.reporter?.funded(snapshot, amount, atMs);
  }

  /** The price moved. */
  mark(snapshot: NodeAccountSnapshot, atMs: number): void {
    if (this.live) this.reporter?.marked(snapshot, atMs);
  }

  /** The node stopped. */
  stop(snapshot: NodeAccountSnapshot, atMs: number): void {
    if (!this.live) return;
    this.live = false;
    this.reporter?.stopped(snapshot, atMs);
  }
}

/** What a node's pre-trade decision depends on besides the order. */
export interface NodeCheckContext {
  /** History replay at start: nothing is sent. */
  readonly replaying: boolean;
  readonly issues: readonly { message: string }[];
  /** A custom account refusal (the caller's guard). */
  readonly guard: (() => { code: string; message: string } | undefined) | undefined;
  readonly account: RiskState | undefined;
  readonly gate:
    | {
        check(order: Order, snapshot: PreTradeSnapshot, account?: RiskState): PreTradeDecision;
      }
    | undefined;
  readonly limits: RiskLimits | undefined;
}

/**
 * The node's pre-trade decision: nothing during history replay (`WARMUP`); entries refused by the guard,
 * by the account state (nodes without a gate) or while reconciliation issues are open
 * (`RECONCILIATION_PENDING`); then the risk gate with the account state over its own. Exits (reduce-only
 * or against the held position) skip the entry refusals.
 */
export function nodePreTradeDecision(
  order: Order,
  snapshot: PreTradeSnapshot,
  context: NodeCheckContext,
): PreTradeDecision {
  const held = snapshot.positions[0]?.quantity ?? 0;
  const exit = order.reduceOnly || (held > 0 && order.side === "SELL") || (held < 0 && order.side === "BUY");
  if (context.replaying)
    return { approved: false, code: "WARMUP", message: "history replay: no orders are sent" };
  if (!exit) {
    const refusal =
      context.guard?.() ??
      (context.gate === undefined ? accountEntryRefusal(context.account, context.limits) : undefined);
    if (refusal !== undefined) return { approved: false, code: refusal.code, message: refusal.message };
    if (context.issues.length > 0) {
      return {
        approved: false,
        code: "RECONCILIATION_PENDING",
        message: `entries refused until reconciliation issues are resolved: ${context.issues.map((issue) => issue.message).join("; ")}`,
      };
    }
  }
  return context.gate?.check(order, snapshot, context.account) ?? { approved: true };
}
