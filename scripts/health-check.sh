#!/usr/bin/env bash
# Health check: API liveness and readiness, database, disk and memory. Exit 1 on any failure.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

failures=0
check() {
  if [ "$1" -eq 0 ]; then echo "  OK    $2"; else echo "  FAIL  $2"; failures=$((failures + 1)); fi
}

echo "hlbot health check - $(date -u +%Y-%m-%dT%H:%M:%SZ)"

echo "API:"
health=$(curl -fsS --max-time 5 "$API_URL/api/health" 2>/dev/null)
check $? "liveness $API_URL/api/health ${health:-unreachable}"
ready=$(curl -sS --max-time 10 -o /dev/stdout -w '\n%{http_code}' "$API_URL/api/health/ready" 2>/dev/null)
ready_status=$(printf '%s' "$ready" | tail -n 1)
[ "$ready_status" = "200" ]
check $? "readiness (HTTP ${ready_status:-none}): $(printf '%s' "$ready" | head -n 1 | jq -c '.checks // .' 2>/dev/null)"

echo "Database:"
if load_database_environment; then
  open_positions=$(sql_value "SELECT count(*) FROM positions WHERE status='open';" 2>/dev/null)
  check $? "PostgreSQL $PGHOST:$PGPORT/$PGDATABASE answers; open positions: ${open_positions:-?}"
else
  check 1 "database settings"
fi

echo "Disk:"
used=$(df -P "$HLBOT_ROOT" | awk 'NR==2 {print $5}' | tr -d '%')
[ "${used:-100}" -lt 90 ]
check $? "disk of $HLBOT_ROOT ${used}% used (fails at 90%)"

echo "Memory:"
available=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
total=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
[ $((available * 100 / total)) -ge 10 ]
check $? "memory $((available / 1024)) MiB available of $((total / 1024)) MiB (fails under 10%)"

if [ "$failures" -gt 0 ]; then
  echo "FAIL: $failures check(s) failed" >&2
  exit 1
fi
echo "All checks passed"
