import { ConflictError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Database } from "../../storage/index.ts";
import { findBundledStrategy } from "../../strategies/index.ts";
import { loadStrategyDefinition, parseStrategyParams } from "../run-backtest.ts";

/** A bot's lifecycle state. */
export type BotStatus = "created" | "running" | "paused" | "stopped" | "error";

/** A bot as the API shows it. */
export interface BotView {
  id: string;
  name: string;
  strategyType: string;
  strategyId: string | null;
  symbol: string;
  interval: string;
  mode: "paper" | "live";
  status: BotStatus;
  params: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
  /** Live figures from the running node (position, orders, equity, connection), when running. */
  live: unknown;
}

/** What runs bots: the trading node supervisor. */
export interface BotRunner {
  start(bot: BotView): Promise<void>;
  pause(botId: string): Promise<void>;
  resume(botId: string): Promise<void>;
  stop(botId: string): Promise<void>;
  /** Live status of a running bot, or undefined. */
  status(botId: string): unknown;
}

/** Allowed lifecycle moves: action → states it may start from, and the state it leads to. */
const TRANSITIONS: Record<"start" | "pause" | "resume" | "stop", { from: BotStatus[]; to: BotStatus }> = {
  start: { from: ["created", "stopped", "error"], to: "running" },
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  stop: { from: ["running", "paused"], to: "stopped" },
};

type Row = {
  id: string;
  name: string;
  strategy_type: string;
  strategy_id: string | null;
  symbol: string;
  interval: string;
  mode: "paper" | "live";
  status: BotStatus;
  params: unknown;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  stopped_at: Date | null;
};

/**
 * Bots: a strategy running on one instrument in paper or live mode. Rows live in `bots`; the lifecycle
 * (start, pause, resume, stop) goes through the {@link BotRunner} and is refused with 409 from a state it
 * does not apply to. Live mode needs the venue configured for live trading (HL_NETWORK testnet/mainnet).
 */
export class BotService {
  constructor(
    private readonly database: Database,
    private readonly runner: BotRunner | undefined,
    private readonly liveAllowed: boolean,
  ) {}

  private view(row: Row): BotView {
    return {
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
      live: this.runner?.status(row.id) ?? null,
    };
  }

  async list(): Promise<BotView[]> {
    const rows = await this.database.selectFrom("bots").selectAll().orderBy("created_at", "desc").execute();
    return rows.map((row) => this.view(row as Row));
  }

  /** @throws {NotFoundError} */
  async get(id: string): Promise<BotView> {
    const row = await this.database.selectFrom("bots").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no bot ${id}`);
    return this.view(row as Row);
  }

  /**
   * Creates a bot after checking the strategy, its params and the mode.
   * @throws {ValidationError} naming the bad field; nothing is stored then.
   */
  async create(
    input: {
      name: string;
      strategyType: string;
      symbol: string;
      interval: string;
      mode: "paper" | "live";
      params: Record<string, unknown>;
      strategyId?: string | undefined;
    },
    createdBy: string | null,
  ): Promise<BotView> {
    if (!findBundledStrategy(input.strategyType)) {
      throw new ValidationError(
        `strategyType ${JSON.stringify(input.strategyType)} is not a bundled strategy`,
        { field: "strategyType" },
      );
    }
    parseStrategyParams(
      await loadStrategyDefinition(input.strategyType),
      Object.entries(input.params).map(([key, value]) => `${key}=${value}`),
    );
    if (input.mode === "live" && !this.liveAllowed) {
      throw new ValidationError(
        "mode live needs HL_NETWORK=testnet or mainnet (with keys); this server trades on the simulator",
        {
          field: "mode",
        },
      );
    }
    const row = await this.database
      .insertInto("bots")
      .values({
        name: input.name,
        strategy_type: input.strategyType,
        strategy_id: input.strategyId ?? null,
        symbol: input.symbol,
        interval: input.interval,
        mode: input.mode,
        params: JSON.stringify(input.params),
        risk_overrides: "{}",
        created_by: createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.view(row as Row);
  }

  /**
   * Moves a bot through its lifecycle. The state changes only after the runner succeeded.
   * @throws {ConflictError} from a state the action does not apply to; {NotFoundError}.
   */
  async act(id: string, action: keyof typeof TRANSITIONS): Promise<BotView> {
    const bot = await this.get(id);
    const transition = TRANSITIONS[action];
    if (!transition.from.includes(bot.status)) {
      throw new ConflictError(
        `cannot ${action} a bot that is ${bot.status} (allowed from ${transition.from.join(", ")})`,
      );
    }
    if (!this.runner)
      throw new ConflictError(
        `not implemented: no trading node runs in this process, so bots cannot ${action}`,
      );
    try {
      if (action === "start") await this.runner.start(bot);
      else await this.runner[action](id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.database
        .updateTable("bots")
        .set({ status: "error", error: message.slice(0, 1000), updated_at: new Date() })
        .where("id", "=", id)
        .execute();
      throw new ConflictError(`bot ${id} could not ${action}: ${message}`);
    }
    await this.database
      .updateTable("bots")
      .set({
        status: transition.to,
        error: null,
        updated_at: new Date(),
        ...(action === "start" ? { started_at: new Date(), stopped_at: null } : {}),
        ...(action === "stop" ? { stopped_at: new Date() } : {}),
      })
      .where("id", "=", id)
      .execute();
    return await this.get(id);
  }
}
