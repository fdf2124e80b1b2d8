#!/usr/bin/env bash
# The whole process over HTTP at `scale` times the 2020 event: a release
# server with the demo loaded (for its administrator), then
# `relief bench replay`.
#
#   benches/replay.sh sqlite 1
#   benches/replay.sh postgres 100    # needs PostgreSQL on 127.0.0.1:5432
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
scale=${2:-1}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --features replay
bin="$target/release/relief"
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

export RELIEF_BIND=127.0.0.1:18083
case "$backend" in
  sqlite) export DATABASE_URL="$work/replay.sqlite"; demo_flag= ;;
  postgres)
    psql -q "postgres://postgres@127.0.0.1:5432/postgres" -c 'DROP DATABASE IF EXISTS relief_replay' -c 'CREATE DATABASE relief_replay'
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/relief_replay"
    export RELIEF_JWT_SECRET=bench-secret-bench-secret-bench-secret
    demo_flag=--demo-on-postgres ;;
  *) echo "usage: $0 sqlite|postgres [scale]" >&2; exit 2 ;;
esac

RELIEF_LOG=warn "$bin" serve --demo $demo_flag >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "http://$RELIEF_BIND/health" >/dev/null && break; sleep 0.5; done
RELIEF_PASSWORD=demo-admin-2020 "$bin" bench replay --scale "$scale" --url "http://$RELIEF_BIND" \
  --concurrency "${CONCURRENCY:-16}"
