import { ROLES, type Role } from "../../storage/index.ts";

export { ROLES, type Role };

/** Whether `role` is at least `required` in the order viewer < trader < strategist < admin. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Type guard for role names. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
