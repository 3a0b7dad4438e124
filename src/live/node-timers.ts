import type { ExchangeClient } from "@nktkas/hyperliquid";

/**
 * Starts a node's timers: a candle poll every `pollMs` (default 5 s), and (when `deadManMs` > 0, default
 * 60 s) the dead-man's switch — `scheduleCancel` at now + `deadManMs`, armed at once and re-armed every
 * `heartbeatMs` (default 20 s). Returns the timers (clear them to stop).
 */
export function startNodeTimers(
  exchange: ExchangeClient,
  periods: { readonly pollMs?: number; readonly deadManMs?: number; readonly heartbeatMs?: number },
  actions: {
    readonly now: () => number;
    readonly poll: () => void;
    readonly onArmFailed: (error: unknown) => void;
  },
): NodeJS.Timeout[] {
  const timers = [setInterval(actions.poll, periods.pollMs ?? 5_000)];
  const deadMan = periods.deadManMs ?? 60_000;
  if (deadMan > 0) {
    const arm = () => exchange.scheduleCancel({ time: actions.now() + deadMan }).catch(actions.onArmFailed);
    void arm();
    timers.push(setInterval(() => void arm(), periods.heartbeatMs ?? 20_000));
  }
  return timers;
}
