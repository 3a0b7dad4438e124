import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

/** The current location inside the app: path and query string. */
export interface AppLocation {
  pathname: string;
  search: string;
}

const listeners = new Set<() => void>();
let cached: AppLocation = { pathname: "/", search: "" };

function snapshot(): AppLocation {
  const { pathname, search } = window.location;
  if (cached.pathname !== pathname || cached.search !== search) cached = { pathname, search };
  return cached;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

/** Goes to `to` (a path with an optional query string) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (`${window.location.pathname}${window.location.search}` === to) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  for (const listener of listeners) listener();
  window.scrollTo?.(0, 0);
}

/** The current location; re-renders on navigation and the browser's back and forward. */
export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, snapshot, () => cached);
}

/** A query-string parameter of the current location. */
export function useSearchParam(name: string): string | null {
  return new URLSearchParams(useLocation().search).get(name);
}

/** An in-app link: a real <a href> (so open-in-new-tab works) that navigates without a reload on a plain click. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}

/** The login URL that returns to `location` afterwards. */
export function loginPathFor(location: AppLocation, reason?: "expired"): string {
  const next = `${location.pathname}${location.search}`;
  const params = new URLSearchParams();
  if (next !== "/" && !location.pathname.startsWith("/login")) params.set("next", next);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}

/** A safe in-app target from the `next` parameter (never another origin). */
export function safeNext(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}
