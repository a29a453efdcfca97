#!/usr/bin/env bash
# Set up and run the platform on SQLite with demo data: migrate, seed, serve, work.
#   make demo                 → http://127.0.0.1:8000/
#   PORT=8080 make demo       → another port;  HOST=0.0.0.0 PORT=8080 make demo → the LAN
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DEBUG=${DEBUG:-1}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}

# The port first: finding it busy after the demo data (and new passwords) is too late.
if ! $PY - "$HOST" "$PORT" <<'PYEOF'
import socket, sys
with socket.socket() as s:
    try:
        s.bind((sys.argv[1], int(sys.argv[2])))
    except OSError:
        sys.exit(1)
PYEOF
then
  echo "Cổng $PORT đang bận. Chọn cổng khác, ví dụ: PORT=8080 make demo" >&2
  exit 1
fi

echo "==> Cơ sở dữ liệu: áp dụng các migration"
$PY manage.py migrate --no-input -v1 | grep -E "Applying|No migrations" | sed 's/^/    /' || true
echo "==> Dữ liệu demo"
$PY manage.py load_demo
# The background worker delivers SMS, e-mail and other queued tasks.
$PY manage.py task_worker --queue-name '*' --no-reload -v0 &
WORKER=$!
$PY manage.py runserver "$HOST:$PORT" --noreload &
SERVER=$!
trap 'kill $WORKER $SERVER 2>/dev/null || true' EXIT INT TERM
# The banner once the server answers, not before.
for _ in $(seq 1 100); do
  if $PY -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$SITE_URL/healthz" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
echo
# The output is in Vietnamese, the product's first language; README.md says the same
# in English.
echo "Tỉnh số đang chạy tại:  $SITE_URL/"
echo "  Trang cán bộ:         $SITE_URL/console/"
echo "  Đăng nhập một lần:    $SITE_URL/o/.well-known/openid-configuration"
echo "  API (OpenAPI):        $SITE_URL/api/v1/docs"
echo "Tin nhắn SMS (mã xác minh) in ra ở đây. Nhấn Ctrl+C để dừng."
echo
wait $SERVER
