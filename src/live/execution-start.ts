/**
 * What the execution client does before its first order: the agent permission check and, when
 * configured, the dead-man's switch with its heartbeat.
 */
import type { ExchangeClient, InfoClient } from "@nktkas/hyperliquid";
import type { Clock } from "../core/index.ts";
import { checkAgentPermission } from "./agent-permission.ts";
import { DeadMansSwitch } from "./dead-mans-switch.ts";

/** The parts of the execution client's options the start uses. */
export interface VenueSessionOptions {
  readonly exchange: ExchangeClient;
  readonly info: InfoClient;
  readonly user: `0x${string}`;
  readonly signer?: `0x${string}`;
  readonly venue?: string;
  readonly clock: Clock;
  readonly deadMan?: { readonly windowMs: number; readonly heartbeatMs?: number };
  readonly hooks?: { onError?(what: string, error: unknown): void };
}

/**
 * Checks that `signer` may act for `user` (skipped without a signer), then starts the dead-man's
 * switch when `deadMan` is set; returns it.
 * @throws OperationalError naming the account when the signer is not approved; ValidationError for a
 *   dead-man window under 5 s.
 */
export async function startVenueSession(
  options: VenueSessionOptions,
  request: <T>(what: string, run: () => Promise<T>) => Promise<T>,
): Promise<DeadMansSwitch | undefined> {
  const { signer, user, info, clock, deadMan } = options;
  if (signer !== undefined) {
    await checkAgentPermission(info, {
      account: user,
      signer,
      venue: options.venue ?? "the venue",
      now: clock.now(),
    });
  }
  if (deadMan === undefined) return undefined;
  const deadMansSwitch = new DeadMansSwitch({
    exchange: options.exchange,
    clock,
    windowMs: deadMan.windowMs,
    ...(deadMan.heartbeatMs === undefined ? {} : { heartbeatMs: deadMan.heartbeatMs }),
    request,
    onError: (error) => options.hooks?.onError?.("dead-man's switch", error),
  });
  await deadMansSwitch.start();
  return deadMansSwitch;
}
