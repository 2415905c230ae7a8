#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on loopback, for tests and benchmarks.
#
#   scripts/pg_test_server.sh start [PORT]   # prints the DSN, e.g. for STORYLINE_TEST_PG
#   scripts/pg_test_server.sh stop  [PORT]   # stops it and deletes its data folder
#
# The cluster lives in a fresh temporary folder, listens on 127.0.0.1:PORT (default 54329)
# and on a socket in that folder, trusts local connections (never expose it) and runs with
# fsync off: it is for tests only. As root, the server runs as the `postgres` user, since
# initdb refuses root. Needs Debian's `postgresql` package (or initdb/pg_ctl on PATH).
set -euo pipefail

action=${1:-}
port=${2:-54329}
state="${TMPDIR:-/tmp}/storyline-pg-${port}.dir"

find_bin() {
    local name=$1 found
    if found=$(command -v "$name" 2>/dev/null); then echo "$found"; return; fi
    found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$found" ]] || { echo "error: $name not found; install the postgresql package" >&2; exit 2; }
    echo "$found"
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    if [[ -f "$state" ]]; then
        echo "error: a test cluster on port $port is already running ($(cat "$state")); stop it first" >&2
        exit 2
    fi
    local initdb pg_ctl dir
    initdb=$(find_bin initdb)
    pg_ctl=$(find_bin pg_ctl)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/storyline-pg.XXXXXX")
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$initdb" -D "$dir/data" -U storyline -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-k $dir -h 127.0.0.1 -p $port -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        >/dev/null
    as_owner "$(find_bin createdb)" -h 127.0.0.1 -p "$port" -U storyline storyline
    echo "$dir" >"$state"
    echo "postgresql://storyline@127.0.0.1:${port}/storyline"
}

stop() {
    [[ -f "$state" ]] || { echo "no test cluster recorded for port $port" >&2; exit 0; }
    local dir
    dir=$(cat "$state")
    as_owner "$(find_bin pg_ctl)" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir" "$state"
}

case "$action" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop [PORT]" >&2; exit 2 ;;
esac
