import type { TokenPair } from "./api-types.ts";

/** The tokens of a logged-in session. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires (by the server's `expires_in`). */
  accessExpiresAt: number;
}

/** Where the client keeps the session between requests (and page reloads). */
export interface SessionStore {
  get(): StoredSession | null;
  set(session: StoredSession): void;
  clear(): void;
  /** Calls `listener` whenever the session is set or cleared; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function sessionFromTokens(tokens: TokenPair, now = Date.now()): StoredSession {
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessExpiresAt: now + tokens.expires_in * 1000,
  };
}

const KEY = "hlbot.session";

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.accessToken === "string" &&
    typeof candidate.refreshToken === "string" &&
    typeof candidate.accessExpiresAt === "number"
  );
}

/**
 * A session kept in `sessionStorage` (survives reloads of this tab, not other tabs or a closed browser),
 * falling back to memory where storage is unavailable.
 */
export function createBrowserSessionStore(
  storage: Storage | undefined = globalThis.sessionStorage,
): SessionStore {
  let memory: StoredSession | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const read = (): StoredSession | null => {
    if (memory) return memory;
    try {
      const raw = storage?.getItem(KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      memory = isStoredSession(parsed) ? parsed : null;
    } catch {
      memory = null;
    }
    return memory;
  };
  return {
    get: read,
    set(session) {
      memory = session;
      try {
        storage?.setItem(KEY, JSON.stringify(session));
      } catch {
        // Private mode or a full quota: the session lives in memory only.
      }
      notify();
    },
    clear() {
      memory = null;
      try {
        storage?.removeItem(KEY);
      } catch {
        // Nothing stored.
      }
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** An in-memory store, for tests. */
export function createMemorySessionStore(initial: StoredSession | null = null): SessionStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(session) {
      current = session;
      for (const listener of listeners) listener();
    },
    clear() {
      current = null;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
