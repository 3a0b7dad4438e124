/**
 * `startSimulator`: a Hyperliquid-compatible exchange on one port (`POST /info`, `POST /exchange`,
 * WebSocket `/ws`) that the unmodified `@nktkas/hyperliquid` SDK can talk to.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { type Clock, LiveClock, OperationalError } from "../../core/index.ts";
import { inferIntervalMs, loadFundingSettlements, parseCandleCsv } from "../../data/index.ts";
import { handleExchangeRequest } from "./exchange-endpoint.ts";
import { type Fault, FaultInjector } from "./fault-injector.ts";
import { handleInfoRequest } from "./info-endpoint.ts";
import { MarketReplay, type ReplayTrack, replayStartBar } from "./market-replay.ts";
import { MatchingExchange } from "./matching-exchange.ts";
import { NonceTracker } from "./nonce-tracker.ts";
import { fireScheduledCancels } from "./order-actions.ts";
import { OrderHistory } from "./order-history.ts";
import { SignerRegistry } from "./signer-registry.ts";
import type { SimulatedExchange, SimulatedMarket } from "./simulated-exchange.ts";
import type { SimulatorContext } from "./simulator-context.ts";
import {
  coinFromFileName,
  marketDefaults,
  type SimulatorOptions,
  siblingFundingFile,
} from "./simulator-options.ts";
import { publishExchangeEvent, publishMarketStep, subscriptionSnapshot } from "./simulator-publisher.ts";
import { WebSocketHub } from "./websocket-hub.ts";

/** A running simulator. */
export interface RunningSimulator {
  /** Base URL for `HttpTransport({ apiUrl })`, e.g. `http://127.0.0.1:5123`. */
  url: string;
  /** WebSocket URL for `WebSocketTransport({ url })`, e.g. `ws://127.0.0.1:5123/ws`. */
  wsUrl: string;
  port: number;
  /** The exchange core (read its state in tests). */
  exchange: SimulatedExchange;
  /** Replays `bars` more bars (default 1); returns how many were replayed. Also fires due scheduleCancels. */
  advance(options?: { bars?: number }): number;
  /** Moves a market to `price` as if it had traded there (static markets and tests). */
  setMid(coin: string, price: number): void;
  /** Injects a fault (see {@link Fault}). */
  inject(fault: Fault): void;
  /** Stops the replay timer, closes every connection and the port. */
  close(): Promise<void>;
}

function buildTracks(options: SimulatorOptions): {
  markets: SimulatedMarket[];
  tracks: ReplayTrack[];
  mids: number[];
} {
  const markets: SimulatedMarket[] = [];
  const tracks: ReplayTrack[] = [];
  const mids: number[] = [];
  for (const source of options.data ?? []) {
    const coin = source.coin ?? coinFromFileName(source.file);
    const candles = parseCandleCsv(readFileSync(source.file), { source: source.file });
    if (candles.length < 2) throw new OperationalError(`Data file ${source.file} has fewer than 2 bars`);
    const intervalMs = inferIntervalMs(candles) ?? 3_600_000;
    const fundingFile = source.fundingFile ?? siblingFundingFile(source.file);
    const defaults = marketDefaults(coin, candles.close[0] as number);
    const assetId = markets.length;
    markets.push({
      coin,
      assetId,
      sizeDecimals: source.sizeDecimals ?? defaults.sizeDecimals,
      maxLeverage: source.maxLeverage ?? defaults.maxLeverage,
    });
    tracks.push({
      coin,
      assetId,
      candles,
      intervalMs,
      funding: fundingFile ? loadFundingSettlements(fundingFile) : null,
    });
    mids.push(candles.close[0] as number);
  }
  for (const market of options.markets ?? []) {
    const defaults = marketDefaults(market.coin, market.mid);
    markets.push({
      coin: market.coin,
      assetId: markets.length,
      sizeDecimals: market.sizeDecimals ?? defaults.sizeDecimals,
      maxLeverage: market.maxLeverage ?? defaults.maxLeverage,
    });
    mids.push(market.mid);
  }
  if (markets.length === 0)
    throw new OperationalError("The simulator needs at least one market (--data FILE)");
  return { markets, tracks, mids };
}

/** Largest request body accepted, bytes. */
const MAX_BODY_BYTES = 1 << 20;

/** Reads the body; null when it exceeds {@link MAX_BODY_BYTES}. */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * Starts a simulator. Funds `accounts`, loads `data` (replayed at `speed` bars per second of the
 * clock, or only on `advance()` under an injected clock), listens on `host:port`.
 * @throws OperationalError when the port is taken or no market is defined; errors of the data loaders.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const clock: Clock = options.clock ?? new LiveClock();
  const { markets, tracks, mids } = buildTracks(options);
  let replay: MarketReplay | null = null;
  const eventTime = () => (replay ? replay.marketTime() : clock.now());
  const startBar = options.startBar ?? 200;
  if (tracks.length > 0) {
    const cursor = replayStartBar(tracks, startBar);
    for (const track of tracks) mids[track.assetId] = track.candles.close[cursor - 1] as number;
  }
  const factory =
    options.exchangeFactory ??
    ((input) =>
      new MatchingExchange({
        markets: input.markets,
        initialMids: input.initialMids,
        now: input.now,
        ...(input.book ? { book: input.book } : {}),
      }));
  const exchange = factory({
    markets,
    initialMids: mids,
    now: eventTime,
    ...(options.book ? { book: options.book } : {}),
  });
  if (tracks.length > 0) replay = new MarketReplay(tracks, exchange, startBar);
  for (const account of options.accounts) exchange.deposit(account.address.toLowerCase(), account.usdc);

  const faults = new FaultInjector();
  const context: SimulatorContext = {
    clock,
    eventTime,
    exchange,
    replay,
    registry: new SignerRegistry((address) => exchange.hasAccount(address)),
    nonces: new NonceTracker(),
    faults,
    network: options.network ?? "either",
    marketsByCoin: new Map(markets.map((market) => [market.coin, market])),
    scheduledCancels: new Map(),
    pendingChildren: new Map(),
    orderHistory: new OrderHistory(),
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    serve(request, response).catch((error: unknown) => {
      // A simulator bug must not take the process down: answer 500 and keep serving.
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`Simulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "POST" || (path !== "/info" && path !== "/exchange")) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      return;
    }
    options.onRequest?.(path);
    const text = await readBody(request);
    if (text === null) {
      response.writeHead(413, { "content-type": "text/plain" }).end("Payload Too Large");
      return;
    }
    if (faults.takeHttp429()) {
      response.writeHead(429, { "content-type": "text/plain" }).end("Too Many Requests");
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      response
        .writeHead(422, { "content-type": "text/plain" })
        .end("Failed to parse the request body as JSON");
      return;
    }
    const reply = path === "/info" ? handleInfoRequest(context, body) : handleExchangeRequest(context, body);
    if (path === "/exchange" && faults.takeDroppedResponse()) {
      request.socket.destroy();
      return;
    }
    if (reply.httpStatus === 200) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply.json));
    } else {
      response.writeHead(reply.httpStatus, { "content-type": "text/plain" }).end(reply.text);
    }
  }

  const webSockets = new WebSocketServer({ server, path: "/ws" });
  const hub = new WebSocketHub(
    webSockets,
    {
      info: (body) => handleInfoRequest(context, body),
      action: (body) => handleExchangeRequest(context, body),
      snapshot: (subscription) => subscriptionSnapshot(context, subscription),
    },
    faults,
    options.webSocketIdleMs,
  );
  exchange.onEvent((event) => {
    if (event.type === "orderUpdate") {
      context.orderHistory.record(event.order, event.status, event.time);
      const children = context.pendingChildren.get(event.order.orderId);
      if (children && event.status !== "open") {
        context.pendingChildren.delete(event.order.orderId);
        if (event.status === "filled")
          queueMicrotask(() => {
            for (const place of children) place();
          });
      }
    }
    publishExchangeEvent(context, hub, event);
  });

  const advance = (request: { bars?: number } = {}): number => {
    let stepped = 0;
    if (replay) {
      for (let index = 0; index < (request.bars ?? 1) && replay.step(); index++) stepped++;
    }
    fireScheduledCancels(context);
    if (stepped > 0) publishMarketStep(context, hub);
    return stepped;
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new OperationalError(`Simulator cannot listen on port ${options.port ?? 0}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? "127.0.0.1";

  const speed = options.speed ?? 1;
  const autoAdvance = options.autoAdvance ?? options.clock === undefined;
  let timer: ReturnType<typeof setInterval> | null = null;
  if (autoAdvance && (speed > 0 || replay === null)) {
    const period = speed > 0 ? Math.max(10, 1000 / speed) : 1000;
    const barsPerTick = speed > 0 ? Math.max(1, Math.round((speed * period) / 1000)) : 0;
    timer = setInterval(() => advance({ bars: barsPerTick }), period);
    timer.unref();
  }

  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/ws`,
    port,
    exchange,
    advance,
    setMid(coin, price) {
      const market = context.marketsByCoin.get(coin);
      if (!market) throw new OperationalError(`Unknown coin ${coin}`);
      exchange.updateMarket(
        market.assetId,
        { open: price, high: price, low: price, close: price },
        clock.now(),
      );
      publishMarketStep(context, hub);
    },
    inject(fault) {
      if (fault.type === "dropWebSockets") hub.dropAll();
      else faults.add(fault);
    },
    async close() {
      if (timer) clearInterval(timer);
      hub.close();
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
