/**
 * Simulator benchmark (issue #7): signed orders per second over loopback through the unmodified
 * `@nktkas/hyperliquid` SDK, over its HttpTransport and over its WebSocketTransport (`post`). The
 * simulator runs in a worker thread (its own event loop, as when it is a separate `hlbot simulator`
 * process); 16 wallets each send IOC orders one after another (the SDK serializes requests per
 * signer), alternating buy and sell so every order fills against the synthetic book and nothing piles
 * up. Every order is signed, sent, verified (signer recovery, account mapping, nonce rules), checked
 * against the tick/lot/notional/margin rules, filled and booked (fee, position, fill history).
 */
import { Agent, request as httpRequest } from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { ExchangeClient, HttpTransport, WebSocketTransport } from "@nktkas/hyperliquid";
import { WebSocket } from "ws";
import { createPrivateKeyWallet } from "../src/venues/hyperliquid/index.ts";
import { startSimulator } from "../src/venues/simulator/index.ts";
import type { BenchFigure } from "./bench-result.ts";

export const title = "Hyperliquid simulator";

const SIGNERS = 16;
const WARM_UP_MS = 1_000;
const DURATION_MS = 5_000;

const WORKER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;

function testKey(index: number): string {
  return `0x${(index + 1).toString(16).padStart(64, "0")}`;
}

if (!isMainThread && (workerData as { simulatorBench?: boolean } | null)?.simulatorBench) {
  const addresses = (workerData as { addresses: string[] }).addresses;
  const simulator = await startSimulator({
    accounts: addresses.map((address) => ({ address, usdc: 1e12 })),
    markets: [{ coin: "BTC", mid: 100_000 }],
    speed: 0,
  });
  parentPort?.on("message", async () => {
    await simulator.close();
    parentPort?.postMessage({ closed: true });
  });
  parentPort?.postMessage({ url: simulator.url });
}

function startWorker(addresses: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const worker = new Worker(WORKER_BOOTSTRAP, {
    eval: true,
    workerData: { simulatorBench: true, addresses },
  });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: { url: string }) =>
      resolve({
        url: message.url,
        stop: () =>
          new Promise<void>((done) => {
            worker.once("message", () => void worker.terminate().then(() => done()));
            worker.postMessage("close");
          }),
      }),
    );
  });
}

async function measure(clients: ExchangeClient[]): Promise<number> {
  let sent = 0;
  const loop = async (client: ExchangeClient, until: number) => {
    let buy = true;
    while (performance.now() < until) {
      await client.order({
        orders: [
          { a: 0, b: buy, p: buy ? "100100" : "99900", s: "0.001", r: false, t: { limit: { tif: "Ioc" } } },
        ],
        grouping: "na",
      });
      buy = !buy;
      sent++;
    }
  };
  const warmUpEnd = performance.now() + WARM_UP_MS;
  await Promise.all(clients.map((client) => loop(client, warmUpEnd)));
  sent = 0;
  const started = performance.now();
  await Promise.all(clients.map((client) => loop(client, started + DURATION_MS)));
  return sent / ((performance.now() - started) / 1000);
}

/**
 * The simulator's own capacity over HTTP: orders signed beforehand by the SDK (captured from its
 * transport, byte for byte what it would send), then posted as fast as 16 keep-alive connections allow,
 * so the load generator's signing does not share the measurement. The simulator still verifies every
 * signature, nonce and rule and fills every order.
 */
async function measurePreSigned(
  url: string,
  wallets: ReturnType<typeof createPrivateKeyWallet>[],
): Promise<number> {
  const PER_SIGNER = 500;
  const bodies: string[][] = [];
  for (const wallet of wallets) {
    const captured: string[] = [];
    const capture = {
      isTestnet: true,
      request: async (_endpoint: string, payload: unknown) => {
        captured.push(JSON.stringify(payload));
        return {
          status: "ok",
          response: {
            type: "order",
            data: { statuses: [{ filled: { totalSz: "0.001", avgPx: "1", oid: 1 } }] },
          },
        };
      },
    };
    const client = new ExchangeClient({ transport: capture as never, wallet });
    for (let index = 0; index < PER_SIGNER; index++) {
      const buy = index % 2 === 0;
      await client.order({
        orders: [
          { a: 0, b: buy, p: buy ? "100100" : "99900", s: "0.001", r: false, t: { limit: { tif: "Ioc" } } },
        ],
        grouping: "na",
      });
    }
    bodies.push(captured);
  }
  const agent = new Agent({ keepAlive: true, maxSockets: wallets.length });
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const request = httpRequest(
        `${url}/exchange`,
        { method: "POST", agent, headers: { "content-type": "application/json" } },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on("end", () =>
            response.statusCode === 200 && text.includes('"filled"')
              ? resolve()
              : reject(new Error(`order not filled: ${response.statusCode} ${text.slice(0, 200)}`)),
          );
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const started = performance.now();
  await Promise.all(
    bodies.map(async (signed) => {
      for (const body of signed) await post(body);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return (bodies.length * PER_SIGNER) / seconds;
}

export async function run(): Promise<BenchFigure[]> {
  const wallets = Array.from({ length: SIGNERS }, (_, index) => createPrivateKeyWallet(testKey(index)));
  const simulator = await startWorker(wallets.map((wallet) => wallet.address.toLowerCase()));
  const figure = (transport: string, value: number): BenchFigure => ({
    name: `signed IOC orders (each filled) through the SDK's ${transport} over loopback (${SIGNERS} signers; sign, send, verify, fill)`,
    value,
    unit: "orders/s",
    target: 2_000,
    better: "higher",
    issue: 7,
  });
  try {
    const http = new HttpTransport({ apiUrl: simulator.url });
    const overHttp = await measure(wallets.map((wallet) => new ExchangeClient({ transport: http, wallet })));
    const socket = new WebSocketTransport({
      url: `${simulator.url.replace(/^http/, "ws")}/ws`,
      reconnect: { WebSocket: WebSocket as never },
    });
    await socket.ready();
    const overWebSocket = await measure(
      wallets.map((wallet) => new ExchangeClient({ transport: socket, wallet })),
    );
    await socket.close();
    const preSigned = await measurePreSigned(simulator.url, wallets);
    return [
      figure("HttpTransport", overHttp),
      figure("WebSocketTransport (post)", overWebSocket),
      {
        ...figure("HttpTransport", preSigned),
        name: `signed IOC orders (each filled) posted over HTTP keep-alive, signed beforehand by the SDK (${SIGNERS} signers; the simulator's own capacity: verify, fill)`,
      },
    ];
  } finally {
    await simulator.stop();
  }
}
