import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useApi } from "../../app/api-context.tsx";
import { errorText } from "../../lib/error-text.ts";

const POLICY = "At least 12 characters with an upper-case letter, a lower-case letter, a digit and a symbol.";

function policyProblem(password: string): string | null {
  if (password.length < 12) return "The new password needs at least 12 characters.";
  if (!/[A-Z]/.test(password)) return "Add an upper-case letter.";
  if (!/[a-z]/.test(password)) return "Add a lower-case letter.";
  if (!/[0-9]/.test(password)) return "Add a digit.";
  if (!/[^A-Za-z0-9]/.test(password)) return "Add a symbol.";
  return null;
}

/** Change password; forced (`required`) while the account still has its one-time password. */
export function ChangePasswordPage(props: { required?: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const ids = { current: useId(), next: useId(), repeat: useId(), policy: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = policyProblem(next) ?? (next !== repeat ? "The two new passwords differ." : null);
    setProblem(local);
    setError(null);
    if (local) return;
    setPending(true);
    try {
      await api.changePassword(current, next);
      setDone(true);
      setCurrent("");
      setNext("");
      setRepeat("");
      await queryClient.invalidateQueries();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <section className={props.required ? "login" : "page"} aria-labelledby="password-title">
      <form className="card login-card" onSubmit={submit}>
        <h1 id="password-title">Change password</h1>
        {props.required ? (
          <p className="state state-warning">
            This account still has its one-time password. Choose your own first.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={ids.current}>Current password</label>
          <input
            id={ids.current}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={ids.next}>New password</label>
          <input
            id={ids.next}
            type="password"
            autoComplete="new-password"
            aria-describedby={ids.policy}
            value={next}
            onChange={(event) => setNext(event.target.value)}
            required
          />
          <small id={ids.policy} className="hint">
            {POLICY}
          </small>
        </div>
        <div className="field">
          <label htmlFor={ids.repeat}>Repeat the new password</label>
          <input
            id={ids.repeat}
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            required
          />
        </div>
        {problem ? (
          <p className="state state-error" role="alert">
            {problem}
          </p>
        ) : null}
        {error ? (
          <p className="state state-error" role="alert">
            {errorText(error, "change the password")}
          </p>
        ) : null}
        {done ? (
          <p className="state state-ok" role="status">
            Password changed.
          </p>
        ) : null}
        <button type="submit" className="button button-primary button-block" disabled={pending}>
          {pending ? "Saving…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
