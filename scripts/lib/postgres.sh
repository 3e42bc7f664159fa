# PostgreSQL for the shop server (pos-server): a cluster in a directory of
# its own, listening on a Unix socket in that directory only (no TCP), run
# as the `postgres` user (PostgreSQL refuses to run as root). Source it; it
# defines functions and changes nothing by itself.
#
#   pg_start DIR [PORT]   initialise DIR/data if it is new, start it; sets
#                         PG_DIR, PG_PORT and PG_SETTINGS ("host=DIR port=PORT
#                         user=pos"); connect with dbname=postgres or your own
#   pg_stop               stop the cluster pg_start started (fast shutdown)
#   pg_start_throwaway    a cluster in a new temporary directory, stopped and
#                         deleted on EXIT (it sets the trap)
#
# Each function returns non-zero on failure and does not rely on `set -e`.

# The PostgreSQL major version installed from Debian when none is found.
PG_MAJOR=15
# The role the clusters are made with (trust authentication, socket only).
PG_ROLE=pos

# Finds initdb and pg_ctl: on PATH, else Debian's directory; installs
# postgresql-15 with apt-get when neither has them. Sets PG_BIN.
pg_find_binaries() {
  local debian="/usr/lib/postgresql/$PG_MAJOR/bin"
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    PG_BIN="$(dirname "$(command -v initdb)")"
  elif [ -x "$debian/initdb" ]; then
    PG_BIN="$debian"
  else
    echo "PostgreSQL not found: installing postgresql-$PG_MAJOR"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update </dev/null || return
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "postgresql-$PG_MAJOR" </dev/null || return
    PG_BIN="$debian"
  fi
  [ -x "$PG_BIN/initdb" ] || { echo "error: no initdb in $PG_BIN" >&2; return 1; }
}

# Runs a PostgreSQL program as the user that owns the cluster: `postgres`
# when we are root (created if missing), else ourselves.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ensure_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id postgres >/dev/null 2>&1 && return 0
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# A free TCP port number for the socket's name (PostgreSQL names its socket
# .s.PGSQL.PORT; with no TCP listener any number not in use in DIR works, but
# a free one keeps two clusters from being confused).
pg_free_port() {
  local port
  for port in $(seq 5433 5533); do
    [ -e "/tmp/.s.PGSQL.$port" ] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

pg_start() {
  local dir="$1" port="${2:-}"
  pg_find_binaries || return
  pg_ensure_user || return
  mkdir -p "$dir" || return
  dir="$(cd "$dir" && pwd)"
  [ -n "$port" ] || port="$(pg_free_port)" || { echo "error: no free port for PostgreSQL" >&2; return 1; }
  [ "$(id -u)" -ne 0 ] || chown postgres "$dir" || return
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U "$PG_ROLE" >"$dir/initdb.log" 2>&1 ||
      { echo "error: initdb failed; see $dir/initdb.log" >&2; cat "$dir/initdb.log" >&2; return 1; }
  fi
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-k $dir -p $port -h ''" -w start >/dev/null ||
    { echo "error: PostgreSQL did not start; see $dir/postgres.log" >&2; tail -20 "$dir/postgres.log" >&2; return 1; }
  PG_DIR="$dir"
  PG_PORT="$port"
  PG_SETTINGS="host=$dir port=$port user=$PG_ROLE"
  echo "PostgreSQL started: $PG_SETTINGS (log: $dir/postgres.log)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || return
    echo "PostgreSQL stopped ($PG_DIR)"
  fi
  if [ -n "${PG_THROWAWAY:-}" ]; then
    rm -rf "$PG_DIR"
    PG_THROWAWAY=
  fi
  PG_DIR=
}

pg_start_throwaway() {
  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/pos-pg-XXXXXX")" || return
  PG_THROWAWAY=1
  PG_DIR="$dir"
  trap pg_stop EXIT
  pg_start "$dir"
}

# pg_with_throwaway COMMAND... : runs COMMAND in a subshell with POS_TEST_PG
# set to a throwaway cluster's settings; the cluster is stopped and deleted
# when COMMAND ends, whatever its outcome. Answers COMMAND's status.
pg_with_throwaway() {
  (
    pg_start_throwaway || exit
    POS_TEST_PG="$PG_SETTINGS" "$@"
  )
}
