import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { errorText } from "../lib/error-text.ts";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What exactly will happen, naming the thing it happens to. */
  children: ReactNode;
  confirmLabel: string;
  /** Ask for a reason (≥ 3 characters, as the server requires) and pass it to `onConfirm`. */
  requireReason?: boolean;
  defaultReason?: string;
  danger?: boolean;
  /** The action, in words, for error messages ("close the BTC long"). */
  action: string;
  onConfirm: (reason: string) => Promise<unknown>;
  onClose: () => void;
}

/**
 * A modal confirmation (native <dialog>: focus stays inside, Escape cancels). The dialog stays open with
 * the server's answer in words when the action fails, and closes when it succeeds.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState(props.defaultReason ?? "");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  const reasonId = useId();
  const { open, defaultReason } = props;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setReason(defaultReason ?? "");
      setError(null);
      setPending(false);
      element.showModal();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open, defaultReason]);

  const reasonTooShort = props.requireReason === true && reason.trim().length < 3;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending || reasonTooShort) return;
    setPending(true);
    setError(null);
    try {
      await props.onConfirm(reason.trim());
      props.onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className={`dialog${props.danger ? " dialog-danger" : ""}`}
      aria-labelledby={titleId}
      onClose={() => props.open && props.onClose()}
      onCancel={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        {props.requireReason ? (
          <div className="field">
            <label htmlFor={reasonId}>Reason (kept in the audit log)</label>
            <input
              id={reasonId}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              minLength={3}
              maxLength={500}
              required
              autoComplete="off"
            />
            {reasonTooShort && reason.length > 0 ? (
              <small className="hint">Give a reason of at least 3 characters.</small>
            ) : null}
          </div>
        ) : null}
        {error ? (
          <p className="state state-error" role="alert">
            {errorText(error, props.action)}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose} disabled={pending}>
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${props.danger ? "button-danger" : "button-primary"}`}
            disabled={pending || reasonTooShort}
          >
            {pending ? "Working…" : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
