import { ApiRequestError, ExchangeClient, HttpTransport } from "@nktkas/hyperliquid";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrivateKeyWallet, type PrivateKeyWallet } from "../../src/venues/hyperliquid/index.ts";
import {
  AGENT_KEY,
  agent,
  type Harness,
  MASTER,
  MASTER_KEY,
  master,
  startHarness,
  stranger,
} from "./helpers/simulator-harness.ts";

const order = { a: 0, b: true, p: "99000", s: "0.001", r: false, t: { limit: { tif: "Gtc" as const } } };

function clientWithNonces(harness: Harness, wallet: PrivateKeyWallet, nonces: number[], isTestnet = false) {
  const transport = isTestnet
    ? new HttpTransport({ apiUrl: harness.simulator.url, isTestnet: true })
    : harness.http;
  return new ExchangeClient({
    transport,
    wallet,
    nonceManager: () => {
      const next = nonces.shift();
      if (next === undefined) throw new Error("no nonce left");
      return next;
    },
  });
}

describe("signers, agents and nonces", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it("refuses an unknown signer with the recovered address", async () => {
    await expect(harness.exchangeFor(stranger).order({ orders: [order], grouping: "na" })).rejects.toThrow(
      `User or API Wallet ${stranger.address.toLowerCase()} does not exist.`,
    );
  });

  it("lets the account's own key sign, with a viem account as well", async () => {
    const viaViem = new ExchangeClient({
      transport: harness.http,
      wallet: privateKeyToAccount(MASTER_KEY as `0x${string}`),
    });
    await expect(viaViem.order({ orders: [order], grouping: "na" })).resolves.toMatchObject({ status: "ok" });
    await expect(
      harness.exchangeFor(master).order({ orders: [order], grouping: "na" }),
    ).resolves.toMatchObject({ status: "ok" });
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(2);
  });

  it("approves an agent (user-signed) that then trades for the account", async () => {
    const agentClient = harness.exchangeFor(agent);
    await expect(agentClient.order({ orders: [order], grouping: "na" })).rejects.toThrow(/does not exist/);
    const approval = await harness
      .exchangeFor(master)
      .approveAgent({ agentAddress: agent.address, agentName: "bot" });
    expect(approval).toEqual({ status: "ok", response: { type: "default" } });
    await agentClient.order({ orders: [order], grouping: "na" });
    expect(await harness.info.openOrders({ user: MASTER })).toHaveLength(1);
    expect(await harness.info.openOrders({ user: agent.address })).toEqual([]);
  });

  it("replaces an agent approved under the same name and honours valid_until", async () => {
    const masterClient = harness.exchangeFor(master);
    await masterClient.approveAgent({ agentAddress: agent.address, agentName: "bot" });
    await masterClient.approveAgent({ agentAddress: stranger.address, agentName: "bot" });
    await expect(harness.exchangeFor(agent).order({ orders: [order], grouping: "na" })).rejects.toThrow(
      /does not exist/,
    );
    await harness.exchangeFor(stranger).order({ orders: [order], grouping: "na" });
    const expiring = createPrivateKeyWallet(`0x${"55".repeat(32)}`);
    await masterClient.approveAgent({
      agentAddress: expiring.address,
      agentName: `tmp valid_until ${harness.clock.now() + 60_000}`,
    });
    await harness.exchangeFor(expiring).order({ orders: [order], grouping: "na" });
    harness.clock.advance(61_000);
    await expect(harness.exchangeFor(expiring).order({ orders: [order], grouping: "na" })).rejects.toThrow(
      /does not exist/,
    );
  });

  it("refuses approveAgent from an account that never deposited", async () => {
    await expect(
      harness.exchangeFor(stranger).approveAgent({ agentAddress: agent.address, agentName: "x" }),
    ).rejects.toThrow(`Must deposit before performing actions. User: ${stranger.address.toLowerCase()}`);
  });

  it("keeps nonces per signer: duplicates and window violations are refused", async () => {
    const now = harness.clock.now();
    const client = clientWithNonces(harness, master, [
      now,
      now,
      now - 3 * 86_400_000,
      now + 2 * 86_400_000,
      now + 1,
    ]);
    await client.noop();
    await expect(client.noop()).rejects.toThrow(`Invalid nonce: duplicate nonce ${now}`);
    await expect(client.noop()).rejects.toThrow(/^Invalid nonce: nonce too low \d+ < \d+$/);
    await expect(client.noop()).rejects.toThrow(/^Invalid nonce: nonce too high \d+ > \d+$/);
    await expect(client.noop()).resolves.toMatchObject({ status: "ok" });
  });

  it("keeps the 100 highest nonces: below the smallest is too low, gaps above it are fine", async () => {
    const now = harness.clock.now();
    const nonces = Array.from({ length: 100 }, (_, index) => now + 10 * (index + 1));
    const client = clientWithNonces(harness, master, [...nonces, now + 5, now + 15, now + 2_000]);
    for (let index = 0; index < 100; index++) await client.noop();
    await expect(client.noop()).rejects.toThrow(`Invalid nonce: nonce too low ${now + 5} < ${now + 10}`);
    await expect(client.noop()).resolves.toMatchObject({ status: "ok" });
    await expect(client.noop()).resolves.toMatchObject({ status: "ok" });
  });

  it("tracks nonces per signer, not per account", async () => {
    await harness.exchangeFor(master).approveAgent({ agentAddress: agent.address });
    const now = harness.clock.now() + 5_000;
    await clientWithNonces(harness, master, [now]).noop();
    await expect(
      clientWithNonces(harness, createPrivateKeyWallet(AGENT_KEY), [now]).noop(),
    ).resolves.toMatchObject({ status: "ok" });
  });

  it("accepts testnet signatures by default and only mainnet ones when configured", async () => {
    const now = harness.clock.now() + 10_000;
    await expect(clientWithNonces(harness, master, [now], true).noop()).resolves.toMatchObject({
      status: "ok",
    });
    await harness.close();
    harness = await startHarness({ network: "mainnet" });
    const error = await clientWithNonces(harness, master, [now], true)
      .noop()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(String(error)).toMatch(/User or API Wallet 0x[0-9a-f]{40} does not exist\./);
    expect(String(error)).not.toContain(MASTER);
  });

  it("refuses expired actions and unknown vaults", async () => {
    const client = new ExchangeClient({
      transport: harness.http,
      wallet: master,
      defaultExpiresAfter: harness.clock.now() - 1,
    });
    await expect(client.noop()).rejects.toThrow("Action already expired");
    await expect(
      harness
        .exchangeFor(master)
        .order({ orders: [order], grouping: "na" }, { vaultAddress: `0x${"66".repeat(20)}` }),
    ).rejects.toThrow(/does not exist/);
  });
});
