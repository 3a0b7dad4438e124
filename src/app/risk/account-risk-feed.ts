import type { Logger } from "../../core/logger.ts";
import type { AccountRiskReporter, NodeAccountSnapshot } from "../../live/index.ts";
import type { RiskState } from "../../risk/index.ts";
import type { AccountUpdate, RiskService } from "./risk-service.ts";

/** What the feed keeps of one running node. */
interface NodeAccount {
  startEquity: number;
  snapshot: NodeAccountSnapshot;
}

/** Options of an {@link AccountRiskFeed}. */
export interface AccountRiskFeedOptions {
  /** Period of the tick that rolls the UTC day and expires breakers without trading, ms (default 5 000; 0 = off). */
  readonly tickMs?: number;
}

/**
 * Feeds the account's {@link RiskService} from every running trading node — one source of truth for the
 * account. Account equity is the venue's account value when a node starts, moved by every node's PnL
 * since it started: `base + Σ (node equity − node start equity)`, where each start re-anchors `base` so
 * the sum equals the venue's figure at that moment. A stopped node's last contribution stays in `base`.
 * Unrealized PnL and open positions are summed over running nodes. On a change to EMERGENCY (from an
 * update here or a state another process stored) the emergency handlers run (cancel all orders, close
 * all positions).
 */
export class AccountRiskFeed {
  private readonly nodes = new Map<string, NodeAccount>();
  private base = 0;
  private anchored = false;
  private lastState: RiskState["tradingState"];
  private readonly handlers = new Set<() => Promise<unknown>>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly service: RiskService,
    private readonly logger: Logger,
    options: AccountRiskFeedOptions = {},
  ) {
    this.lastState = service.state.tradingState;
    this.unsubscribe = service.onChange((state) => this.observe(state));
    const tickMs = options.tickMs ?? 5_000;
    if (tickMs > 0) {
      this.timer = setInterval(() => {
        try {
          service.tick();
        } catch (error) {
          logger.error({ err: error, event: "risk_tick_failed" }, "risk tick failed");
        }
      }, tickMs);
      this.timer.unref();
    }
  }

  /** The account's risk state in force (what every node obeys). */
  get state(): RiskState {
    return this.service.state;
  }

  /** The account's equity as the feed sums it (undefined before the first node started). */
  get equity(): number | undefined {
    if (!this.anchored) return undefined;
    let equity = this.base;
    for (const node of this.nodes.values()) equity += node.snapshot.equity - node.startEquity;
    return equity;
  }

  /** Runs `handler` whenever the account state becomes EMERGENCY; returns the unsubscribe function. */
  onEmergency(handler: () => Promise<unknown>): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** The reporting channel of one node (bot). */
  reporter(botId: string): AccountRiskReporter {
    return {
      started: (snapshot, atMs) => {
        let others = 0;
        for (const [id, node] of this.nodes) {
          if (id !== botId) others += node.snapshot.equity - node.startEquity;
        }
        this.base = snapshot.equity - others;
        this.anchored = true;
        this.nodes.set(botId, { startEquity: snapshot.equity, snapshot });
        this.send(botId, snapshot, { kind: "mark", atMs });
      },
      filled: (snapshot, fee, atMs) => this.send(botId, snapshot, { kind: "fill", fee, atMs }),
      tradeClosed: (snapshot, trade, atMs) =>
        this.send(botId, snapshot, {
          kind: "trade-closed",
          trade: { grossPnl: trade.pnl + trade.fees - trade.funding, netPnl: trade.pnl },
          atMs,
        }),
      funded: (snapshot, amount, atMs) =>
        this.send(botId, snapshot, { kind: "funding", funding: amount, atMs }),
      marked: (snapshot, atMs) => this.send(botId, snapshot, { kind: "mark", atMs }),
      stopped: (snapshot, atMs) => {
        const node = this.nodes.get(botId);
        if (node === undefined) return;
        this.nodes.delete(botId);
        this.base += snapshot.equity - node.startEquity;
        this.send(undefined, snapshot, { kind: "mark", atMs });
      },
    };
  }

  /** Stops the tick and writes what the service has not written yet. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.unsubscribe();
    await this.service.close();
  }

  private send(
    botId: string | undefined,
    snapshot: NodeAccountSnapshot,
    event: Pick<AccountUpdate, "kind" | "atMs" | "fee" | "funding" | "trade">,
  ): void {
    const node = botId === undefined ? undefined : this.nodes.get(botId);
    if (node !== undefined) node.snapshot = snapshot;
    else if (botId !== undefined) return;
    let unrealizedPnl = 0;
    let openPositions = 0;
    for (const running of this.nodes.values()) {
      unrealizedPnl += running.snapshot.unrealizedPnl;
      openPositions += running.snapshot.openPositions;
    }
    try {
      this.service.record({ ...event, equity: this.equity ?? snapshot.equity, unrealizedPnl, openPositions });
    } catch (error) {
      this.logger.error({ err: error, event: "risk_update_failed", botId }, "account risk update failed");
    }
  }

  private observe(state: RiskState): void {
    const before = this.lastState;
    this.lastState = state.tradingState;
    if (state.tradingState !== "EMERGENCY" || before === "EMERGENCY") return;
    this.logger.error(
      { event: "risk_emergency", reason: state.breaker?.reason },
      "account risk state EMERGENCY: canceling every order and closing every position",
    );
    for (const handler of this.handlers) {
      handler().catch((error: unknown) =>
        this.logger.error({ err: error, event: "risk_emergency_failed" }, "emergency close-all failed"),
      );
    }
  }
}
