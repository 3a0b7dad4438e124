import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotRunner, BotService, type BotView } from "../../src/app/bots/bot-service.ts";
import { ConflictError, ValidationError } from "../../src/core/errors.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

/** A hand-written runner that records calls and can be told to fail. */
class RecordingRunner implements BotRunner {
  readonly calls: string[] = [];
  failNext = false;
  async start(bot: BotView) {
    this.record(`start ${bot.symbol}`);
  }
  async pause(id: string) {
    this.record(`pause ${id}`);
  }
  async resume(id: string) {
    this.record(`resume ${id}`);
  }
  async stop(id: string) {
    this.record(`stop ${id}`);
  }
  status() {
    return { connected: true };
  }
  private record(call: string) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("venue unreachable");
    }
    this.calls.push(call);
  }
}

describe("bot lifecycle", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: true });
  });
  afterAll(async () => {
    await database.drop();
  });

  const input = {
    name: "btc cross",
    strategyType: "sma-cross",
    symbol: "BTC",
    interval: "1h",
    mode: "paper" as const,
    params: { fast: 5, slow: 20 },
  };

  it("validates strategy, params and mode before storing anything", async () => {
    const service = new BotService(database.connection.database, new RecordingRunner(), false);
    await expect(service.create({ ...input, strategyType: "nope" }, null)).rejects.toThrow(/strategyType/);
    await expect(service.create({ ...input, params: { fast: 50, slow: 10 } }, null)).rejects.toThrow(/fast/);
    await expect(service.create({ ...input, mode: "live" }, null)).rejects.toBeInstanceOf(ValidationError);
    expect(await service.list()).toEqual([]);
  });

  it("starts, pauses, resumes and stops through the runner, refusing moves from the wrong state", async () => {
    const runner = new RecordingRunner();
    const service = new BotService(database.connection.database, runner, false);
    const bot = await service.create(input, null);
    expect(bot.status).toBe("created");
    await expect(service.act(bot.id, "pause")).rejects.toBeInstanceOf(ConflictError);
    expect((await service.act(bot.id, "start")).status).toBe("running");
    expect((await service.act(bot.id, "pause")).status).toBe("paused");
    await expect(service.act(bot.id, "start")).rejects.toThrow(/cannot start a bot that is paused/);
    expect((await service.act(bot.id, "resume")).status).toBe("running");
    const stopped = await service.act(bot.id, "stop");
    expect(stopped).toMatchObject({ status: "stopped", live: { connected: true } });
    expect(stopped.stoppedAt).not.toBeNull();
    expect(runner.calls).toEqual(["start BTC", `pause ${bot.id}`, `resume ${bot.id}`, `stop ${bot.id}`]);
  });

  it("records a runner failure as the bot's error state", async () => {
    const runner = new RecordingRunner();
    const service = new BotService(database.connection.database, runner, false);
    const bot = await service.create({ ...input, name: "failing" }, null);
    runner.failNext = true;
    await expect(service.act(bot.id, "start")).rejects.toThrow(/venue unreachable/);
    expect(await service.get(bot.id)).toMatchObject({ status: "error", error: "venue unreachable" });
  });

  it("fails loudly without a trading node", async () => {
    const service = new BotService(database.connection.database, undefined, false);
    const bot = await service.create({ ...input, name: "orphan" }, null);
    await expect(service.act(bot.id, "start")).rejects.toThrow(/not implemented: no trading node/);
  });
});
