import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import WebSocket from "ws";
import type { Config } from "../../core/config.ts";
import { OperationalError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import { parseSizing } from "../../engine/index.ts";
import { TradingNode } from "../../live/index.ts";
import { type RiskLimits, resolveRiskLimits } from "../../risk/index.ts";
import { type Database, TradingRepository } from "../../storage/index.ts";
import {
  createPrivateKeyWallet,
  type HyperliquidEndpoints,
  type PrivateKeyWallet,
} from "../../venues/hyperliquid/index.ts";
import type { EventHub } from "../events/event-hub.ts";
import type { AccountRiskFeed } from "../risk/account-risk-feed.ts";
import { loadStrategyDefinition, parseStrategyParams } from "../run-backtest.ts";
import type { BotRunner, BotView } from "./bot-service.ts";

/** Where the bots trade and with which key. */
export interface TradingVenue {
  endpoints: HyperliquidEndpoints;
  wallet: PrivateKeyWallet;
  /** The account (master) address, lowercase. */
  user: `0x${string}`;
  /** Seconds per replayed bar on the simulator (poll faster than that); undefined on a real venue. */
  barSeconds?: number;
}

/**
 * The paper account's signing key on the bundled simulator: generated once and kept (mode 0600) in
 * `file`, so the account, its positions and the reconciliation survive restarts. Never logged.
 */
export function paperWallet(file = "./var/paper-wallet.json"): PrivateKeyWallet {
  const path = resolve(file);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ privateKey: `0x${randomBytes(32).toString("hex")}` })}\n`, {
      mode: 0o600,
    });
  }
  const { privateKey } = JSON.parse(readFileSync(path, "utf8")) as { privateKey: string };
  return createPrivateKeyWallet(privateKey);
}

/**
 * Runs bots as trading nodes on one venue: each started bot gets a {@link TradingNode} with its strategy,
 * params, the configured risk limits (plus the bot's overrides) in the order path, and the PostgreSQL
 * store. Pause stops the node but keeps positions; stop does the same and marks it stopped.
 */
export class BotSupervisor implements BotRunner {
  private readonly nodes = new Map<string, TradingNode>();
  private readonly lastPublished = new Map<string, string>();
  private publisher: NodeJS.Timeout | undefined;
  private hub: EventHub | undefined;

  constructor(
    private readonly database: Database,
    private readonly venue: TradingVenue,
    private readonly limits: RiskLimits,
    private readonly logger: Logger,
    /**
     * The account's risk feed: every node reports fills, closed trades, funding and prices to it and obeys
     * the account state it keeps (breaker, REDUCED / HALTED / EMERGENCY).
     */
    private readonly accountRisk?: AccountRiskFeed,
  ) {}

  /**
   * Publishes the bots' live figures to WebSocket clients: `fills` on every fill, and `positions`,
   * `orders` and `bots` whenever a node's position, working orders or status change (checked every second).
   */
  publishTo(hub: EventHub): void {
    this.hub = hub;
    this.publisher ??= setInterval(() => this.publishChanges(), 1_000);
  }

  private publishChanges(): void {
    const hub = this.hub;
    if (!hub) return;
    for (const [botId, node] of this.nodes) {
      const status = node.status();
      const parts: Array<[string, unknown]> = [
        ["positions", { botId, coin: status.coin, position: status.position }],
        ["orders", { botId, coin: status.coin, openOrders: status.openOrders }],
        [
          "bots",
          {
            botId,
            state: status.state,
            connected: status.connected,
            equity: status.equity,
            riskState: status.riskState,
          },
        ],
      ];
      for (const [channel, data] of parts) {
        const key = `${botId}:${channel}`;
        const text = JSON.stringify(data);
        if (this.lastPublished.get(key) === text) continue;
        this.lastPublished.set(key, text);
        void hub.publish({ channel, event: "update", data });
      }
    }
  }

  /** Every running node (for emergency actions and status). */
  get running(): ReadonlyMap<string, TradingNode> {
    return this.nodes;
  }

  async start(bot: BotView): Promise<void> {
    if (this.nodes.has(bot.id)) return;
    const definition = await loadStrategyDefinition(bot.strategyType);
    const params = parseStrategyParams(
      definition,
      Object.entries(bot.params).map(([key, value]) => `${key}=${value}`),
    );
    const overrides = await this.database
      .selectFrom("bots")
      .select("risk_overrides")
      .where("id", "=", bot.id)
      .executeTakeFirst();
    const node = new TradingNode({
      botId: bot.id,
      strategy: definition.create(params),
      strategyName: definition.name,
      coin: bot.symbol,
      interval: bot.interval,
      endpoints: this.venue.endpoints,
      wallet: this.venue.wallet,
      user: this.venue.user,
      store: new TradingRepository(this.database),
      mode: bot.mode,
      sizing: parseSizing("risk:0.01"),
      leverage: 3,
      riskLimits: resolveRiskLimits(
        (overrides?.risk_overrides ?? {}) as Record<string, unknown>,
        this.limits,
      ),
      webSocket: WebSocket,
      ...(this.accountRisk === undefined
        ? {}
        : { accountState: () => this.accountRisk?.state, accountRisk: this.accountRisk.reporter(bot.id) }),
      ...(this.venue.barSeconds !== undefined
        ? { pollMs: Math.max(250, this.venue.barSeconds * 500), deadManMs: 15_000 }
        : {}),
      log: (level, message, detail) => {
        if (message === "trade_executed")
          void this.hub?.publish({
            channel: "fills",
            event: "fill",
            data: { ...(detail as object), botId: bot.id },
          });
        this.logger[level](
          message === "trade_executed"
            ? { ...(detail as object), botId: bot.id }
            : { event: "trading_node", botId: bot.id, detail },
          message,
        );
      },
    });
    await node.start();
    this.nodes.set(bot.id, node);
    if (this.accountRisk?.state.tradingState === "EMERGENCY") {
      this.logger.error(
        { event: "risk_emergency", botId: bot.id },
        "account risk state EMERGENCY: closing the started bot's position",
      );
      await node.closeAllPositions();
    }
    this.logger.info(
      { event: "bot_started", botId: bot.id, strategy: definition.name, symbol: bot.symbol, mode: bot.mode },
      "bot started",
    );
  }

  async pause(botId: string): Promise<void> {
    await this.stopNode(botId);
  }

  async resume(botId: string): Promise<void> {
    const row = await this.database.selectFrom("bots").selectAll().where("id", "=", botId).executeTakeFirst();
    if (!row) throw new OperationalError(`no bot ${botId}`);
    await this.start({
      id: row.id,
      name: row.name,
      strategyType: row.strategy_type,
      strategyId: row.strategy_id,
      symbol: row.symbol,
      interval: row.interval,
      mode: row.mode,
      status: row.status,
      params: (row.params ?? {}) as Record<string, unknown>,
      error: row.error,
      createdAt: row.created_at.toISOString(),
      startedAt: row.started_at?.toISOString() ?? null,
      stoppedAt: row.stopped_at?.toISOString() ?? null,
      live: null,
    });
  }

  async stop(botId: string): Promise<void> {
    await this.stopNode(botId);
  }

  status(botId: string): unknown {
    return this.nodes.get(botId)?.status();
  }

  /** Cancels every working order of every running bot. */
  async cancelAllOrders(): Promise<number> {
    for (const node of this.nodes.values()) await node.cancelAllOrders();
    return this.nodes.size;
  }

  /** Closes every position of every running bot at market. */
  async closeAllPositions(): Promise<number> {
    for (const node of this.nodes.values()) await node.closeAllPositions();
    return this.nodes.size;
  }

  /** Closes one position (by the bot that holds it and its coin). */
  async closePosition(botId: string, coin: string): Promise<void> {
    const node = this.nodes.get(botId);
    if (!node)
      throw new OperationalError(
        `bot ${botId} is not running here, so its position cannot be closed through it`,
      );
    await node.closePosition(coin);
  }

  /** Stops every node (positions stay; the dead-man's switch cancels resting orders if nothing re-arms it). */
  async stopAll(): Promise<void> {
    if (this.publisher) clearInterval(this.publisher);
    this.publisher = undefined;
    for (const id of [...this.nodes.keys()]) await this.stopNode(id);
  }

  private async stopNode(botId: string): Promise<void> {
    const node = this.nodes.get(botId);
    if (!node) return;
    this.nodes.delete(botId);
    await node.stop();
  }
}

/** Whether the configured venue allows live-mode bots. */
export function liveTradingAllowed(config: Config): boolean {
  return (
    config.HL_NETWORK !== "simulator" &&
    config.HL_ACCOUNT_ADDRESS !== undefined &&
    config.HL_AGENT_PRIVATE_KEY !== undefined
  );
}
