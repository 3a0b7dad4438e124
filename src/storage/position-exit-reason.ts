const POSITION_EXIT_REASONS = new Set([
  "stop_loss",
  "tp1",
  "tp2",
  "breakeven",
  "momentum",
  "time_stop",
  "manual",
  "emergency",
  "liquidation",
  "reconciliation",
  "signal",
]);

/** The exit reason a `positions` row accepts (its CHECK list); other strategy tags are kept on the trade only. */
export function positionExitReason(tag: string): string | null {
  if (POSITION_EXIT_REASONS.has(tag)) return tag;
  if (tag === "take_profit" || tag === "tp") return "tp1";
  return null;
}
