#!/usr/bin/env bash
# The SQL the library emits, run unchanged on PostgreSQL: installs Debian's postgresql when it is
# missing, starts a throwaway cluster on localhost:54329 as a non-root user, runs the PostgreSQL
# equality test (test/sql/postgres.test.ts) with PG_URL set, and removes the cluster on exit.
# Idempotent: re-running reuses the installed server and builds a fresh cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT="${PG_PORT:-54329}"

step() { printf '\n==> %s\n' "$*"; }

# --- the server ------------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "install postgresql (apt)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  ${SUDO} apt-get update
  DEBIAN_FRONTEND=noninteractive ${SUDO} apt-get install -y --no-install-recommends postgresql postgresql-client
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
command -v psql >/dev/null || { echo "psql not found" >&2; exit 1; }

# --- a throwaway cluster, owned by a non-root user ----------------------------------------------
# initdb refuses to run as root: as root, run the server as the `postgres` user.
if [ "$(id -u)" = 0 ]; then
  DBUSER=postgres
  AS=(runuser -u postgres --)
else
  DBUSER=$(id -un)
  AS=()
fi
DATA=$(mktemp -d /tmp/engagement-metrics-pg.XXXXXX)
chmod 755 "${DATA}"
chown "${DBUSER}" "${DATA}" 2>/dev/null || true
cleanup() {
  "${AS[@]}" "${PGBIN}/pg_ctl" -D "${DATA}/cluster" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "${DATA}"
}
trap cleanup EXIT

step "start PostgreSQL on localhost:${PORT} (${PGBIN})"
"${AS[@]}" "${PGBIN}/initdb" -D "${DATA}/cluster" -U "${DBUSER}" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "${PGBIN}/pg_ctl" -D "${DATA}/cluster" -l "${DATA}/server.log" -w \
  -o "-p ${PORT} -k ${DATA} -c listen_addresses=localhost -c TimeZone=UTC" start >/dev/null
export PG_URL="postgresql://${DBUSER}@localhost:${PORT}/postgres"
psql "${PG_URL}" -X -q -c "SELECT version()" -t

# --- the equality test -------------------------------------------------------------------------
step "PostgreSQL equality test"
cd "${ROOT}"
npx vitest run test/sql/postgres.test.ts
