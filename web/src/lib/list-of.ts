/**
 * The array of a list response, whether the server answers a bare array or an object holding it under
 * `key` (the planned endpoints of issue 8 are not fixed yet).
 */
export function listOf<T>(value: unknown, key: string): T[] {
  if (Array.isArray(value)) return value as T[];
  if (typeof value === "object" && value !== null) {
    const inner = (value as Record<string, unknown>)[key];
    if (Array.isArray(inner)) return inner as T[];
    const items = (value as Record<string, unknown>).items;
    if (Array.isArray(items)) return items as T[];
  }
  return [];
}
