import { type AuditEntry, type Database, writeAudit } from "../storage/index.ts";

/** Appends one entry to `audit_log` (who, what, target, why, from where). */
export function recordAudit(database: Database, entry: AuditEntry): Promise<void> {
  return writeAudit(database, entry);
}
