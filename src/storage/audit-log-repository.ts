import type { Database } from "./database.ts";

/** One audit entry: who did what to which target, why, and from where. */
export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

/** Appends to `audit_log`. */
export async function writeAudit(database: Database, entry: AuditEntry): Promise<void> {
  await database
    .insertInto("audit_log")
    .values({
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      reason: entry.reason ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      ip: entry.ip ?? null,
    })
    .execute();
}

/** The most recent audit entries, newest first. */
export async function recentAudit(
  database: Database,
  options: { limit?: number; action?: string } = {},
): Promise<Array<AuditEntry & { id: string; createdAt: Date }>> {
  let query = database
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(options.limit ?? 100);
  if (options.action) query = query.where("action", "=", options.action);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: String(row.id),
    createdAt: row.created_at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    reason: row.reason,
    details: (row.details as Record<string, unknown> | null) ?? null,
    ip: row.ip,
  }));
}
