import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { UserView } from "../lib/api-types.ts";
import { useTheme } from "../lib/theme.ts";
import { useApi } from "./api-context.tsx";
import { Link, navigate, useLocation } from "./router.tsx";

const NAV: ReadonlyArray<readonly [string, string]> = [
  ["/", "Dashboard"],
  ["/positions", "Positions"],
  ["/trades", "Trades"],
  ["/risk", "Risk"],
  ["/reports", "Reports"],
  ["/strategies", "Strategies"],
  ["/bots", "Bots"],
  ["/backtests", "Backtests"],
  ["/api-docs", "API"],
];

/** Navigation, the user with their role, the theme switch and logout around each page. */
export function AppShell(props: { user: UserView; children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const { theme, toggle } = useTheme();

  const logout = async () => {
    await api.logout();
    queryClient.clear();
    navigate("/login", { replace: true });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          hlbot
        </Link>
        <nav aria-label="Main" className="nav">
          {NAV.map(([to, label]) => (
            <Link key={to} to={to} className="nav-link" aria-current={pathname === to ? "page" : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <div className="topbar-tools">
          <span className="user" data-testid="current-user">
            {props.user.username} <span className="badge">{props.user.role}</span>
          </span>
          <button
            type="button"
            className="button button-small"
            onClick={toggle}
            aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}
          >
            {theme === "dark" ? "Light" : "Dark"}
          </button>
          <Link to="/account" className="button button-small">
            Password
          </Link>
          <button type="button" className="button button-small" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
