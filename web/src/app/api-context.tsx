import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";
import type { ApiClient } from "../lib/api.ts";
import type { RouteName } from "../lib/api-routes.ts";
import { ROUTES } from "../lib/api-routes.ts";
import type { UserView } from "../lib/api-types.ts";
import type { StoredSession } from "../lib/session-store.ts";

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider(props: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={props.client}>{props.children}</ApiContext.Provider>;
}

/** The API client of the app. */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error("useApi outside ApiProvider");
  return client;
}

/** The stored session (tokens), re-rendering on login, refresh and logout. */
export function useSession(): StoredSession | null {
  const { store } = useApi();
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** The logged-in user (`GET /api/auth/me`). */
export function useCurrentUser() {
  const api = useApi();
  const session = useSession();
  return useQuery<UserView>({
    queryKey: ["me", session?.refreshToken ? "session" : "none"],
    queryFn: () => api.me(),
    enabled: session !== null,
    staleTime: 60_000,
  });
}

/**
 * Whether the server serves a route: "yes" for live routes and planned ones its OpenAPI document lists,
 * "no" for planned ones it does not list, "unknown" while the document loads or when it can't be read.
 */
export function useRouteAvailable(name: RouteName): "yes" | "no" | "unknown" {
  const api = useApi();
  const route = ROUTES[name];
  const paths = useQuery({
    queryKey: ["openapi-paths"],
    queryFn: () => api.openApiPaths(),
    staleTime: 5 * 60_000,
    retry: false,
    enabled: route.status === "planned",
  });
  if (route.status === "live") return "yes";
  if (!paths.data) return "unknown";
  const operations = paths.data[route.path];
  return operations && route.method.toLowerCase() in operations ? "yes" : "no";
}
