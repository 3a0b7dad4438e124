/**
 * WebSocket `/ws`: subscribe / unsubscribe with Hyperliquid's acks and errors, ping → pong, `post`
 * requests (info and action) and the pushes of every channel the engine uses. Subscriptions are
 * echoed verbatim, as the SDK matches acks against what it sent.
 */
import type { WebSocket, WebSocketServer } from "ws";
import {
  type SubscriptionWire as Subscription,
  SubscriptionWire,
  WS_WELCOME_TEXT,
  WsClientFrame,
} from "../hyperliquid/index.ts";
import type { EndpointReply } from "./exchange-endpoint.ts";
import type { FaultInjector } from "./fault-injector.ts";

/** Answers `post` payloads with the HTTP endpoints' logic. */
export interface PostHandlers {
  info(body: unknown): EndpointReply;
  action(body: unknown): EndpointReply;
  /** Pushes sent right after a subscription is acknowledged (snapshots). */
  snapshot(subscription: Subscription): Array<{ channel: string; data: unknown }>;
}

interface ClientState {
  socket: WebSocket;
  subscriptions: Map<string, Subscription>;
  /** Wall time of the last frame received, ms. */
  lastSeen: number;
}

/** Hyperliquid closes connections that sent nothing for this long (clients ping every 30-50 s). */
export const WEB_SOCKET_IDLE_MS = 60_000;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined && item !== null && item !== false)
      .sort(([left], [right]) => left.localeCompare(right));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return typeof value === "string" ? JSON.stringify(value.toLowerCase()) : JSON.stringify(value);
}

/** Connected clients, their subscriptions, and fan-out. */
export class WebSocketHub {
  private readonly clients = new Set<ClientState>();
  private readonly idleTimer: ReturnType<typeof setInterval>;

  constructor(
    server: WebSocketServer,
    private readonly handlers: PostHandlers,
    private readonly faults: FaultInjector,
    idleMs = WEB_SOCKET_IDLE_MS,
  ) {
    server.on("connection", (socket) => this.accept(socket));
    this.idleTimer = setInterval(() => this.closeIdle(idleMs), Math.min(10_000, idleMs));
    this.idleTimer.unref();
  }

  private closeIdle(idleMs: number): void {
    const now = Date.now();
    for (const client of this.clients) {
      if (now - client.lastSeen > idleMs) {
        client.socket.terminate();
        this.clients.delete(client);
      }
    }
  }

  /** Number of open connections. */
  connectionCount(): number {
    return this.clients.size;
  }

  /** Closes every connection (fault injection and shutdown). */
  dropAll(): void {
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
  }

  /** Drops every connection and stops the idle check. */
  close(): void {
    clearInterval(this.idleTimer);
    this.dropAll();
  }

  private accept(socket: WebSocket): void {
    const client: ClientState = { socket, subscriptions: new Map(), lastSeen: Date.now() };
    this.clients.add(client);
    socket.on("close", () => this.clients.delete(client));
    socket.on("error", () => this.clients.delete(client));
    socket.on("message", (data) => {
      client.lastSeen = Date.now();
      try {
        this.receive(client, data.toString());
      } catch (error) {
        this.error(client, `Simulator error: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    this.send(client, WS_WELCOME_TEXT, false);
  }

  private send(client: ClientState, frame: unknown, isPush: boolean): void {
    if (isPush && this.faults.takeDroppedPush()) return;
    const text = typeof frame === "string" ? frame : JSON.stringify(frame);
    const deliver = () => {
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(text);
    };
    if (this.faults.webSocketDelay > 0) setTimeout(deliver, this.faults.webSocketDelay);
    else deliver();
  }

  private error(client: ClientState, message: string): void {
    this.send(client, { channel: "error", data: message }, false);
  }

  private receive(client: ClientState, text: string): void {
    let decoded: unknown;
    try {
      decoded = JSON.parse(text);
    } catch {
      this.error(client, `Invalid request: ${text.slice(0, 200)}`);
      return;
    }
    const frame = WsClientFrame.safeParse(decoded);
    if (!frame.success) {
      this.error(client, `Invalid request: ${text.slice(0, 200)}`);
      return;
    }
    const message = frame.data;
    if (message.method === "ping") {
      this.send(client, { channel: "pong" }, false);
      return;
    }
    if (message.method === "post") {
      const reply =
        message.request.type === "info"
          ? this.handlers.info(message.request.payload)
          : this.handlers.action(message.request.payload);
      const response =
        reply.httpStatus !== 200
          ? { type: "error", payload: reply.text }
          : message.request.type === "info"
            ? { type: "info", payload: { type: String(message.request.payload.type), data: reply.json } }
            : { type: "action", payload: reply.json };
      this.send(client, { channel: "post", data: { id: message.id, response } }, false);
      return;
    }
    const raw = message.subscription;
    const parsed = SubscriptionWire.safeParse(raw);
    if (!parsed.success) {
      this.error(client, `Invalid subscription ${JSON.stringify(raw)}`);
      return;
    }
    const key = canonical(parsed.data);
    if (message.method === "subscribe") {
      if (client.subscriptions.has(key)) {
        this.error(client, `Already subscribed: ${JSON.stringify(raw)}`);
        return;
      }
      client.subscriptions.set(key, parsed.data);
      this.send(
        client,
        { channel: "subscriptionResponse", data: { method: "subscribe", subscription: raw } },
        false,
      );
      for (const push of this.handlers.snapshot(parsed.data)) this.send(client, push, false);
      return;
    }
    if (!client.subscriptions.delete(key)) {
      this.error(client, `Already unsubscribed: ${JSON.stringify(raw)}`);
      return;
    }
    this.send(
      client,
      { channel: "subscriptionResponse", data: { method: "unsubscribe", subscription: raw } },
      false,
    );
  }

  /** Sends `data` on `channel` to every client with a subscription accepted by `matches`. */
  publish(channel: string, data: unknown, matches: (subscription: Subscription) => boolean): void {
    for (const client of this.clients) {
      for (const subscription of client.subscriptions.values()) {
        if (matches(subscription)) {
          this.send(client, { channel, data }, true);
          break;
        }
      }
    }
  }

  /** Whether any client subscribes to something `matches` accepts (to skip building payloads). */
  wants(matches: (subscription: Subscription) => boolean): boolean {
    for (const client of this.clients) {
      for (const subscription of client.subscriptions.values()) if (matches(subscription)) return true;
    }
    return false;
  }
}
