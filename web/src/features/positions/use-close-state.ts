import { useCurrentUser, useRouteAvailable } from "../../app/api-context.tsx";
import { roleAtLeast } from "../../lib/roles.ts";

/** The close button's state for the current user and server: hidden below trader, unavailable without the endpoint. */
export function useCloseState(): "hidden" | "unavailable" | "enabled" {
  const user = useCurrentUser().data;
  const available = useRouteAvailable("closePosition");
  if (!roleAtLeast(user?.role, "trader")) return "hidden";
  return available === "no" ? "unavailable" : "enabled";
}
