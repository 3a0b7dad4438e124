#!/usr/bin/env bash
# Shared helpers of the operator scripts. Source it: . "$(dirname "$0")/lib/common.sh"
#
# Settings (environment):
#   HLBOT_API_URL      API base URL (default http://127.0.0.1:$PORT, PORT default 8000)
#   HLBOT_API_TOKEN    access token for API calls, or
#   HLBOT_API_USER / HLBOT_API_PASSWORD   a user (a viewer is enough) to log in with
#   BACKUP_DIR         where backups live (default /var/backups/hlbot)
# Database settings come from `hlbot db env` (DATABASE_URL or the running embedded server).

HLBOT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export HLBOT_ROOT
API_URL=${HLBOT_API_URL:-http://127.0.0.1:${PORT:-8000}}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/hlbot}

# Runs the hlbot CLI from the project folder (so ./var and ./.env resolve as for `npm start`).
hlbot() {
  (cd "$HLBOT_ROOT" && node "$HLBOT_ROOT/bin/hlbot.js" "$@")
}

# Prints an error line and exits 1.
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Loads PGHOST/PGPORT/PGUSER/PGDATABASE/PGPASSFILE for psql and pg_dump.
load_database_environment() {
  local settings
  settings=$(hlbot db env --pgpass "${HLBOT_PGPASS:-$HLBOT_ROOT/var/pgpass}") || fail "cannot work out the database settings (is hlbot running, or DATABASE_URL set?)"
  eval "$settings"
}

# Prints an access token: HLBOT_API_TOKEN, or one from logging in as HLBOT_API_USER.
api_token() {
  if [ -n "${HLBOT_API_TOKEN:-}" ]; then
    printf '%s' "$HLBOT_API_TOKEN"
    return 0
  fi
  if [ -n "${HLBOT_API_USER:-}" ] && [ -n "${HLBOT_API_PASSWORD:-}" ]; then
    jq -n --arg username "$HLBOT_API_USER" --arg password "$HLBOT_API_PASSWORD" '{username: $username, password: $password}' |
      curl -fsS -H 'content-type: application/json' --data @- "$API_URL/api/auth/login" | jq -r .access_token
    return $?
  fi
  return 1
}

# GET an API path with the token; prints the body.
api_get() {
  curl -fsS --max-time 10 -H "Authorization: Bearer $1" "$API_URL$2"
}

# Runs one SQL query and prints the bare result.
sql_value() {
  psql -X -A -t -v ON_ERROR_STOP=1 -c "$1"
}
