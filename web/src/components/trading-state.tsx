import type { RiskStatusResponse, TradingState } from "../lib/api-types.ts";
import { formatDateTime } from "../lib/format.ts";

const DESCRIPTION: Record<TradingState, string> = {
  ACTIVE: "Trading normally",
  REDUCED: "Trading at reduced size after losses today",
  HALTED: "New entries are blocked",
  EMERGENCY: "Emergency: positions are being closed",
};

export function TradingStateBadge(props: { state: TradingState }) {
  return (
    <span className={`badge badge-${props.state.toLowerCase()}`} title={DESCRIPTION[props.state]}>
      {props.state}
    </span>
  );
}

export function describeTradingState(state: TradingState): string {
  return DESCRIPTION[state];
}

/** "Armed" or the tripped breaker's reason and until when it holds. */
export function BreakerSummary(props: {
  status: RiskStatusResponse | Omit<RiskStatusResponse, "scope" | "limits">;
}) {
  const breaker = props.status.circuitBreaker;
  if (!breaker) return <span data-testid="breaker-state">Circuit breaker armed (not tripped)</span>;
  return (
    <span data-testid="breaker-state">
      <strong>Circuit breaker TRIPPED</strong> — {breaker.reason} (since {formatDateTime(breaker.trippedAt)},
      until {formatDateTime(breaker.until)})
    </span>
  );
}
