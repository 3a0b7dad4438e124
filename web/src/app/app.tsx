import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ComponentType, lazy, Suspense, useEffect, useState } from "react";
import { ErrorMessage, Loading } from "../components/states.tsx";
import { DashboardPage } from "../features/dashboard/dashboard-page.tsx";
import { LoginPage } from "../features/login/login-page.tsx";
import { type ApiClient, ApiError, createApiClient } from "../lib/api.ts";
import { createBrowserSessionStore } from "../lib/session-store.ts";
import { ApiProvider, useCurrentUser, useSession } from "./api-context.tsx";
import { AppShell } from "./app-shell.tsx";
import { LiveUpdatesProvider } from "./live-updates.tsx";
import { Link, loginPathFor, navigate, useLocation } from "./router.tsx";

function named<T, K extends keyof T>(load: () => Promise<T>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const PAGES: Record<string, ComponentType> = {
  "/": DashboardPage,
  "/positions": named(() => import("../features/positions/positions-page.tsx"), "PositionsPage"),
  "/trades": named(() => import("../features/trades/trades-page.tsx"), "TradesPage"),
  "/risk": named(() => import("../features/risk/risk-page.tsx"), "RiskPage"),
  "/reports": named(() => import("../features/reports/reports-page.tsx"), "ReportsPage"),
  "/strategies": named(() => import("../features/strategies/strategies-page.tsx"), "StrategiesPage"),
  "/bots": named(() => import("../features/bots/bots-page.tsx"), "BotsPage"),
  "/backtests": named(() => import("../features/backtests/backtests-page.tsx"), "BacktestsPage"),
  "/api-docs": named(() => import("../features/api-docs/api-docs-page.tsx"), "ApiDocsPage"),
  "/account": named(() => import("../features/account/change-password-page.tsx"), "ChangePasswordPage"),
};
const ChangePasswordPage = PAGES["/account"] as ComponentType<{ required?: boolean }>;

function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page here. Go to the <Link to="/">dashboard</Link>.
      </p>
    </section>
  );
}

function Authenticated() {
  const location = useLocation();
  const user = useCurrentUser();
  if (!user.data) {
    if (user.error && !(user.error instanceof ApiError && user.error.status === 401)) {
      return (
        <main className="login">
          <ErrorMessage error={user.error} action="load your account" />
        </main>
      );
    }
    return <Loading what="your account" />;
  }
  if (user.data.mustChangePassword) {
    return (
      <Suspense fallback={<Loading what="the page" />}>
        <ChangePasswordPage required />
      </Suspense>
    );
  }
  const Page = PAGES[location.pathname] ?? NotFound;
  return (
    <AppShell user={user.data}>
      <Suspense fallback={<Loading what="the page" />}>
        <Page />
      </Suspense>
    </AppShell>
  );
}

function Routes() {
  const location = useLocation();
  const session = useSession();
  const onLogin = location.pathname === "/login";
  useEffect(() => {
    if (!session && !onLogin) navigate(loginPathFor(location), { replace: true });
  }, [session, onLogin, location]);
  if (onLogin) return <LoginPage />;
  if (!session) return null;
  return <Authenticated />;
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429)
            return false;
          return count < 3;
        },
        refetchOnWindowFocus: true,
        staleTime: 2_000,
      },
    },
  });
}

/** The app with its providers; `client` and `queryClient` are injectable for tests. */
export function App(props: { client?: ApiClient; queryClient?: QueryClient; enableWebSocket?: boolean }) {
  const [queryClient] = useState(() => props.queryClient ?? makeQueryClient());
  const [client] = useState(
    () =>
      props.client ??
      createApiClient({
        store: createBrowserSessionStore(),
        onSessionExpired: () => {
          queryClient.clear();
          navigate(
            loginPathFor({ pathname: window.location.pathname, search: window.location.search }, "expired"),
            {
              replace: true,
            },
          );
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <ApiProvider client={client}>
        <LiveUpdatesProvider
          {...(props.enableWebSocket !== undefined ? { enableWebSocket: props.enableWebSocket } : {})}
        >
          <Routes />
        </LiveUpdatesProvider>
      </ApiProvider>
    </QueryClientProvider>
  );
}
