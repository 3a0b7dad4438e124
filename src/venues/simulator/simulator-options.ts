/**
 * Options of the simulator, and the validator behind `hlbot simulator --port N --account ADDRESS=USDC …
 * [--data FILE …] [--speed X]` so the CLI command stays a thin wrapper.
 */
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { type Clock, ValidationError } from "../../core/index.ts";
import type { SimulatedExchange, SimulatedMarket } from "./simulated-exchange.ts";
import type { SignatureNetwork } from "./simulator-context.ts";
import type { SyntheticBookOptions } from "./synthetic-book.ts";

/** A funded account. */
export interface SimulatorAccount {
  /** Lowercase address. */
  address: string;
  /** USDC deposited at start. */
  usdc: number;
}

/** A market replayed from recorded candles. */
export interface SimulatorDataSource {
  /** Coin name; inferred from the file name (`BTC-PERP-…csv` → `BTC`) when absent. */
  coin?: string;
  /** Candle CSV (`timestamp,open,high,low,close,volume`). */
  file: string;
  /** Funding CSV (`timestamp,funding_rate`); a sibling `…-funding-…` file is used when present. */
  fundingFile?: string;
  sizeDecimals?: number;
  maxLeverage?: number;
}

/** A market with a fixed starting mid and no recorded data (moved only by `setMid`). */
export interface SimulatorStaticMarket {
  coin: string;
  mid: number;
  sizeDecimals?: number;
  maxLeverage?: number;
}

/** Builds the exchange core; the default is `MatchingExchange` (the shared matching code). */
export type ExchangeFactory = (input: {
  markets: readonly SimulatedMarket[];
  initialMids: readonly number[];
  now: () => number;
  book?: SyntheticBookOptions;
}) => SimulatedExchange;

/** Everything `startSimulator` accepts. */
export interface SimulatorOptions {
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  accounts: SimulatorAccount[];
  data?: SimulatorDataSource[];
  markets?: SimulatorStaticMarket[];
  /** Bars replayed per second of the clock; 0 replays only on `advance()`. Default 1. */
  speed?: number;
  /** Bars complete at start (history for `candleSnapshot`); default 200. */
  startBar?: number;
  /** Source of "now" (nonces, order and fill times, scheduleCancel); default the wall clock. */
  clock?: Clock;
  /** Replay on a timer (default: true unless a clock was injected). */
  autoAdvance?: boolean;
  /** Which network's L1 signatures are accepted; default `"either"`. */
  network?: SignatureNetwork;
  book?: SyntheticBookOptions;
  exchangeFactory?: ExchangeFactory;
  /** Close WebSocket connections silent for this long, ms (Hyperliquid: 60 s). */
  webSocketIdleMs?: number;
  /** Observer called when an HTTP request to `/info` or `/exchange` has arrived (benchmarks, tests). */
  onRequest?: (path: "/info" | "/exchange") => void;
}

const KNOWN_MARKETS: Record<string, { sizeDecimals: number; maxLeverage: number }> = {
  BTC: { sizeDecimals: 5, maxLeverage: 40 },
  ETH: { sizeDecimals: 4, maxLeverage: 25 },
  SOL: { sizeDecimals: 2, maxLeverage: 20 },
  FIL: { sizeDecimals: 1, maxLeverage: 10 },
};

/** Size decimals and max leverage of a coin: Hyperliquid's for known coins, else from the price level. */
export function marketDefaults(coin: string, price: number): { sizeDecimals: number; maxLeverage: number } {
  const known = KNOWN_MARKETS[coin];
  if (known) return known;
  const sizeDecimals = Math.max(0, Math.min(5, Math.floor(Math.log10(Math.max(price, 1)))));
  return { sizeDecimals, maxLeverage: 10 };
}

/** The coin a candle file holds: the file name up to the first `-`, without a USDT/USDC/USD quote. */
export function coinFromFileName(file: string): string {
  const head = basename(file).split(/[-_.]/)[0] ?? "";
  const coin = head.toUpperCase().replace(/(USDT|USDC|USD)$/, "");
  if (!/^[A-Z0-9]{1,20}$/.test(coin)) {
    throw new ValidationError(`Cannot infer a coin from data file ${file}; pass COIN=FILE`, {
      field: "data",
    });
  }
  return coin;
}

/** The `…-funding-…` file recorded next to a Hyperliquid candle file, when it exists. */
export function siblingFundingFile(file: string): string | undefined {
  const name = basename(file);
  const match = /^(.*-hyperliquid-)(\d+[mhdwM]-.*)$/.exec(name);
  if (!match) return undefined;
  const candidate = join(dirname(file), `${match[1]}funding-${match[2]}`);
  return existsSync(candidate) ? candidate : undefined;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Raw CLI values of `hlbot simulator`. */
export const SimulatorCliInput = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  account: z.array(z.string()).default([]),
  data: z.array(z.string()).default([]),
  speed: z.coerce.number().min(0).max(100_000).default(1),
  startBar: z.coerce.number().int().min(1).optional(),
  network: z.enum(["mainnet", "testnet", "either"]).default("either"),
});
/** Raw CLI values. */
export type SimulatorCliInput = z.input<typeof SimulatorCliInput>;

/**
 * Validates `hlbot simulator` flags into {@link SimulatorOptions}: `--account ADDRESS=USDC` (repeatable),
 * `--data [COIN=]FILE` (repeatable; the file must exist), `--speed X` bars per second, `--port N`.
 * @throws ValidationError naming the flag and the value.
 */
export function parseSimulatorCliOptions(input: SimulatorCliInput): SimulatorOptions {
  const parsed = SimulatorCliInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "options";
    throw new ValidationError(`--${field}: ${issue?.message ?? "invalid value"}`, { field });
  }
  const values = parsed.data;
  const accounts = values.account.map((entry) => {
    const [address = "", amount = ""] = entry.split("=");
    const usdc = Number(amount);
    if (!ADDRESS.test(address) || amount.trim() === "" || !Number.isFinite(usdc) || usdc < 0) {
      throw new ValidationError(`--account ${entry}: expected ADDRESS=USDC, e.g. 0xabc…123=10000`, {
        field: "account",
      });
    }
    return { address: address.toLowerCase(), usdc };
  });
  const data = values.data.map((entry): SimulatorDataSource => {
    const separator = entry.indexOf("=");
    const coin = separator > 0 ? entry.slice(0, separator).toUpperCase() : undefined;
    const file = separator > 0 ? entry.slice(separator + 1) : entry;
    if (!existsSync(file))
      throw new ValidationError(`--data ${entry}: file ${file} does not exist`, { field: "data" });
    return { coin: coin ?? coinFromFileName(file), file };
  });
  const options: SimulatorOptions = {
    host: values.host,
    port: values.port,
    accounts,
    data,
    speed: values.speed,
    network: values.network,
  };
  if (values.startBar !== undefined) options.startBar = values.startBar;
  return options;
}
