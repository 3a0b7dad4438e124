/**
 * `POST /exchange`: parses the envelope, recovers the signer exactly as Hyperliquid does (L1 phantom
 * agent or user-signed EIP-712), maps agents to their account, enforces the nonce rules and then runs
 * the action.
 */
import {
  ApproveAgentAction,
  ExchangeRequest,
  isUserSignedActionType,
  L1Action,
  recoverL1ActionSigner,
  recoverUserSignedActionSigner,
} from "../hyperliquid/index.ts";
import { type ExchangeReply, executeL1Action, fireScheduledCancels } from "./order-actions.ts";
import { HL_MESSAGES, type SimulatorContext } from "./simulator-context.ts";

/** What the transport sends back: JSON with status 200, or plain text with an HTTP error status. */
export type EndpointReply = { httpStatus: 200; json: unknown } | { httpStatus: 422 | 429; text: string };

const ok = (json: unknown): EndpointReply => ({ httpStatus: 200, json });
const refuse = (message: string): EndpointReply =>
  ok({ status: "err", response: message } satisfies ExchangeReply);

function describeIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}` : "invalid body";
}

function recoverL1(
  context: SimulatorContext,
  body: Record<string, unknown>,
  request: ExchangeRequest,
): { signer: string; account: string | null } | null {
  const input = {
    action: body.action as Record<string, unknown>,
    nonce: request.nonce,
    vaultAddress: request.vaultAddress ?? undefined,
    expiresAfter: request.expiresAfter ?? undefined,
    signature: request.signature,
  };
  const now = context.clock.now();
  const networks = context.network === "either" ? [false, true] : [context.network === "testnet"];
  let first: string | null = null;
  for (const isTestnet of networks) {
    const signer = recoverL1ActionSigner({ ...input, isTestnet });
    if (!signer) continue;
    first ??= signer;
    const account = context.registry.accountOf(signer, now);
    if (account) return { signer, account };
  }
  return first ? { signer: first, account: null } : null;
}

function approveAgent(
  context: SimulatorContext,
  body: Record<string, unknown>,
  request: ExchangeRequest,
): EndpointReply {
  const parsed = ApproveAgentAction.safeParse(body.action);
  if (!parsed.success) return { httpStatus: 422, text: HL_MESSAGES.deserialize(describeIssue(parsed.error)) };
  const action = parsed.data;
  const signer = recoverUserSignedActionSigner(body.action as Record<string, unknown>, request.signature);
  if (!signer) return refuse(HL_MESSAGES.unableToRecover);
  if (!context.exchange.hasAccount(signer)) return refuse(HL_MESSAGES.mustDeposit(signer));
  if (action.nonce !== request.nonce)
    return refuse(`Invalid nonce: action nonce ${action.nonce} != ${request.nonce}`);
  const now = context.clock.now();
  const nonceError = context.nonces.use(signer, request.nonce, now);
  if (nonceError) return refuse(nonceError);
  const error = context.registry.approve(signer, action.agentAddress, action.agentName ?? "", now);
  return error ? refuse(error) : ok({ status: "ok", response: { type: "default" } });
}

/** Handles one `/exchange` body (already JSON-decoded, key order as sent). */
export function handleExchangeRequest(context: SimulatorContext, body: unknown): EndpointReply {
  fireScheduledCancels(context);
  const envelope = ExchangeRequest.safeParse(body);
  if (!envelope.success)
    return { httpStatus: 422, text: HL_MESSAGES.deserialize(describeIssue(envelope.error)) };
  const request = envelope.data;
  const raw = body as Record<string, unknown>;
  const injected = context.faults.takeRejection();
  if (injected) return refuse(injected);
  const type = request.action.type;
  if (isUserSignedActionType(type)) {
    if (type === "approveAgent") return approveAgent(context, raw, request);
    return refuse(`Action ${type} is not supported by the simulator.`);
  }
  const action = L1Action.safeParse(raw.action);
  if (!action.success) return { httpStatus: 422, text: HL_MESSAGES.deserialize(describeIssue(action.error)) };
  const recovered = recoverL1(context, raw, request);
  if (!recovered) return refuse(HL_MESSAGES.unableToRecover);
  if (!recovered.account) return refuse(HL_MESSAGES.unknownSigner(recovered.signer));
  const now = context.clock.now();
  if (request.expiresAfter !== null && request.expiresAfter !== undefined && request.expiresAfter < now) {
    return refuse(HL_MESSAGES.expired);
  }
  if (request.vaultAddress) return refuse(HL_MESSAGES.unknownSigner(request.vaultAddress));
  const nonceError = context.nonces.use(recovered.signer, request.nonce, now);
  if (nonceError) return refuse(nonceError);
  return ok(executeL1Action(context, recovered.account, action.data));
}
