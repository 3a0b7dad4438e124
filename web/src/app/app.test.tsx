import { QueryClient } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createApiClient } from "../lib/api.ts";
import { createMemorySessionStore } from "../lib/session-store.ts";
import { fakeApi, position } from "../test-fake-api.ts";
import { App } from "./app.tsx";
import { navigate } from "./router.tsx";

function renderApp(server: ReturnType<typeof fakeApi>, loggedIn: boolean) {
  const store = createMemorySessionStore(
    loggedIn
      ? { accessToken: "access-1", refreshToken: "refresh-1", accessExpiresAt: Date.now() + 600_000 }
      : null,
  );
  const client = createApiClient({
    store,
    fetch: server.fetch,
    onSessionExpired: () => navigate("/login?reason=expired"),
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<App client={client} queryClient={queryClient} enableWebSocket={false} />);
  return { store };
}

describe("app", () => {
  it("sends an anonymous visitor to login and back to the page after logging in", async () => {
    window.history.replaceState(null, "", "/positions");
    const server = fakeApi({ positions: [position()] });
    renderApp(server, false);
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
    expect(window.location.search).toBe("?next=%2Fpositions");
    fireEvent.change(screen.getByLabelText("Username"), { target: { value: "alice" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "wrong" } });
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByText("Wrong username or password.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "right" } });
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("heading", { name: "Positions" })).toBeTruthy();
    expect(window.location.pathname).toBe("/positions");
    expect(await screen.findByRole("cell", { name: "41,000" })).toBeTruthy();
  });

  it("shows the dashboard's figures and empty states", async () => {
    window.history.replaceState(null, "", "/");
    renderApp(fakeApi(), true);
    expect(await screen.findByText("$10,000.00")).toBeTruthy();
    expect(await screen.findByText("+$25.00")).toBeTruthy();
    expect(await screen.findByText("No open positions.")).toBeTruthy();
    expect(await screen.findByText("No closed trades yet.")).toBeTruthy();
  });

  it("names the position on its close button, disabled while the server lacks the endpoint", async () => {
    window.history.replaceState(null, "", "/positions");
    renderApp(fakeApi({ role: "trader", positions: [position()] }), true);
    const close = await screen.findByRole("button", { name: /Close BTC long/ });
    await waitFor(() => expect((close as HTMLButtonElement).disabled).toBe(true));
    expect(
      screen.getByText("Closing positions from the dashboard is not available on this server yet."),
    ).toBeTruthy();
  });

  it("hides trading buttons from a viewer", async () => {
    window.history.replaceState(null, "", "/positions");
    renderApp(fakeApi({ role: "viewer", positions: [position()] }), true);
    await screen.findByRole("cell", { name: "41,000" });
    expect(screen.queryByRole("button", { name: /Close/ })).toBeNull();
    navigate("/risk");
    await screen.findByText(/1.00 % of 3.00 % limit/);
    expect(screen.queryByRole("button", { name: /circuit breaker|Cancel all|Close all/ })).toBeNull();
  });

  it("says a planned feature is not available when the server answers 404", async () => {
    window.history.replaceState(null, "", "/bots");
    renderApp(fakeApi(), true);
    expect(await screen.findByText("Bots is not available on this server yet.")).toBeTruthy();
    navigate("/backtests");
    expect(await screen.findByText("Backtests is not available on this server yet.")).toBeTruthy();
  });
});
