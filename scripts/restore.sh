#!/bin/sh
# Restore a backup into a NEW database (docs/operations.md); never over an existing one.
#   scripts/restore.sh FILE TARGET_URL
#   e.g. scripts/restore.sh var/backups/skutan-20261201.dump postgres://skutan_owner@db/skutan_restored
#        scripts/restore.sh var/backups/skutan-20261201.sqlite3 sqlite:////srv/skutan/var/restored.sqlite3
# Prints the restored database's fingerprint: compare it with the one printed by backup.sh.
# PostgreSQL: afterwards run part 2 of scripts/postgres-roles.sql in the new database.
set -eu
cd "$(dirname "$0")/.."
SKUTAN="${SKUTAN:-.venv/bin/skutan}"
if [ $# -ne 2 ]; then
  echo "Användning: scripts/restore.sh FIL MÅL-URL" >&2
  exit 2
fi
"$SKUTAN" restore "$1" --into "$2"
