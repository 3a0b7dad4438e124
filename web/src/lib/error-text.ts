import { ApiError } from "./api.ts";

/** What went wrong, in words a trader understands (never a stack trace or an internal code alone). */
export function errorText(error: unknown, action = "load this"): string {
  if (!(error instanceof ApiError)) {
    return `Something went wrong in the dashboard while trying to ${action}. Reload the page and try again.`;
  }
  if (error.status === 0) {
    return "Can't reach the hlbot server. Check that it is running and your network is up; the page retries by itself.";
  }
  if (error.notAvailable) return "This feature is not available on this server yet.";
  switch (error.code) {
    case "INVALID_CREDENTIALS":
      return "Wrong username or password.";
    case "ACCOUNT_LOCKED":
      return "This account is locked after too many failed logins. Wait 15 minutes, then try again.";
    case "SESSION_EXPIRED":
    case "TOKEN_EXPIRED":
    case "INVALID_TOKEN":
    case "UNAUTHORIZED":
      return "Your session has expired. Log in again.";
    case "PASSWORD_CHANGE_REQUIRED":
      return "Change your one-time password before doing anything else.";
    case "FORBIDDEN":
      return `You don't have permission to ${action}. ${capitalize(error.message)}.`;
    case "RATE_LIMITED":
      return `Too many requests. Wait ${error.retryAfterSeconds ?? 60} seconds and try again.`;
    default:
      break;
  }
  if (error.status === 404) return `Not found: ${error.message}.`;
  if (error.status === 400 || error.status === 409 || error.status === 422) {
    return `Couldn't ${action}: ${error.message}.`;
  }
  if (error.status >= 500) {
    return `The server had a problem and couldn't ${action} (error ${error.status}). Try again; if it keeps happening, check the server log.`;
  }
  return `Couldn't ${action}: ${error.message}.`;
}

/**
 * A form's submit error in words: a plain `Error` is the form's own check before anything was sent
 * (shown with its message), anything else is what the server answered (see {@link errorText}).
 */
export function formErrorText(error: unknown, action: string): string {
  return error instanceof Error && !("status" in error)
    ? `Couldn't ${action}: ${error.message}.`
    : errorText(error, action);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether an error means the endpoint does not exist on this server (yet). */
export function isNotAvailable(error: unknown): boolean {
  return error instanceof ApiError && error.notAvailable;
}
