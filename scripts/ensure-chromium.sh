#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it (and a font for PDFs) when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium saknas: kör 'sudo apt-get install chromium fonts-dejavu-core'." >&2
  exit 1
fi
echo "Installerar Chromium från Debian..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
