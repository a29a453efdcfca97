#!/usr/bin/env bash
# Set up and run the platform on SQLite with demo data: migrate, seed, serve, work.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DEBUG=${DEBUG:-1}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}

$PY manage.py migrate --no-input -v0
$PY manage.py load_demo
# The background worker delivers SMS, e-mail and other queued tasks.
$PY manage.py task_worker --queue-name '*' --no-reload -v0 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo
echo "Tỉnh số đang chạy tại / is running at: $SITE_URL/"
echo "  Trang cán bộ / officials' console:   $SITE_URL/console/"
echo "  SSO discovery:                       $SITE_URL/o/.well-known/openid-configuration"
echo "  API (OpenAPI):                       $SITE_URL/api/v1/docs"
echo "Tin nhắn SMS (mã xác minh) in ra ở đây / SMS codes are printed here. Ctrl+C để dừng."
echo
$PY manage.py runserver "$HOST:$PORT" --noreload
