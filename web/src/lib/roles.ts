import type { Role } from "./api-types.ts";

const ORDER: readonly Role[] = ["viewer", "trader", "strategist", "admin"];

/** Whether `role` is at least `required` (viewer < trader < strategist < admin), as the server checks. */
export function roleAtLeast(role: Role | undefined, required: Role): boolean {
  if (!role) return false;
  return ORDER.indexOf(role) >= ORDER.indexOf(required);
}
