#!/usr/bin/env bash
# The operations manual's morning routine for hlbot. Exit 1 when the API or the database is down.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

critical=0
echo "Daily System Health Check - $(date -u)"
echo "========================================"

echo "1. Service status:"
if command -v systemctl >/dev/null 2>&1 && systemctl list-units --no-pager >/dev/null 2>&1; then
  for unit in hlbot-api hlbot-web hlbot-worker; do
    printf '  %-14s %s\n' "$unit" "$(systemctl is-active "$unit" 2>/dev/null || true)"
  done
else
  echo "  systemd not available here; checking the API directly"
fi
if curl -fsS --max-time 5 "$API_URL/api/health" >/dev/null 2>&1; then
  echo "  API at $API_URL: up"
else
  echo "  API at $API_URL: DOWN"
  critical=1
fi

echo
echo "2. System resources:"
df -h / "$HLBOT_ROOT" | grep -v tmpfs
free -h | grep Mem

echo
echo "3. Database:"
if load_database_environment && open_positions=$(sql_value "SELECT count(*) as open_positions FROM positions WHERE status='open';"); then
  echo "  open positions: $open_positions"
  stuck=$(sql_value "SELECT count(*) FROM positions WHERE status='open' AND created_at < now() - interval '24 hours';")
  echo "  positions open > 24h: $stuck"
  failed_logins=$(sql_value "SELECT count(*) FROM audit_log WHERE action = 'authentication_failed' AND created_at > now() - interval '24 hours';")
  echo "  failed logins (24h): $failed_logins"
else
  echo "  database: UNREACHABLE"
  critical=1
fi

echo
echo "4. Recent errors (last hour):"
if command -v journalctl >/dev/null 2>&1 && journalctl -u hlbot-api --since "1 hour ago" >/dev/null 2>&1; then
  journalctl -u hlbot-api --since "1 hour ago" | grep -i '"level":50\|error' | tail -5
elif [ -n "${HLBOT_LOG_FILE:-}" ] && [ -f "$HLBOT_LOG_FILE" ]; then
  grep '"level":50' "$HLBOT_LOG_FILE" | tail -5
else
  echo "  no journal or HLBOT_LOG_FILE to read"
fi

echo
echo "5. Trading status:"
curl -fsS --max-time 5 "$API_URL/api/health" 2>/dev/null | jq . || echo "  unavailable"
if token=$(api_token 2>/dev/null) && [ -n "$token" ]; then
  api_get "$token" /api/risk/status | jq '{tradingState, dailyLossPercent, drawdownPercent, circuitBreaker}' || echo "  risk status unavailable"
else
  echo "  set HLBOT_API_TOKEN or HLBOT_API_USER/HLBOT_API_PASSWORD for the risk status"
fi

echo
echo "6. Daily P&L:"
if [ -n "${token:-}" ]; then
  api_get "$token" /api/trades/stats/daily | jq '.today' || echo "  unavailable"
elif [ "$critical" -eq 0 ]; then
  sql_value "SELECT 'trades today: ' || count(*) || ', net P&L: ' || coalesce(sum(pnl), 0) FROM trades WHERE exit_time >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';"
fi

echo
echo "7. Last backup:"
latest=$(find "$BACKUP_DIR" -maxdepth 1 -name 'hlbot-*.sql.gz' 2>/dev/null | sort | tail -n 1)
if [ -n "$latest" ]; then
  ls -lh "$latest"
else
  echo "  no backup in $BACKUP_DIR"
fi

echo
if [ "$critical" -ne 0 ]; then
  echo "FAIL: morning check found the API or the database down" >&2
  exit 1
fi
echo "Morning check complete"
