import type { Clock } from "../core/index.ts";
import type { Sizing, Strategy } from "../engine/index.ts";
import type { RiskLimits, RiskState } from "../risk/index.ts";
import type { HyperliquidEndpoints, PrivateKeyWallet } from "../venues/hyperliquid/index.ts";
import type { AccountRiskReporter } from "./account-risk-reporter.ts";
import type { ReconciliationIssue } from "./reconciliation.ts";
import type { TradingStore } from "./trading-store.ts";

/** Construction options of a {@link TradingNode}. */
export interface TradingNodeOptions {
  /** `bots.id` (uuid) the rows belong to. */
  readonly botId: string;
  readonly strategy: Strategy;
  /** Strategy name written on positions and trades. */
  readonly strategyName: string;
  /** Hyperliquid coin, e.g. `BTC`. */
  readonly coin: string;
  /** Candle interval, e.g. `1h`. */
  readonly interval: string;
  readonly endpoints: HyperliquidEndpoints;
  /** Signer: the account's key or an approved agent's. */
  readonly wallet: PrivateKeyWallet;
  /** The trading account (master address). */
  readonly user: `0x${string}`;
  readonly store: TradingStore;
  readonly mode: "paper" | "live";
  readonly sizing: Sizing;
  /** Account leverage, ≥ 1 (default 1). */
  readonly leverage?: number;
  /** Risk limits: a {@link RiskGate} sits in the order path when given. */
  readonly riskLimits?: RiskLimits;
  /** `ws` WebSocket class (Node 20). */
  readonly webSocket: unknown;
  readonly clock?: Clock;
  /** Market-order slippage fraction (default 0.01). */
  readonly slippage?: number;
  /** Closed bars loaded before going live (default 500). */
  readonly historyBars?: number;
  /** Candle poll period, ms (default 5 s; WS candle pushes also trigger a poll). */
  readonly pollMs?: number;
  /** Dead-man's switch: resting orders die this long after the last heartbeat, ms (0 = off; default 60 s). */
  readonly deadManMs?: number;
  /** Heartbeat re-arming the switch, ms (default 20 s). */
  readonly heartbeatMs?: number;
  /** Fill look-back of reconciliation when the database has no fill, ms (default 7 days). */
  readonly lookbackMs?: number;
  readonly log?: (level: "info" | "warn" | "error", message: string, detail?: unknown) => void;
  /**
   * The account-wide risk state (circuit breaker, trading state) kept by the risk service: a refusal it
   * returns denies every entry of this node (exits always pass), so a breaker tripped anywhere stops here too.
   */
  readonly accountGuard?: () => { code: string; message: string } | undefined;
  /**
   * The account-wide risk state in force (summed over every bot of the account by the risk service):
   * the node's risk gate uses its own state made at least as restrictive (REDUCED halves the risk cap;
   * HALTED, a tripped breaker or a loss-streak pause deny entries; exits and stop changes pass).
   */
  readonly accountState?: () => RiskState | undefined;
  /** Where the node reports fills, closed trades, funding and price moves for the account's risk state. */
  readonly accountRisk?: AccountRiskReporter;
}

/** What `status()` reports (the API's bot view). */
export interface TradingNodeStatus {
  readonly state: "created" | "starting" | "running" | "stopped" | "error";
  readonly botId: string;
  readonly coin: string;
  readonly position: { side: "LONG" | "SHORT"; size: number; entryPrice: number } | null;
  readonly openOrders: ReadonlyArray<{
    id: string;
    side: string;
    type: string;
    quantity: number;
    price: number;
    triggerPrice: number;
    status: string;
  }>;
  readonly equity: number;
  readonly connected: boolean;
  readonly lastBarTime: number | null;
  readonly reconciliationIssues: readonly ReconciliationIssue[];
  readonly riskState: string | null;
  readonly error: string | null;
}
