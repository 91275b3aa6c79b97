#!/usr/bin/env bash
# Browser tests need Debian's Chromium and the axe-core npm package. Install them if missing
# (Chromium only as root); otherwise say exactly what is missing and fail.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium. Install Debian's package: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      echo "The accessibility checks need npm to install axe-core: sudo apt-get install npm" >&2
      exit 1
    fi
  fi
  npm ci --silent --no-audit --no-fund
fi
