/**
 * The application's error tree. Every error carries a stable machine-readable `code`.
 * Input problems are `ValidationError`s (exit code 2 on the CLI, 400 on the API); configuration
 * problems are `ConfigError`s (exit code 1); infrastructure problems are `OperationalError`s.
 */
export class AppError extends Error {
  /** Stable, machine-readable error code such as `VALIDATION_ERROR`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad input: an HTTP body, a CLI flag, a CSV row. The message names the field and the value. */
export class ValidationError extends AppError {
  /** The field (or file line) that failed, when known. */
  readonly field: string | undefined;

  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super("VALIDATION_ERROR", message, options);
    this.field = options?.field;
  }
}

/** A configuration value that cannot be used; the process stops with exit code 1. */
export class ConfigError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CONFIG_ERROR", message, options);
  }
}

/** Something outside the process failed or is in the way (database, port, data directory). */
export class OperationalError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("OPERATIONAL_ERROR", message, options);
  }
}

/** A write that conflicts with stored data (answered 409). */
export class ConflictError extends AppError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

/** A requested item does not exist. */
export class NotFoundError extends AppError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}

/** Renders an unknown thrown value as one line of text, without stack traces. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
