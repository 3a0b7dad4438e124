/**
 * Hyperliquid networks: API URLs and the signing flag each one needs. The SDK signs mainnet unless
 * its transport says `isTestnet: true`; the local simulator accepts either by default.
 */
import { ValidationError } from "../../core/index.ts";

/** Where the adapter trades. */
export type HyperliquidNetwork = "mainnet" | "testnet" | "simulator";

/** REST base URL and WebSocket URL of a network. */
export interface HyperliquidEndpoints {
  apiUrl: string;
  webSocketUrl: string;
  /** Passed to the SDK transports; picks L1 source "a"/"b" and "Mainnet"/"Testnet". */
  isTestnet: boolean;
}

/** Public endpoints of Hyperliquid. */
export const HYPERLIQUID_ENDPOINTS: Readonly<Record<"mainnet" | "testnet", HyperliquidEndpoints>> = {
  mainnet: {
    apiUrl: "https://api.hyperliquid.xyz",
    webSocketUrl: "wss://api.hyperliquid.xyz/ws",
    isTestnet: false,
  },
  testnet: {
    apiUrl: "https://api.hyperliquid-testnet.xyz",
    webSocketUrl: "wss://api.hyperliquid-testnet.xyz/ws",
    isTestnet: true,
  },
};

/**
 * Endpoints of a network; `simulatorUrl` (e.g. `http://127.0.0.1:5123`) is required for `simulator`.
 * @throws ValidationError for an unknown network or a simulator without a valid http(s) URL.
 */
export function resolveEndpoints(network: string, simulatorUrl?: string): HyperliquidEndpoints {
  if (network === "mainnet" || network === "testnet") return HYPERLIQUID_ENDPOINTS[network];
  if (network !== "simulator") {
    throw new ValidationError(
      `Unknown Hyperliquid network "${network}"; expected mainnet, testnet or simulator`,
      {
        field: "network",
      },
    );
  }
  if (!simulatorUrl || !/^https?:\/\/[^/\s]+\/?$/.test(simulatorUrl)) {
    throw new ValidationError(
      `The simulator needs a base URL such as http://127.0.0.1:5123, got ${simulatorUrl}`,
      {
        field: "simulatorUrl",
      },
    );
  }
  const base = simulatorUrl.replace(/\/$/, "");
  return { apiUrl: base, webSocketUrl: `${base.replace(/^http/, "ws")}/ws`, isTestnet: false };
}
