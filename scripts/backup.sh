#!/usr/bin/env bash
# Backup: pg_dump | gzip into BACKUP_DIR (default /var/backups/hlbot), keeping RETENTION_DAYS (default 14).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

RETENTION_DAYS=${RETENTION_DAYS:-14}
case "$RETENTION_DAYS" in '' | *[!0-9]*) fail "RETENTION_DAYS must be a whole number of days, got '$RETENTION_DAYS'" ;; esac
load_database_environment
mkdir -p "$BACKUP_DIR" || fail "cannot create $BACKUP_DIR"
file="$BACKUP_DIR/hlbot-$(date -u +%Y%m%d-%H%M%S).sql.gz"
partial="$file.partial"
# The job queue (schema pgboss) is transient working state: it is not backed up.
if ! pg_dump --no-owner --no-privileges --clean --if-exists --exclude-schema=pgboss | gzip -9 >"$partial"; then
  rm -f "$partial"
  fail "pg_dump of $PGDATABASE at $PGHOST:$PGPORT failed"
fi
gzip -t "$partial" || fail "the backup $partial is not a valid gzip file"
mv "$partial" "$file"
echo "backup written: $file ($(du -h "$file" | cut -f1))"
removed=$(find "$BACKUP_DIR" -maxdepth 1 -name 'hlbot-*.sql.gz' -mtime +"$RETENTION_DAYS" -print -delete | wc -l)
echo "removed $removed backup(s) older than $RETENTION_DAYS days"
