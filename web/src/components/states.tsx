import type { ReactNode } from "react";
import { errorText, isNotAvailable } from "../lib/error-text.ts";

export function Loading(props: { what: string }) {
  return (
    <p className="state state-loading" role="status">
      Loading {props.what}…
    </p>
  );
}

export function EmptyState(props: { children: ReactNode }) {
  return <div className="state state-empty">{props.children}</div>;
}

export function NotAvailable(props: { feature: string }) {
  return (
    <div className="state state-unavailable" role="note">
      <strong>{props.feature} is not available on this server yet.</strong>
      <p>
        The API this dashboard talks to does not have this endpoint. It will work once the server is updated.
      </p>
    </div>
  );
}

export function ErrorMessage(props: { error: unknown; action: string; feature?: string }) {
  if (isNotAvailable(props.error))
    return <NotAvailable feature={props.feature ?? capitalize(props.action)} />;
  return (
    <p className="state state-error" role="alert">
      {errorText(props.error, props.action)}
    </p>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Loading, error and empty handling around a query's data. */
export function QueryView<T>(props: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  what: string;
  /** The feature's name in the not-available notice (an endpoint the server lacks). */
  feature?: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.data === undefined) {
    if (query.error) {
      return (
        <ErrorMessage
          error={query.error}
          action={`load ${props.what}`}
          feature={props.feature ?? props.what}
        />
      );
    }
    return <Loading what={props.what} />;
  }
  return (
    <>
      {query.error ? <ErrorMessage error={query.error} action={`refresh ${props.what}`} /> : null}
      {props.isEmpty?.(query.data) ? <EmptyState>{props.empty}</EmptyState> : props.children(query.data)}
    </>
  );
}
