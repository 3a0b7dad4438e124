import { HttpTransport, InfoClient } from "@nktkas/hyperliquid";
import type { Config } from "../core/config.ts";
import { OperationalError, ValidationError } from "../core/errors.ts";
import type { Database } from "../storage/index.ts";
import { resolveEndpoints } from "../venues/hyperliquid/index.ts";
import { readVenueFile } from "./bots/trading-runtime.ts";

/** Venue versus database for one coin. */
export interface PositionCheck {
  symbol: string;
  account: string;
  /** Signed size on the venue (long > 0). */
  venueSize: number;
  /** Signed size of the open positions in the database. */
  databaseSize: number;
  match: boolean;
}

/**
 * Compares the venue's position in `symbol` (clearinghouseState of the account) with the open positions
 * stored for it. On the simulator, the running suite's simulator and paper account are used.
 * @throws {OperationalError} when the venue cannot be reached or no account is configured.
 */
export async function checkPosition(
  database: Database,
  config: Config,
  symbol: string,
): Promise<PositionCheck> {
  if (!/^[A-Z0-9]{1,20}$/.test(symbol))
    throw new ValidationError(`--symbol ${JSON.stringify(symbol)} is not a coin such as BTC`, {
      field: "symbol",
    });
  let url: string;
  let account: string;
  if (config.HL_NETWORK === "simulator") {
    const venue = readVenueFile(config.VENUE_FILE);
    if (!venue) throw new OperationalError("no running simulator found (var/venue.json): start hlbot first");
    url = venue.url;
    account = venue.user;
  } else {
    if (!config.HL_ACCOUNT_ADDRESS) throw new OperationalError("HL_ACCOUNT_ADDRESS is not set");
    url = resolveEndpoints(config.HL_NETWORK).apiUrl;
    account = config.HL_ACCOUNT_ADDRESS.toLowerCase();
  }
  const info = new InfoClient({
    transport: new HttpTransport({
      apiUrl: url,
      timeout: 10_000,
      isTestnet: config.HL_NETWORK !== "mainnet",
    }),
  });
  let state: Awaited<ReturnType<InfoClient["clearinghouseState"]>>;
  try {
    state = await info.clearinghouseState({ user: account as `0x${string}` });
  } catch (error) {
    throw new OperationalError(
      `cannot read the venue's positions: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  const venueSize = state.assetPositions
    .filter((entry) => entry.position.coin === symbol)
    .reduce((sum, entry) => sum + Number(entry.position.szi), 0);
  const rows = await database
    .selectFrom("positions")
    .select(["side", "size"])
    .where("status", "=", "open")
    .where("symbol", "=", symbol)
    .execute();
  const databaseSize = rows.reduce((sum, row) => sum + (row.side === "long" ? 1 : -1) * Number(row.size), 0);
  return { symbol, account, venueSize, databaseSize, match: Math.abs(venueSize - databaseSize) <= 1e-9 };
}
