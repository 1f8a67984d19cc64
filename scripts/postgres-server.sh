#!/usr/bin/env bash
# A throwaway PostgreSQL server for the PostgreSQL sink's tests: Debian's `postgresql` package (installed
# with apt-get when missing, through sudo only when not root), a new cluster in a temporary folder, run as an
# unprivileged user (`postgres` when this runs as root, else the caller), listening only on a Unix socket
# in that folder.
#
#   scripts/postgres-server.sh start FOLDER   # prints the connection URL on stdout
#   scripts/postgres-server.sh stop FOLDER    # stops it at once (immediate shutdown), keeping the folder
#   scripts/postgres-server.sh restart FOLDER # starts it again on the same cluster
#
# All other output goes to stderr; a failure exits non-zero with a message.
set -euo pipefail

action=${1:?usage: postgres-server.sh start|stop|restart FOLDER}
folder=${2:?usage: postgres-server.sh start|stop|restart FOLDER}

find_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

if ! bin=$(find_bin); then
    echo "postgres-server: installing postgresql" >&2
    "$(dirname "$0")/apt-install.sh" postgresql postgresql-client
    bin=$(find_bin) || { echo "postgres-server: postgresql was installed but initdb was not found" >&2; exit 1; }
fi

# PostgreSQL refuses to run as root: the cluster belongs to the package's `postgres` user then.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    as_user=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

data="$folder/data"
port_file="$folder/port"
case "$action" in
start)
    mkdir -p "$folder"
    [ "$(id -u)" -eq 0 ] && chown postgres "$folder"
    "${as_user[@]}" "$bin/initdb" -D "$data" -U innersource -A trust --no-sync -E UTF8 --locale=C </dev/null >/dev/null
    # A port of its own, though only the socket in FOLDER listens (its name carries the port).
    echo $((20000 + RANDOM % 20000)) > "$port_file"
    [ "$(id -u)" -eq 0 ] && chown postgres "$port_file"
    ;;
stop)
    "${as_user[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop </dev/null >/dev/null 2>&1
    exit 0
    ;;
restart) ;;
*) echo "postgres-server: unknown action $action" >&2; exit 2 ;;
esac
port=$(cat "$port_file")
# The server is detached from this script's streams (a caller reading them to their end would wait for it).
setsid "${as_user[@]}" "$bin/pg_ctl" -D "$data" -w -l "$folder/server.log" \
    -o "-c listen_addresses='' -k $folder -p $port -c fsync=off -c full_page_writes=off" start </dev/null >/dev/null 2>&1 \
    || { echo "postgres-server: the server did not start; its log:" >&2; cat "$folder/server.log" >&2; exit 1; }
echo "postgresql://innersource@/postgres?host=$folder&port=$port"
