#!/usr/bin/env bash
# Issuing throughput over HTTP: every row of one approved 10,000-row
# distribution list issued once, from 16 parallel connections, by the
# warehouse's keeper.
#
#   benches/issuing.sh sqlite
#   benches/issuing.sh postgres      # needs PostgreSQL on 127.0.0.1:5432
#
# Needs wrk (Debian package `wrk`) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
rows=${ROWS:-10000}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
bin="$target/release/relief"
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

export RELIEF_BIND=127.0.0.1:18081
case "$backend" in
  sqlite) export DATABASE_URL="$work/issuing.sqlite" ;;
  postgres)
    psql -q "postgres://postgres@127.0.0.1:5432/postgres" -c 'DROP DATABASE IF EXISTS relief_issuing' -c 'CREATE DATABASE relief_issuing'
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/relief_issuing"
    export RELIEF_JWT_SECRET=bench-secret-bench-secret-bench-secret ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

echo "== preparing an approved list of $rows rows ($backend)"
ready=$(ROWS=$rows cargo bench --quiet --bench issuing | grep '^READY')
read -r _ list first last <<<"$ready"

RELIEF_LOG=warn "$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://$RELIEF_BIND/health" >/dev/null && break; sleep 0.1; done
token=$(curl -sf "http://$RELIEF_BIND/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"bench-keeper","password":"bench-password-1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')

echo "== issuing rows $first..$last of list $list, 16 connections"
start=$(date +%s)
wrk -t4 -c16 -d"${BENCH_SECONDS:-60}s" --latency -s benches/issuing.lua \
  "http://$RELIEF_BIND" -- "$token" "$list" "$first" "$last" 4 | tee "$work/wrk.log"
issued=$(grep '^rows issued:' "$work/wrk.log" | sed 's/rows issued: \([0-9]*\), last at \([0-9]*\)/\1/')
last_at=$(grep '^rows issued:' "$work/wrk.log" | sed 's/rows issued: \([0-9]*\), last at \([0-9]*\)/\2/')
seconds=$((last_at - start))
[ "$seconds" -gt 0 ] || seconds=1
echo "issued $issued rows in about $seconds s: $((issued / seconds)) rows/s"
