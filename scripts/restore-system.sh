#!/usr/bin/env bash
# Restores a backup made by backup.sh into the configured database (replacing its contents).
# Usage: restore-system.sh FILE.sql.gz [--yes]   (stop hlbot's trading first)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

file=${1:-}
[ -n "$file" ] || fail "usage: restore-system.sh FILE.sql.gz [--yes]"
[ -f "$file" ] || fail "no such backup file: $file"
gzip -t "$file" || fail "$file is not a valid gzip file"
load_database_environment
if [ "${2:-}" != "--yes" ] && [ "${HLBOT_RESTORE_CONFIRM:-}" != "yes" ]; then
  if [ -t 0 ]; then
    read -r -p "Replace the contents of $PGDATABASE at $PGHOST:$PGPORT with $file? Type yes: " answer
    [ "$answer" = "yes" ] || fail "restore cancelled"
  else
    fail "refusing to restore without --yes (or HLBOT_RESTORE_CONFIRM=yes)"
  fi
fi
echo "Starting system restore from $file"
gunzip -c "$file" | psql -X -q -v ON_ERROR_STOP=1 --single-transaction >/dev/null || fail "restore failed; the database was left as it was"
tables=$(sql_value "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public';")
echo "Restore complete: $tables tables in $PGDATABASE"
