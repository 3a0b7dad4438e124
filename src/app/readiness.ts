import { Redis } from "ioredis";
import type { Database } from "../storage/index.ts";
import { pingDatabase } from "../storage/index.ts";

/** The outcome of one readiness probe. */
export interface CheckResult {
  status: "up" | "down";
  latencyMs: number;
  /** Short reason when down (an error code such as ECONNREFUSED or "timeout"); never a URL or secret. */
  error?: string;
}

/** A named dependency probe. */
export interface ReadinessCheck {
  name: string;
  probe(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 2_000;

function safeReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^[A-Z0-9_]+$/.test(code)) return code;
  if (error instanceof Error && error.message === "timeout") return "timeout";
  return "unavailable";
}

/** Runs every check concurrently, each with a 2 s timeout. */
export async function runReadinessChecks(checks: ReadinessCheck[]): Promise<Record<string, CheckResult>> {
  const entries = await Promise.all(
    checks.map(async (check): Promise<[string, CheckResult]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check.probe(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error("timeout")), PROBE_TIMEOUT_MS);
          }),
        ]);
        return [check.name, { status: "up", latencyMs: round(performance.now() - started) }];
      } catch (error) {
        return [
          check.name,
          { status: "down", latencyMs: round(performance.now() - started), error: safeReason(error) },
        ];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Probe of PostgreSQL: a real `SELECT 1`. */
export function databaseCheck(database: Database): ReadinessCheck {
  return { name: "database", probe: async () => void (await pingDatabase(database)) };
}

/** Probe of Redis: `PING` over a lazily connected client that does not queue commands while offline. */
export function redisCheck(url: string): ReadinessCheck & { close(): Promise<void> } {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: PROBE_TIMEOUT_MS,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  return {
    name: "redis",
    probe: async () => {
      if (client.status === "wait" || client.status === "end" || client.status === "close") {
        if (client.status !== "wait") client.disconnect();
        await client.connect();
      }
      const answer = await client.ping();
      if (answer !== "PONG") throw new Error("unexpected answer");
    },
    close: async () => {
      client.disconnect();
    },
  };
}
