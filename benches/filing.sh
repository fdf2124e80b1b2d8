#!/usr/bin/env bash
# Filing throughput over HTTP: 3-member applications from 64 connections,
# authenticated, validated, registered, audited and committed; and, in the
# same run, the bare 5-row transaction rate of the same database.
#
#   benches/filing.sh sqlite
#   benches/filing.sh postgres      # needs PostgreSQL on 127.0.0.1:5432
#
# Needs wrk (Debian package `wrk`) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
seconds=${BENCH_SECONDS:-20}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
bin="$target/release/relief"
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

export RELIEF_BIND=127.0.0.1:18080
case "$backend" in
  sqlite)
    export DATABASE_URL="$work/bench.sqlite" ;;
  postgres)
    psql -q "postgres://postgres@127.0.0.1:5432/postgres" -c 'DROP DATABASE IF EXISTS relief_bench' -c 'CREATE DATABASE relief_bench'
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/relief_bench"
    export RELIEF_JWT_SECRET=bench-secret-bench-secret-bench-secret ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

RELIEF_LOG=warn "$bin" migrate >/dev/null
RELIEF_PASSWORD=bench-password-1 RELIEF_LOG=warn "$bin" user add --login bench-admin --role admin >/dev/null
RELIEF_PASSWORD=bench-password-1 RELIEF_LOG=warn "$bin" user add --login bench-officer --role officer >/dev/null
RELIEF_LOG=warn "$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf http://$RELIEF_BIND/health >/dev/null && break; sleep 0.1; done

login() {
  curl -sf http://$RELIEF_BIND/api/v1/auth/login -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"bench-password-1\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'
}
admin=$(login bench-admin)
officer=$(login bench-officer)
today=$(date -u +%F)
event=$(curl -sf http://$RELIEF_BIND/api/v1/events -H 'content-type: application/json' -H "authorization: Bearer $admin" \
  -d "{\"code\":\"BENCH\",\"title\":\"Бенчмарк\",\"municipality\":\"г. Благовещенск\",\"emergency_declared_on\":\"$today\",\"intake_opens_on\":\"2000-01-01\",\"intake_closes_on\":\"2999-12-31\",\"utc_offset_minutes\":540}" \
  | sed 's/^{"id":\([0-9]*\).*/\1/')

# Intake does not start on an empty database, and PostgreSQL plans the
# duplicate look-up by the tables' statistics: filed into never-analysed
# tables, it scanned the whole event (10 ms instead of 0.5). So a warm-up
# files other households first, then PostgreSQL's tables are analysed, as
# autovacuum does within its first minute (it is off on this machine).
warmup=${BENCH_WARMUP_SECONDS:-5}
echo "== warm-up ($backend, ${warmup}s)"
wrk -t2 -c64 -d"${warmup}s" -s benches/filing.lua "http://$RELIEF_BIND/api/v1/applications" -- "$officer" "$event" 200000 | grep Requests/sec
if [ "$backend" = postgres ]; then psql -q "$DATABASE_URL" -c ANALYZE; fi

echo "== filing over HTTP ($backend, 64 connections, ${seconds}s)"
wrk -t2 -c64 -d"${seconds}s" --latency -s benches/filing.lua "http://$RELIEF_BIND/api/v1/applications" -- "$officer" "$event"
total=$(curl -sf "http://$RELIEF_BIND/api/v1/applications?event_id=$event&per_page=1" -H "authorization: Bearer $admin" | sed 's/.*"total":\([0-9]*\).*/\1/')
matches=$(curl -sf "http://$RELIEF_BIND/api/v1/events/$event/duplicates?per_page=1" -H "authorization: Bearer $admin" | sed 's/.*"total":\([0-9]*\).*/\1/')
echo "applications stored: $total, duplicate matches found: $matches"
kill "$server"; wait "$server" 2>/dev/null || true

echo "== bare 5-row transactions ($backend, same database)"
BENCH_SECONDS=10 cargo bench --quiet --bench bare_transaction
