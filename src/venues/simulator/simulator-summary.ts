import type { SimulatorOptions } from "./simulator-options.ts";
import type { RunningSimulator } from "./simulator-server.ts";

/**
 * What `hlbot simulator` prints once it listens: URLs, markets, funded accounts and the replay
 * speed, one item per line (no secrets: the simulator never holds keys).
 */
export function simulatorSummary(simulator: RunningSimulator, options: SimulatorOptions): string[] {
  const markets = simulator.exchange
    .markets()
    .map(
      (market) =>
        `${market.coin} (asset ${market.assetId}, szDecimals ${market.sizeDecimals}, max ${market.maxLeverage}x)`,
    );
  const speed = options.speed ?? 1;
  return [
    `Hyperliquid simulator listening on ${simulator.url} (POST /info, POST /exchange) and ${simulator.wsUrl}`,
    `markets: ${markets.join(", ")}`,
    ...options.accounts.map((account) => `account ${account.address}: ${account.usdc} USDC`),
    (options.data?.length ?? 0) > 0
      ? `replaying ${options.data?.map((source) => source.file).join(", ")} at ${speed} bar(s) per second`
      : "no recorded data: static markets",
  ];
}
