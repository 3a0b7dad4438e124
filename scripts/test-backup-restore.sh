#!/usr/bin/env bash
# Restores the latest backup into a scratch database and compares every table's row count and
# checksum with the source. Exit 1 on any difference.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

latest=$(find "$BACKUP_DIR" -maxdepth 1 -name 'hlbot-*.sql.gz' 2>/dev/null | sort | tail -n 1)
[ -n "$latest" ] || fail "no backup in $BACKUP_DIR"
load_database_environment
source_database=$PGDATABASE
scratch="hlbot_restore_test_$(date -u +%Y%m%d%H%M%S)"
cleanup() { psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $scratch WITH (FORCE);" >/dev/null 2>&1 || true; }
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $scratch;" >/dev/null || fail "cannot create the scratch database $scratch"
gunzip -c "$latest" | psql -X -q -v ON_ERROR_STOP=1 -d "$scratch" >/dev/null || fail "restoring $latest into $scratch failed"

fingerprint() {
  psql -X -A -t -v ON_ERROR_STOP=1 -d "$1" -c "
    SELECT string_agg(table_name || ' ' || rows || ' ' || checksum, E'\n' ORDER BY table_name) FROM (
      SELECT c.relname AS table_name,
             (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text AS rows,
             (xpath('/row/m/text()', query_to_xml(format(
               'SELECT coalesce(md5(string_agg(t::text, ''|'' ORDER BY t::text)), ''empty'') AS m FROM %I t', c.relname), false, true, '')))[1]::text AS checksum
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
    ) s;"
}
expected=$(fingerprint "$source_database")
actual=$(fingerprint "$scratch")
echo "backup: $latest"
echo "  ${actual//$'\n'/$'\n'  }"
if [ "$expected" != "$actual" ]; then
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  fail "the restored backup differs from $source_database (row counts or checksums above)"
fi
echo "OK: $(echo "$actual" | wc -l) tables identical (row counts and checksums)"
