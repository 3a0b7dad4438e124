import { lazy, Suspense } from "react";
import type { ChartProps } from "./chart-types.ts";

const ChartImplementation = lazy(() => import("./chart.tsx"));

/** The chart, loaded on first use so lightweight-charts stays out of the initial JavaScript. */
export function Chart(props: ChartProps) {
  return (
    <Suspense fallback={<div className="chart chart-loading" style={{ height: props.height ?? 320 }} />}>
      <ChartImplementation {...props} />
    </Suspense>
  );
}
