import { ValidationError } from "../core/index.ts";
import { createInstrument, type Instrument } from "../domain/index.ts";
import { MetaResponse, parseWire } from "../venues/hyperliquid/index.ts";

/** One Hyperliquid perp as the trading node uses it: asset id, size decimals and the engine instrument. */
export interface VenueMarket {
  readonly coin: string;
  /** Index in `meta.universe` (the `a` of order wires). */
  readonly assetId: number;
  readonly sizeDecimals: number;
  readonly maxLeverage: number;
  readonly instrument: Instrument;
}

/** The minimal `/info` surface the node needs for metadata (the SDK's `InfoClient` satisfies it). */
export interface MetaSource {
  meta(): Promise<unknown>;
}

/**
 * Looks a coin up in `meta` and builds its {@link VenueMarket}.
 * @throws ValidationError when the venue does not list the coin.
 */
export async function loadVenueMarket(info: MetaSource, coin: string): Promise<VenueMarket> {
  const meta = parseWire(MetaResponse, await info.meta(), "meta");
  const assetId = meta.universe.findIndex((asset) => asset.name === coin);
  const asset = meta.universe[assetId];
  if (asset === undefined) {
    throw new ValidationError(`the venue lists no perp ${JSON.stringify(coin)}`, { field: "coin" });
  }
  return {
    coin,
    assetId,
    sizeDecimals: asset.szDecimals,
    maxLeverage: asset.maxLeverage,
    instrument: createInstrument({
      id: `${coin}-PERP.HYPERLIQUID`,
      symbol: coin,
      lotSize: 10 ** -asset.szDecimals,
      minNotional: 10,
      maxLeverage: asset.maxLeverage,
    }),
  };
}
