import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkAgentPermission } from "../../src/live/agent-permission.ts";
import { createPrivateKeyWallet } from "../../src/venues/hyperliquid/index.ts";
import {
  AGENT_KEY,
  agent,
  type Harness,
  MASTER,
  master,
  OTHER,
  otherMaster,
  STRANGER_KEY,
  startHarness,
  stranger,
} from "../venues/helpers/simulator-harness.ts";
import { executionClient } from "./helpers/execution-harness.ts";

const AGENT = agent.address.toLowerCase() as `0x${string}`;
const STRANGER = stranger.address.toLowerCase() as `0x${string}`;

describe("agent permission check at start", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  const check = (signer: `0x${string}`, account: `0x${string}` = MASTER) =>
    checkAgentPermission(harness.info, { account, signer, venue: "simulator", now: harness.clock.now() });

  it("serves userRole and extraAgents as Hyperliquid does", async () => {
    await harness.exchangeFor(master).approveAgent({ agentAddress: agent.address, agentName: "bot" });
    expect(await harness.info.userRole({ user: AGENT })).toEqual({ role: "agent", data: { user: MASTER } });
    expect(await harness.info.userRole({ user: MASTER })).toEqual({ role: "user" });
    expect(await harness.info.userRole({ user: STRANGER })).toEqual({ role: "missing" });
    expect(await harness.info.extraAgents({ user: MASTER })).toEqual([
      { address: AGENT, name: "bot", validUntil: expect.any(Number) },
    ]);
  });

  it("lets the account's own key and an approved agent start", async () => {
    await expect(check(MASTER)).resolves.toBe("account key");
    await harness.exchangeFor(master).approveAgent({ agentAddress: agent.address, agentName: "bot" });
    await expect(check(AGENT)).resolves.toBe("agent");
    const { client } = await executionClient(harness, agent, MASTER, { signer: AGENT, venue: "simulator" });
    await expect(client.start()).resolves.toBeUndefined();
  });

  it("refuses a key the account never approved, naming the account and never the key", async () => {
    const { client } = await executionClient(harness, stranger, MASTER, {
      signer: STRANGER,
      venue: "simulator",
    });
    const error = await client.start().then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error?.message).toBe(
      `The agent wallet ${STRANGER} may not trade for account ${MASTER} on simulator: the account has not approved it as an API wallet. ` +
        `Approve it for ${MASTER} (API wallets in the Hyperliquid app) or set HL_AGENT_PRIVATE_KEY to a key that is approved.`,
    );
    expect(error?.message).not.toContain(STRANGER_KEY.slice(2));
    expect(error?.message).not.toContain(AGENT_KEY.slice(2));
  });

  it("refuses an agent of another account and an expired agent", async () => {
    await harness.exchangeFor(otherMaster).approveAgent({ agentAddress: agent.address, agentName: "x" });
    await expect(check(AGENT)).rejects.toThrow(`it is an API wallet of another account (${OTHER})`);
    const expiring = createPrivateKeyWallet(`0x${"66".repeat(32)}`);
    const until = harness.clock.now() + 60_000;
    await harness
      .exchangeFor(master)
      .approveAgent({ agentAddress: expiring.address, agentName: `temp valid_until ${until}` });
    const address = expiring.address.toLowerCase() as `0x${string}`;
    await expect(check(address)).resolves.toBe("agent");
    harness.clock.advance(60_000);
    await expect(check(address)).rejects.toThrow(
      `may not trade for account ${MASTER} on simulator: its approval expired at ${new Date(until).toISOString()}`,
    );
  });
});
