/**
 * Which addresses may sign for which account: every funded account signs for itself; `approveAgent`
 * adds API wallets (one unnamed and up to three named per account; re-approving a name, or the
 * unnamed slot, replaces the old agent). `agentName` may carry ` valid_until <ms>`.
 */

/** An approved API wallet. */
export interface AgentApproval {
  agent: string;
  account: string;
  name: string;
  /** Expiry in ms, or null. */
  validUntil: number | null;
}

/** Named agents allowed per account (besides the unnamed one). */
export const MAX_NAMED_AGENTS = 3;

/** Signers and the accounts they act for. */
export class SignerRegistry {
  private readonly agents = new Map<string, AgentApproval>();

  constructor(private readonly isAccount: (address: string) => boolean) {}

  /**
   * The account a signer acts for: itself when it is an account, its master when it is a live agent,
   * otherwise null.
   */
  accountOf(signer: string, now: number): string | null {
    const approval = this.agents.get(signer);
    if (approval && (approval.validUntil === null || approval.validUntil > now)) return approval.account;
    if (this.isAccount(signer)) return signer;
    return null;
  }

  /**
   * Approves `agent` for `account` under `rawName` (`""` = unnamed).
   * @returns null, or an error message.
   */
  approve(account: string, agent: string, rawName: string, now: number): string | null {
    const match = /^(.*?)(?: valid_until (\d+))?$/.exec(rawName);
    const name = match?.[1] ?? rawName;
    const validUntil = match?.[2] ? Number(match[2]) : null;
    if (name.length > 16) return "Agent name too long.";
    if (validUntil !== null && validUntil <= now) return "Agent valid_until is in the past.";
    if (agent === account) return "Cannot approve the account itself as an agent.";
    const mine = [...this.agents.values()].filter((approval) => approval.account === account);
    for (const approval of mine) {
      if (approval.name === name) this.agents.delete(approval.agent);
    }
    const named = mine.filter((approval) => approval.name !== "" && approval.name !== name);
    if (name !== "" && named.length >= MAX_NAMED_AGENTS) return "Too many named agents.";
    this.agents.set(agent, { agent, account, name, validUntil });
    return null;
  }

  /**
   * Hyperliquid's `userRole` of an address: `agent` (with its master) for a live agent, `user` for an
   * account, otherwise `missing`.
   */
  roleOf(
    address: string,
    now: number,
  ): { role: "agent"; data: { user: string } } | { role: "user" } | { role: "missing" } {
    const approval = this.agents.get(address);
    if (approval && (approval.validUntil === null || approval.validUntil > now))
      return { role: "agent", data: { user: approval.account } };
    return this.isAccount(address) ? { role: "user" } : { role: "missing" };
  }

  /** Approvals of an account. */
  agentsOf(account: string): AgentApproval[] {
    return [...this.agents.values()].filter((approval) => approval.account === account);
  }
}
