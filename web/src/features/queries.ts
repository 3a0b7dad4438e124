import { useQuery } from "@tanstack/react-query";
import { useApi } from "../app/api-context.tsx";
import { useLive } from "../app/live-updates.tsx";
import type { ReportPeriod, TradeQuery } from "../lib/api-types.ts";

/** Live server state used on several pages; each refreshes on the live interval. */
export function useRiskStatus() {
  const api = useApi();
  const { intervalMs } = useLive();
  return useQuery({
    queryKey: ["risk-status"],
    queryFn: () => api.riskStatus(),
    refetchInterval: intervalMs,
  });
}

export function usePositions() {
  const api = useApi();
  const { intervalMs } = useLive();
  return useQuery({ queryKey: ["positions"], queryFn: () => api.positions(), refetchInterval: intervalMs });
}

export function useTrades(query: TradeQuery, live = true) {
  const api = useApi();
  const { intervalMs } = useLive();
  return useQuery({
    queryKey: ["trades", query],
    queryFn: () => api.trades(query),
    refetchInterval: live ? intervalMs : false,
    placeholderData: (previous) => previous,
  });
}

export function useDailyStats(days = 30) {
  const api = useApi();
  const { intervalMs } = useLive();
  return useQuery({
    queryKey: ["daily-stats", days],
    queryFn: () => api.dailyStats(days),
    refetchInterval: intervalMs,
  });
}

export function useOverallStats() {
  const api = useApi();
  const { intervalMs } = useLive();
  return useQuery({
    queryKey: ["overall-stats"],
    queryFn: () => api.overallStats(),
    refetchInterval: intervalMs * 2,
  });
}

export function usePerformance(period: ReportPeriod) {
  const api = useApi();
  return useQuery({
    queryKey: ["performance", period],
    queryFn: () => api.performance(period),
    refetchInterval: 60_000,
  });
}

export function useHealthReady() {
  return useQuery({
    queryKey: ["health-ready"],
    queryFn: async () => {
      const response = await fetch("/api/health/ready");
      return (await response.json()) as {
        status: string;
        checks?: Record<string, { status: string; latencyMs?: number }>;
      };
    },
    refetchInterval: 30_000,
  });
}
