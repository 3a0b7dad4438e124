/**
 * `/info` requests about API wallets (agents): `userRole` (what an address is: a user, an agent of a
 * master account, a vault, a sub-account, or unknown) and `extraAgents` (the agents a user approved).
 * Used by the trading node's start-up check that its agent may act for the account, and served by the
 * simulator.
 */
import { z } from "zod";
import { Address, UnsignedInteger } from "./wire/primitives.ts";

/** `{"type":"userRole","user"}`. */
export const UserRoleRequest = z.object({ type: z.literal("userRole"), user: Address });
/** Request for an address's role. */
export type UserRoleRequest = z.output<typeof UserRoleRequest>;

/** Response to `userRole`: an agent names its master account, a sub-account its master. */
export const UserRoleResponse = z.union([
  z.object({ role: z.enum(["missing", "user", "vault"]) }),
  z.object({ role: z.literal("agent"), data: z.object({ user: Address }) }),
  z.object({ role: z.literal("subAccount"), data: z.object({ master: Address }) }),
]);
/** An address's role. */
export type UserRoleResponse = z.output<typeof UserRoleResponse>;

/** `{"type":"extraAgents","user"}`. */
export const ExtraAgentsRequest = z.object({ type: z.literal("extraAgents"), user: Address });
/** Request for the agents a user approved. */
export type ExtraAgentsRequest = z.output<typeof ExtraAgentsRequest>;

/** Response to `extraAgents`: approved agents with their name and expiry (ms). */
export const ExtraAgentsResponse = z.array(
  z.object({ address: Address, name: z.string(), validUntil: UnsignedInteger }),
);
/** Approved agents of a user. */
export type ExtraAgentsResponse = z.output<typeof ExtraAgentsResponse>;
