/**
 * The start-up check that the key the node signs with may act for the trading account: it is the
 * account's own key, or an API wallet (agent) the account approved and that has not expired. Asks
 * Hyperliquid's `userRole` (for the signer) and `extraAgents` (for the account).
 */
import type { InfoClient } from "@nktkas/hyperliquid";
import { OperationalError } from "../core/index.ts";
import { ExtraAgentsResponse, UserRoleResponse } from "../venues/hyperliquid/agent-requests.ts";
import { parseWire } from "../venues/hyperliquid/index.ts";

/** What the check asks the venue (the SDK's `InfoClient` satisfies it). */
export type AgentPermissionSource = Pick<InfoClient, "userRole" | "extraAgents">;

/** Who signs for whom, and where. */
export interface AgentPermissionRequest {
  /** The trading account (master address). */
  readonly account: `0x${string}`;
  /** The address of the signing key (the agent, or the account itself). */
  readonly signer: `0x${string}`;
  /** Venue name for the message, e.g. `testnet`. */
  readonly venue: string;
  /** Now, ms (agent expiry). */
  readonly now: number;
}

/**
 * Resolves when `signer` may act for `account`; how it may (`"account key"` or `"agent"`).
 * @throws OperationalError with a plain sentence naming the account (never a key) when it may not;
 *   errors of the requests themselves.
 */
export async function checkAgentPermission(
  info: AgentPermissionSource,
  request: AgentPermissionRequest,
): Promise<"account key" | "agent"> {
  const account = request.account.toLowerCase();
  const signer = request.signer.toLowerCase();
  if (signer === account) return "account key";
  const role = parseWire(
    UserRoleResponse,
    await info.userRole({ user: signer as `0x${string}` }),
    "userRole",
  );
  if (role.role === "agent" && role.data.user === account) return "agent";
  const agents = parseWire(
    ExtraAgentsResponse,
    await info.extraAgents({ user: account as `0x${string}` }),
    "extraAgents",
  );
  const approval = agents.find((agent) => agent.address === signer);
  if (approval !== undefined && approval.validUntil > request.now) return "agent";
  const why =
    approval !== undefined
      ? `its approval expired at ${new Date(approval.validUntil).toISOString()}`
      : role.role === "agent"
        ? `it is an API wallet of another account (${role.data.user})`
        : "the account has not approved it as an API wallet";
  throw new OperationalError(
    `The agent wallet ${signer} may not trade for account ${account} on ${request.venue}: ${why}. ` +
      `Approve it for ${account} (API wallets in the Hyperliquid app) or set HL_AGENT_PRIVATE_KEY to a key that is approved.`,
  );
}
