#!/usr/bin/env bash
# Development server and task worker, on the SQLite database in var/, with the demo local.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=1
PY=.venv/bin/python
mkdir -p var
$PY manage.py migrate --noinput
$PY manage.py createcachetable
if ! $PY manage.py seed_demo --if-empty; then
  echo "Loading the demo local failed; see the message above." >&2
  exit 1
fi
$PY manage.py db_worker --interval 1 --no-reload &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
$PY manage.py demo_logins
echo "Sent email is written to var/mail/ (sign-in codes are there)."
echo "Unionhall: http://127.0.0.1:8000/  (Ctrl-C stops the server and the worker)"
$PY manage.py runserver 127.0.0.1:8000 --noreload
