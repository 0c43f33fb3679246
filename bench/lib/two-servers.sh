# bench/lib/two-servers.sh: sourced by bench/compare and bench/sysbench. Starts a real PostgreSQL 15 and osgres
# side by side in a temp directory (loopback TCP, ports below 32768, the same shared_buffers, synchronous_commit
# and max_connections), both with the superuser postgres and trust authentication, and removes everything on exit.
#
# The caller sets BENCH_NAME (for messages), SHARED_BUFFERS, SYNC (on|off) and KEEP (1: keep the temp directory).
# Afterwards: PG_PORT, OSGRES_PORT, TMP, PG_BIN, PSQL, DIST, REPO, JAVA_HOME_25, and OSGRES_ERROR (empty when
# osgres runs; a benchmark goes on against PostgreSQL alone otherwise); machine_summary prints the report's
# machine and version lines.
#
# PostgreSQL's initdb and pg_ctl refuse root, and so does the osgres server: as root both run as the user
# osgresbench (created if missing), owning both data directories. osgres is started through setpriv, which
# execs (runuser forks), so that $! is the server's pid.

REPO=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DIST=$REPO/launcher/target/osgres
PG_BIN=/usr/lib/postgresql/15/bin
PSQL=$PG_BIN/psql
JAVA_HOME_25=/usr/lib/jvm/temurin-25-jdk-amd64
BENCH_USER=osgresbench
START_TIMEOUT=120

die() { echo "$BENCH_NAME: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

[ -x "$PG_BIN/postgres" ] || die "PostgreSQL 15 server not found in $PG_BIN (apt-get install postgresql-15)"

if [ ! -x "$DIST/bin/osgres" ]; then
    note "building the osgres distribution"
    (cd "$REPO" && JAVA_HOME=$JAVA_HOME_25 mvn -o -q install -DskipTests) || die "build failed"
fi

# --- temp directory, the unprivileged user, cleanup -------------------------------------------------------
TMP=$(mktemp -d /tmp/osgres-bench-XXXXXX)
chmod 755 "$TMP"
AS_PG_USER=()
AS_OSGRES_USER=()
if [ "$(id -u)" = 0 ]; then
    id -u "$BENCH_USER" >/dev/null 2>&1 || useradd -m "$BENCH_USER" || die "could not create user $BENCH_USER"
    AS_PG_USER=(runuser -u "$BENCH_USER" --)
    AS_OSGRES_USER=(setpriv --reuid="$BENCH_USER" --regid="$BENCH_USER" --init-groups --)
fi
mkdir -p "$TMP/pg" "$TMP/pgsock" "$TMP/osgres" "$TMP/osgressock"
[ ${#AS_PG_USER[@]} -gt 0 ] && chown -R "$BENCH_USER:$BENCH_USER" "$TMP/pg" "$TMP/pgsock" "$TMP/osgres" \
    "$TMP/osgressock"

PG_DATA=$TMP/pg/data
OSGRES_DATA=$TMP/osgres/data
OSGRES_PID=
PG_STARTED=0

cleanup() {
    if [ "$PG_STARTED" = 1 ]; then
        "${AS_PG_USER[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1
    fi
    if [ -n "$OSGRES_PID" ] && kill -0 "$OSGRES_PID" 2>/dev/null; then
        kill -INT "$OSGRES_PID" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$OSGRES_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$OSGRES_PID" 2>/dev/null && kill -KILL "$OSGRES_PID" 2>/dev/null
        wait "$OSGRES_PID" 2>/dev/null
    fi
    if [ "$KEEP" = 1 ]; then
        note "kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- ports ------------------------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 12000))
        if port_free "$p" && [ "$p" != "${PG_PORT:-}" ]; then echo "$p"; return 0; fi
    done
    die "no free port below 32768"
}
PG_PORT=$(pick_port)
OSGRES_PORT=$(pick_port)

server_settings() {
    cat <<EOF

# $BENCH_NAME
port = $1
listen_addresses = '127.0.0.1'
unix_socket_directories = '$2'
shared_buffers = $SHARED_BUFFERS
synchronous_commit = $SYNC
max_connections = 100
EOF
}

wait_ready() { # port, what, pid to watch (optional)
    local deadline=$((SECONDS + START_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 && return 0
        if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
        sleep 0.2
    done
    return 1
}

# --- PostgreSQL -------------------------------------------------------------------------------------------
note "PostgreSQL 15 on port $PG_PORT, data in $PG_DATA"
"${AS_PG_USER[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C \
    >"$TMP/pg/initdb.log" 2>&1 || { cat "$TMP/pg/initdb.log" >&2; die "PostgreSQL initdb failed"; }
server_settings "$PG_PORT" "$TMP/pgsock" | "${AS_PG_USER[@]}" tee -a "$PG_DATA/postgresql.conf" >/dev/null
"${AS_PG_USER[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$TMP/pg/server.log" -w -t "$START_TIMEOUT" start \
    >/dev/null 2>&1 || { cat "$TMP/pg/server.log" >&2; die "PostgreSQL did not start"; }
PG_STARTED=1

# --- osgres -----------------------------------------------------------------------------------------------
OSGRES_ERROR=
note "osgres on port $OSGRES_PORT, data in $OSGRES_DATA"
if ! "${AS_OSGRES_USER[@]}" "$DIST/bin/osgres" initdb -D "$OSGRES_DATA" -U postgres >"$TMP/osgres/initdb.log" 2>&1; then
    OSGRES_ERROR="initdb failed: $(tail -1 "$TMP/osgres/initdb.log")"
else
    server_settings "$OSGRES_PORT" "$TMP/osgressock" >>"$OSGRES_DATA/postgresql.conf"
    "${AS_OSGRES_USER[@]}" "$DIST/bin/osgres" -D "$OSGRES_DATA" </dev/null >"$TMP/osgres/server.log" 2>&1 &
    OSGRES_PID=$!
    if ! wait_ready "$OSGRES_PORT" osgres "$OSGRES_PID"; then
        OSGRES_ERROR="did not start: $(grep -m1 -E 'FATAL|PANIC|ERROR|Exception' "$TMP/osgres/server.log")"
    fi
fi
[ -n "$OSGRES_ERROR" ] && note "osgres $OSGRES_ERROR"


machine_summary() {
    local cpu_model mem_total commit dirty
    cpu_model=$(sed -n -E 's/^model name\s*: (.*)/\1/p' /proc/cpuinfo | head -1)
    mem_total=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
    # the results file being written is not a change to the code measured
    dirty=$(git -C "$REPO" status --porcelain -- . ':!bench/results' 2>/dev/null | head -1)
    [ -n "$dirty" ] && commit="$commit (with uncommitted changes)"
    echo "- machine: $(nproc) CPUs, $cpu_model, $mem_total RAM, $(uname -sr)"
    echo "- PostgreSQL: $("$PG_BIN/postgres" --version)"
    echo "- osgres: $("$DIST/bin/osgres" --version 2>/dev/null | head -1), commit $commit;" \
        "$("$JAVA_HOME_25/bin/java" -version 2>&1 | head -1)"
    echo "- settings (both): shared_buffers = $SHARED_BUFFERS, synchronous_commit = $SYNC, max_connections = 100," \
        "loopback TCP"
}
