#!/usr/bin/env bash
# Printed documents over HTTP: the distribution sheet of the whole 2020
# event on one list (633 rows, 1815 persons) and the list of its 1815
# victims, each fetched RUNS times in a row from a release server.
#
#   benches/documents.sh sqlite
#   benches/documents.sh postgres    # needs PostgreSQL on 127.0.0.1:5432
#
# The in-process figures (and the 180,000-person list) come from
# `cargo bench --bench documents`.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
runs=${RUNS:-20}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
bin="$target/release/relief"
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

export RELIEF_BIND=127.0.0.1:18082
case "$backend" in
  sqlite) export DATABASE_URL="$work/documents.sqlite" ;;
  postgres)
    psql -q "postgres://postgres@127.0.0.1:5432/postgres" -c 'DROP DATABASE IF EXISTS relief_documents' -c 'CREATE DATABASE relief_documents'
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/relief_documents"
    export RELIEF_JWT_SECRET=bench-secret-bench-secret-bench-secret ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

echo "== preparing 633 households of 1815 persons on one approved list ($backend)"
ready=$(ROWS=633 PERSONS=1815 cargo bench --quiet --bench issuing | grep '^READY')
read -r _ list _ _ <<<"$ready"

RELIEF_LOG=warn "$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://$RELIEF_BIND/health" >/dev/null && break; sleep 0.1; done
token=$(curl -sf "http://$RELIEF_BIND/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"bench-admin","password":"bench-password-1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
event=$(curl -sf "http://$RELIEF_BIND/api/v1/events" -H "authorization: Bearer $token" \
  | sed 's/.*"id":\([0-9]*\),"code":"ISSUE".*/\1/')

fetch() {
  local name=$1 path=$2
  local times=()
  for _ in $(seq 1 "$runs"); do
    times+=("$(curl -sf -o "$work/$name.pdf" -w '%{time_total}' "http://$RELIEF_BIND$path" \
      -H "authorization: Bearer $token")")
  done
  local size
  size=$(stat -c %s "$work/$name.pdf")
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v size="$size" -v runs="$runs" '
    { t[NR] = $1 * 1000 }
    END { printf "%s: best %.1f ms, median %.1f ms, worst %.1f ms over %d runs, %d bytes\n",
          name, t[1], t[int((NR + 1) / 2)], t[NR], runs, size }'
}
fetch "sheet (633 rows, 1815 persons)" "/api/v1/distribution-lists/$list/sheet.pdf"
fetch "victims list (1815 persons)" "/api/v1/events/$event/victims.pdf"
