import { QueryView } from "../../components/states.tsx";
import { usePositions } from "../queries.ts";
import { PositionsTable } from "./positions-table.tsx";
import { useCloseState } from "./use-close-state.ts";

export function PositionsPage() {
  const positions = usePositions();
  const closeState = useCloseState();
  return (
    <section className="page" aria-labelledby="positions-title">
      <header className="page-header">
        <h1 id="positions-title">Positions</h1>
      </header>
      <QueryView
        query={positions}
        what="positions"
        isEmpty={(data) => data.positions.length === 0}
        empty="No open positions. Positions opened by a bot or by hand appear here."
      >
        {(data) => <PositionsTable positions={data.positions} closeState={closeState} />}
      </QueryView>
      {positions.data?.positions.some((position) => position.markPrice === undefined) ? (
        <p className="muted small">
          Mark price and unrealized P&amp;L appear when the trading node reports live prices.
        </p>
      ) : null}
    </section>
  );
}
