import {
  ExchangeClient,
  HttpTransport,
  InfoClient,
  SubscriptionClient,
  WebSocketTransport,
} from "@nktkas/hyperliquid";
import { WebSocket } from "ws";
import { TestClock } from "../../../src/core/index.ts";
import { createPrivateKeyWallet, type PrivateKeyWallet } from "../../../src/venues/hyperliquid/index.ts";
import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../../../src/venues/simulator/index.ts";

/** Throwaway test keys (never funded anywhere real). */
export const MASTER_KEY = `0x${"11".repeat(32)}`;
export const AGENT_KEY = `0x${"22".repeat(32)}`;
export const STRANGER_KEY = `0x${"33".repeat(32)}`;
export const OTHER_MASTER_KEY = `0x${"44".repeat(32)}`;

export const master = createPrivateKeyWallet(MASTER_KEY);
export const agent = createPrivateKeyWallet(AGENT_KEY);
export const stranger = createPrivateKeyWallet(STRANGER_KEY);
export const otherMaster = createPrivateKeyWallet(OTHER_MASTER_KEY);
export const MASTER = master.address.toLowerCase() as `0x${string}`;
export const OTHER = otherMaster.address.toLowerCase() as `0x${string}`;

/** A simulator under a TestClock with two static markets (BTC 100000, ETH 2500) and the SDK pointed at it. */
export interface Harness {
  simulator: RunningSimulator;
  clock: TestClock;
  http: HttpTransport;
  info: InfoClient;
  exchangeFor(wallet: PrivateKeyWallet): ExchangeClient;
  openWebSocket(): { transport: WebSocketTransport; subscriptions: SubscriptionClient };
  close(): Promise<void>;
}

export async function startHarness(options: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const clock = new TestClock(Date.now());
  const simulator = await startSimulator({
    clock,
    accounts: [
      { address: MASTER, usdc: 100_000 },
      { address: OTHER, usdc: 1_000 },
    ],
    markets: [
      { coin: "BTC", mid: 100_000 },
      { coin: "ETH", mid: 2_500 },
    ],
    ...options,
  });
  const http = new HttpTransport({ apiUrl: simulator.url, timeout: 5_000 });
  const sockets: WebSocketTransport[] = [];
  return {
    simulator,
    clock,
    http,
    info: new InfoClient({ transport: http }),
    exchangeFor: (wallet) => new ExchangeClient({ transport: http, wallet }),
    openWebSocket() {
      const transport = new WebSocketTransport({
        url: simulator.wsUrl,
        timeout: 5_000,
        reconnect: { WebSocket: WebSocket as never, reconnectionDelay: 50, maxRetries: 50 },
      });
      sockets.push(transport);
      return { transport, subscriptions: new SubscriptionClient({ transport }) };
    },
    async close() {
      await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
      await simulator.close();
    },
  };
}

/** Polls `check` until it stops throwing (or 3 s pass). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
