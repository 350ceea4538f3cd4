#!/usr/bin/env bash
# make replica-test: a PostgreSQL primary and a streaming replica of our own, beside the machine's main
# cluster (which is never touched), then the test in scripts/replica/ against them, then both removed.
#
#   primary  skutan_primary  pg_createcluster, wal_level=replica, replication allowed from 127.0.0.1
#   replica  skutan_replica  pg_basebackup -R -X stream from the primary: a hot standby
#
# Safe to re-run: clusters left by an interrupted run are dropped first. Needs Debian's postgresql-common
# (pg_createcluster) and root or the postgres user; ports are chosen free.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=${PG_VERSION:-$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)}
PRIMARY=skutan_primary
REPLICA=skutan_replica
DB=skutan_bench_replica
PY=${PY:-.venv/bin/python}

if ! command -v pg_createcluster >/dev/null || [ -z "$VERSION" ]; then
  echo "replica-test: pg_createcluster (postgresql-common) and a PostgreSQL server are needed." >&2; exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
elif [ "$(id -un)" = postgres ]; then
  as_pg() { "$@"; }
else
  echo "replica-test: run as root or as postgres (the clusters belong to postgres)." >&2; exit 1
fi
BIN=/usr/lib/postgresql/$VERSION/bin

drop() {
  for name in "$REPLICA" "$PRIMARY"; do
    if [ -d "/etc/postgresql/$VERSION/$name" ]; then
      pg_dropcluster --stop "$VERSION" "$name" >/dev/null 2>&1 || pg_dropcluster "$VERSION" "$name" || true
    fi
  done
}
free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
configure() {  # cluster port
  local conf=/etc/postgresql/$VERSION/$1
  cat > "$conf/conf.d/skutan-replica-test.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $2
wal_level = replica
max_wal_senders = 4
hot_standby = on
shared_buffers = 32MB
max_connections = 30
EOF
  cat > "$conf/pg_hba.conf" <<EOF
local all         all                  trust
host  all         all   127.0.0.1/32   trust
host  replication all   127.0.0.1/32   trust
EOF
}

drop
trap drop EXIT
P1=$(free_port); P2=$(free_port)
while [ "$P2" = "$P1" ]; do P2=$(free_port); done

echo "== primary $PRIMARY on port $P1"
pg_createcluster "$VERSION" "$PRIMARY" -p "$P1" >/dev/null
configure "$PRIMARY" "$P1"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY" start

echo "== replica $REPLICA on port $P2 (pg_basebackup from the primary)"
pg_createcluster "$VERSION" "$REPLICA" -p "$P2" >/dev/null
configure "$REPLICA" "$P2"
DATA=$(pg_conftool -s "$VERSION" "$REPLICA" show data_directory)
as_pg bash -c "find '$DATA' -mindepth 1 -delete && '$BIN/pg_basebackup' -h 127.0.0.1 -p $P1 -U postgres -D '$DATA' -R -X stream --checkpoint=fast"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$REPLICA" start

for _ in $(seq 1 30); do
  [ "$(psql -h 127.0.0.1 -p "$P2" -U postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] && break
  sleep 1
done
createdb -h 127.0.0.1 -p "$P1" -U postgres "$DB"

echo "== the test: write on the primary, read the statistics from the replica"
DATABASE_URL="postgres://postgres@127.0.0.1:$P1/$DB" \
SKUTAN_REPORTING_DATABASE_URL="postgres://postgres@127.0.0.1:$P2/$DB" \
  "$PY" -m pytest scripts/replica -p no:cacheprovider -s
