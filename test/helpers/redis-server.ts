import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { eventually } from "./eventually.ts";

/** A throwaway redis-server (Debian's package) on a free port. */
export interface TestRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts Debian's redis-server without persistence; fails with the install hint when it is missing. */
export async function startTestRedis(port: number): Promise<TestRedis> {
  if (spawnSync("which", ["redis-server"]).status !== 0) {
    throw new Error("redis-server is not installed: apt-get install redis-server (.ci/run does this)");
  }
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  await eventually(
    async () => {
      const client = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on("error", () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === "PONG";
      } finally {
        client.disconnect();
      }
    },
    { message: "redis-server did not start" },
  );
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
