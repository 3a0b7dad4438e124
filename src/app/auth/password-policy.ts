import { randomInt } from "node:crypto";
import { ValidationError } from "../../core/errors.ts";

/** Minimum password length. */
export const MINIMUM_PASSWORD_LENGTH = 12;

/**
 * Checks the password policy: at least 12 characters with an upper-case letter, a lower-case letter,
 * a digit and a symbol. Returns the list of unmet rules (empty when the password is acceptable).
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < MINIMUM_PASSWORD_LENGTH)
    problems.push(`at least ${MINIMUM_PASSWORD_LENGTH} characters`);
  if (password.length > 256) problems.push("at most 256 characters");
  if (!/[A-Z]/.test(password)) problems.push("an upper-case letter");
  if (!/[a-z]/.test(password)) problems.push("a lower-case letter");
  if (!/[0-9]/.test(password)) problems.push("a digit");
  if (!/[^A-Za-z0-9]/.test(password)) problems.push("a symbol");
  return problems;
}

/** @throws {ValidationError} naming the unmet rules (never the password). */
export function assertPasswordPolicy(password: string, field = "password"): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new ValidationError(`${field} must have ${problems.join(", ")}`, { field });
  }
}

const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER = "abcdefghijkmnopqrstuvwxyz";
const DIGITS = "23456789";
const SYMBOLS = "!@#$%^&*-_=+?";

/** A random password of `length` characters that meets the policy (for the first admin). */
export function generatePassword(length = 20): string {
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] ?? "x";
  const characters = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (characters.length < length) characters.push(pick(all));
  for (let index = characters.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other] ?? "", characters[index] ?? ""];
  }
  return characters.join("");
}
