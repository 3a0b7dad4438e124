import { NotFoundError, OperationalError, ValidationError } from "../../core/errors.ts";
import type { Database } from "../../storage/index.ts";

/** A closed trade of the bot as stored (`trades`), numbers parsed. Times are ms UTC. */
export interface LiveTrade {
  readonly id: string;
  readonly side: "long" | "short";
  readonly size: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly fees: number;
  readonly funding: number;
  readonly exitReason: string;
}

/** What parity needs to know about a bot and what it did. */
export interface ParitySession {
  readonly bot: {
    readonly id: string;
    readonly name: string;
    readonly strategyType: string;
    readonly symbol: string;
    readonly interval: string;
    readonly mode: "paper" | "live";
    readonly params: Record<string, unknown>;
  };
  /** Closed trades, oldest entry first. */
  readonly trades: readonly LiveTrade[];
  /** Time of the bot's first and last fill, ms UTC (market time of the venue). */
  readonly firstFillTime: number;
  readonly lastFillTime: number;
  /** Most decimals of any stored fill size: a lower bound of the venue's `szDecimals`. */
  readonly sizeDecimals: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decimalsOf(text: string): number {
  const fraction = text.split(".")[1]?.replace(/0+$/, "") ?? "";
  return fraction.length;
}

/**
 * Loads a bot's row, closed trades and fill times.
 * @throws ValidationError when `botId` is not a UUID; NotFoundError when no bot has it;
 *   OperationalError when the bot has no closed trade to compare.
 */
export async function loadParitySession(database: Database, botId: string): Promise<ParitySession> {
  if (!UUID.test(botId)) {
    throw new ValidationError(
      `--bot ${JSON.stringify(botId)} is not a bot id (a UUID, see hlbot bots list or GET /api/bots)`,
      {
        field: "bot",
      },
    );
  }
  const bot = await database.selectFrom("bots").selectAll().where("id", "=", botId).executeTakeFirst();
  if (!bot) throw new NotFoundError(`no bot with id ${botId}`);
  const rows = await database
    .selectFrom("trades")
    .selectAll()
    .where("bot_id", "=", botId)
    .orderBy("entry_time")
    .orderBy("exit_time")
    .execute();
  const fills = await database
    .selectFrom("fills")
    .innerJoin("orders", "orders.client_order_id", "fills.client_order_id")
    .select(["fills.filled_at", "fills.size"])
    .where("orders.bot_id", "=", botId)
    .execute();
  if (rows.length === 0) {
    throw new OperationalError(
      `bot ${botId} (${bot.name}) has no closed trade yet: parity compares closed trades, so let it trade first`,
    );
  }
  const trades = rows.map((row) => ({
    id: row.id,
    side: row.side,
    size: Number(row.size),
    entryPrice: Number(row.entry_price),
    exitPrice: Number(row.exit_price),
    entryTime: row.entry_time.getTime(),
    exitTime: row.exit_time.getTime(),
    fees: Number(row.fees),
    funding: Number(row.funding),
    exitReason: row.exit_reason,
  }));
  const times = [
    ...fills.map((fill) => fill.filled_at.getTime()),
    ...trades.flatMap((trade) => [trade.entryTime, trade.exitTime]),
  ];
  return {
    bot: {
      id: bot.id,
      name: bot.name,
      strategyType: bot.strategy_type,
      symbol: bot.symbol,
      interval: bot.interval,
      mode: bot.mode,
      params: (bot.params ?? {}) as Record<string, unknown>,
    },
    trades,
    firstFillTime: Math.min(...times),
    lastFillTime: Math.max(...times),
    sizeDecimals: Math.max(
      0,
      ...fills.map((fill) => decimalsOf(fill.size)),
      ...rows.map((row) => decimalsOf(row.size)),
    ),
  };
}
