/**
 * Starts a node's timers: a candle poll every `pollMs` (default 5 s). (The dead-man's switch and its
 * heartbeat belong to the execution client; see `HyperliquidExecutionClient.start`.) Returns the timers
 * (clear them to stop).
 */
export function startNodeTimers(
  periods: { readonly pollMs?: number },
  actions: { readonly poll: () => void },
): NodeJS.Timeout[] {
  return [setInterval(actions.poll, periods.pollMs ?? 5_000)];
}
