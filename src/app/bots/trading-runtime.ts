import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../../core/config.ts";
import type { Logger } from "../../core/logger.ts";
import type { RiskLimits } from "../../risk/index.ts";
import { setConfluenceScoreObserver } from "../../signals/index.ts";
import type { Database } from "../../storage/index.ts";
import {
  createPrivateKeyWallet,
  type HyperliquidEndpoints,
  resolveEndpoints,
} from "../../venues/hyperliquid/index.ts";
import { startSimulator } from "../../venues/simulator/index.ts";
import type { DatasetFolders } from "../backtests/datasets.ts";
import { AccountRiskFeed } from "../risk/account-risk-feed.ts";
import type { RiskService } from "../risk/risk-service.ts";
import { BotService } from "./bot-service.ts";
import { BotSupervisor, liveTradingAllowed, paperWallet, type TradingVenue } from "./bot-supervisor.ts";

/**
 * The default paper bot a new install starts with, so a new user sees trading at once: a Donchian
 * breakout with ATR stops (every entry has a stop, as the risk manager demands), risking 0.1 % per trade
 * so a BTC position stays inside the 15 % correlated-exposure cap.
 */
export const DEFAULT_PAPER_BOT = {
  name: "paper BTC donchian-breakout",
  strategyType: "donchian-breakout",
  symbol: "BTC",
  interval: "1h",
  mode: "paper" as const,
  params: { entryPeriod: 20, exitPeriod: 10, riskPercent: 0.1 },
};

const SIMULATOR_DATA = "BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv";

/** Tells operator tools (check-position) which simulator and account the running suite trades on (VENUE_FILE). */
function writeVenueFile(file: string, venue: { url: string; user: string }): void {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(venue)}\n`, { mode: 0o600 });
}

/** The simulator URL and paper account of the running suite, if one runs. */
export function readVenueFile(file: string): { url: string; user: string } | undefined {
  const path = resolve(file);
  return existsSync(path)
    ? (JSON.parse(readFileSync(path, "utf8")) as { url: string; user: string })
    : undefined;
}

/** Sends every scored confluence candidate of the running bots to `observer` (the metrics histogram). */
export function observeConfluenceScores(observer: ((total: number) => void) | undefined): void {
  setConfluenceScoreObserver(observer);
}

/** The venue, the bot supervisor and (on the simulator) the in-process exchange. */
export interface TradingRuntime {
  readonly supervisor: BotSupervisor;
  readonly bots: BotService;
  /** URL of the in-process simulator, when HL_NETWORK=simulator. */
  readonly simulatorUrl: string | undefined;
  /** REST and WebSocket endpoints of the venue the bots trade on. */
  readonly endpoints: HyperliquidEndpoints;
  stop(): Promise<void>;
}

/**
 * Starts trading: with HL_NETWORK=simulator the bundled Hyperliquid-compatible exchange runs in this
 * process on replayed Hyperliquid BTC candles, funding the paper account with PAPER_STARTING_BALANCE; on
 * testnet/mainnet the agent key signs for HL_ACCOUNT_ADDRESS. Bots that were running before a restart
 * start again; a new install gets {@link DEFAULT_PAPER_BOT} on the simulator. With the account's `risk`
 * service, every node feeds it (daily metrics, daily loss, drawdown, loss streak, breaker) and obeys
 * its state; when it turns EMERGENCY every bot's orders are canceled and positions closed.
 */
export async function startTradingRuntime(
  database: Database,
  config: Config,
  logger: Logger,
  limits: RiskLimits,
  folders: DatasetFolders,
  risk?: RiskService,
): Promise<TradingRuntime> {
  let venue: TradingVenue;
  let closeSimulator: (() => Promise<void>) | undefined;
  let simulatorUrl: string | undefined;
  if (config.HL_NETWORK === "simulator") {
    const wallet = paperWallet();
    const user = wallet.address.toLowerCase() as `0x${string}`;
    const file = join(folders.shared, SIMULATOR_DATA);
    if (!existsSync(file)) {
      logger.warn(
        { event: "simulator_without_data", file },
        "no market data for the simulator: bots cannot trade",
      );
    }
    const simulator = await startSimulator({
      port: 0,
      host: "127.0.0.1",
      accounts: [{ address: user, usdc: config.PAPER_STARTING_BALANCE }],
      data: existsSync(file) ? [{ file }] : [],
      speed: config.SIMULATOR_SPEED,
    });
    closeSimulator = () => simulator.close();
    simulatorUrl = simulator.url;
    writeVenueFile(config.VENUE_FILE, { url: simulator.url, user });
    venue = {
      endpoints: resolveEndpoints("simulator", simulator.url),
      wallet,
      user,
      barSeconds: 1 / Math.max(config.SIMULATOR_SPEED, 0.01),
    };
  } else {
    if (!config.HL_ACCOUNT_ADDRESS || !config.HL_AGENT_PRIVATE_KEY) {
      throw new Error(`HL_NETWORK=${config.HL_NETWORK} needs HL_ACCOUNT_ADDRESS and HL_AGENT_PRIVATE_KEY`);
    }
    venue = {
      endpoints: resolveEndpoints(config.HL_NETWORK),
      wallet: createPrivateKeyWallet(config.HL_AGENT_PRIVATE_KEY),
      user: config.HL_ACCOUNT_ADDRESS.toLowerCase() as `0x${string}`,
    };
  }
  const feed = risk === undefined ? undefined : new AccountRiskFeed(risk, logger);
  const supervisor = new BotSupervisor(database, venue, limits, logger, feed);
  feed?.onEmergency(() => supervisor.closeAllPositions());
  const bots = new BotService(database, supervisor, liveTradingAllowed(config));
  const existing = await bots.list();
  if (existing.length === 0 && config.HL_NETWORK === "simulator" && config.PAPER_BOT_AUTOSTART) {
    const created = await bots.create(DEFAULT_PAPER_BOT, null);
    await bots
      .act(created.id, "start")
      .catch((error: unknown) =>
        logger.error({ err: error, event: "bot_start_failed" }, "default bot did not start"),
      );
  } else {
    for (const bot of existing.filter((candidate) => candidate.status === "running")) {
      await supervisor
        .start(bot)
        .catch((error: unknown) =>
          logger.error({ err: error, event: "bot_restart_failed", botId: bot.id }, "bot did not restart"),
        );
    }
  }
  return {
    supervisor,
    bots,
    simulatorUrl,
    endpoints: venue.endpoints,
    stop: async () => {
      await supervisor.stopAll();
      await feed?.close();
      await closeSimulator?.();
    },
  };
}
