#!/bin/sh
# Backup of Skutan's database (docs/operations.md). Uses DATABASE_URL like the application.
#   scripts/backup.sh [FILE]      default: var/backups/skutan-YYYYmmdd-HHMMSS.(dump|sqlite3)
# PostgreSQL: pg_dump -Fc (needs pg_dump on PATH). SQLite: the online backup API, safe while Skutan runs.
# Prints the database's fingerprint (row counts, SHA-256 of journal and logs): keep it with the file.
set -eu
cd "$(dirname "$0")/.."
SKUTAN="${SKUTAN:-.venv/bin/skutan}"
case "${DATABASE_URL:-sqlite}" in
  postgres*) ext=dump ;;
  *) ext=sqlite3 ;;
esac
file="${1:-var/backups/skutan-$(date +%Y%m%d-%H%M%S).$ext}"
"$SKUTAN" backup "$file"
chmod 600 "$file"
echo "Säkerhetskopia: $file" >&2
