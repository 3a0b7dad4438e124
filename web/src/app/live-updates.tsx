import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { WEBSOCKET_PATH } from "../lib/api-routes.ts";
import { useApi, useCurrentUser } from "./api-context.tsx";

export type LiveMode = "connecting" | "websocket" | "polling";

interface LiveState {
  mode: LiveMode;
  /** How often live queries refetch: often while polling, rarely as a safety net over the WebSocket. */
  intervalMs: number;
}

export const POLL_INTERVAL_MS = 5_000;
const SAFETY_INTERVAL_MS = 30_000;

const LiveContext = createContext<LiveState>({ mode: "polling", intervalMs: POLL_INTERVAL_MS });

/** Query keys refreshed by each WebSocket channel of issue 8. */
const CHANNEL_QUERIES: Record<string, string[][]> = {
  positions: [["positions"]],
  orders: [["positions"]],
  fills: [["positions"], ["trades"], ["daily-stats"], ["overall-stats"]],
  trades: [["trades"], ["daily-stats"], ["overall-stats"], ["performance"]],
  risk: [["risk-status"]],
  backtests: [["backtests"]],
  bots: [["bots"]],
};

/**
 * Live data: subscribes to the API's WebSocket (`/api/ws`) and refreshes the affected queries on each
 * event; while the socket is unavailable (the server may not serve it yet) queries poll every 5 s and
 * the socket is retried with backoff.
 */
export function LiveUpdatesProvider(props: { children: ReactNode; enableWebSocket?: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  // Connect only once the session is known to be good, so a stale token never opens a socket.
  const loggedIn = useCurrentUser().isSuccess;
  const [mode, setMode] = useState<LiveMode>("polling");
  const enableWebSocket = props.enableWebSocket ?? typeof WebSocket !== "undefined";

  useEffect(() => {
    if (!loggedIn || !enableWebSocket) return;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;
    const connect = () => {
      const token = api.store.get()?.accessToken;
      if (!token || stopped) return;
      const url = new URL(WEBSOCKET_PATH, window.location.href);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      url.searchParams.set("access_token", token);
      setMode((current) => (current === "websocket" ? current : "connecting"));
      socket = new WebSocket(url);
      socket.onopen = () => {
        attempts = 0;
        setMode("websocket");
        socket?.send(JSON.stringify({ type: "subscribe", channels: Object.keys(CHANNEL_QUERIES) }));
      };
      socket.onmessage = (event) => {
        let channel = "";
        try {
          const message = JSON.parse(String(event.data)) as { channel?: unknown; type?: unknown };
          channel = String(message.channel ?? message.type ?? "");
        } catch {
          return;
        }
        for (const [name, keys] of Object.entries(CHANNEL_QUERIES)) {
          if (channel !== name && !channel.startsWith(`${name}:`)) continue;
          for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
        }
      };
      socket.onclose = () => {
        socket = null;
        setMode("polling");
        if (stopped) return;
        timer = setTimeout(connect, Math.min(60_000, 5_000 * 2 ** attempts));
        attempts += 1;
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
  }, [loggedIn, enableWebSocket, api, queryClient]);

  const intervalMs = mode === "websocket" ? SAFETY_INTERVAL_MS : POLL_INTERVAL_MS;
  return <LiveContext.Provider value={{ mode, intervalMs }}>{props.children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}
