/** Parameter checks shared by the indicators; every failure is a `ValidationError` naming the value. */
import { ValidationError } from "../core/errors.ts";

/**
 * Checks that `value` is a positive safe integer (a window length in bars).
 *
 * @throws ValidationError naming `name` and the value received.
 */
export function requirePeriod(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError(`${name} must be a positive integer, received ${String(value)}`, {
      field: name,
    });
  }
  return value;
}

/**
 * Checks that `value` is a finite number greater than 0.
 *
 * @throws ValidationError naming `name` and the value received.
 */
export function requirePositiveNumber(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`${name} must be a finite number greater than 0, received ${String(value)}`, {
      field: name,
    });
  }
  return value;
}

/**
 * Checks that every named column has the length of the first one and returns that length.
 *
 * @throws ValidationError naming the first column whose length differs.
 */
export function requireSameLength(columns: Readonly<Record<string, ArrayLike<number>>>): number {
  let length = -1;
  let first = "";
  for (const [name, column] of Object.entries(columns)) {
    if (length < 0) {
      length = column.length;
      first = name;
    } else if (column.length !== length) {
      throw new ValidationError(
        `column ${name} has ${column.length} values but ${first} has ${length}; the columns must have equal length`,
        { field: name },
      );
    }
  }
  return Math.max(length, 0);
}
