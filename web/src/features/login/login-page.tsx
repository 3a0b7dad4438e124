import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useApi } from "../../app/api-context.tsx";
import { navigate, safeNext, useSearchParam } from "../../app/router.tsx";
import { errorText } from "../../lib/error-text.ts";

/** Login; returns to the page in `?next=` afterwards (a session that expired comes back where it was). */
export function LoginPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const next = safeNext(useSearchParam("next"));
  const expired = useSearchParam("reason") === "expired";
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const userId = useId();
  const passwordId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await api.login(username.trim(), password);
      queryClient.clear();
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">hlbot</h1>
        <p className="muted">Log in to the trading dashboard.</p>
        {expired ? (
          <p className="state state-warning" role="status">
            Your session has expired. Log in again to return to the page you were on.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={userId}>Username</label>
          <input
            id={userId}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            maxLength={64}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>Password</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            maxLength={256}
          />
        </div>
        {error ? (
          <p className="state state-error" role="alert">
            {errorText(error, "log in")}
          </p>
        ) : null}
        <button type="submit" className="button button-primary button-block" disabled={pending}>
          {pending ? "Logging in…" : "Log in"}
        </button>
      </form>
    </main>
  );
}
