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

# The data-exchange axis (docs/exchange.md): other members' systems are played by the
# demo provider on the next port; the platform's own systems and the services they
# call are named as tinhso/exchange/demo.py registers them. Loopback is allowed for
# outbound calls because the demo provider lives there (a laptop demo, not a server).
PROVIDER_PORT=${PROVIDER_PORT:-$((PORT + 1))}
export EXCHANGE_DEMO_PROVIDER_URL=${EXCHANGE_DEMO_PROVIDER_URL:-http://127.0.0.1:$PROVIDER_PORT}
export OUTBOUND_ALLOWED_NETWORKS=${OUTBOUND_ALLOWED_NETWORKS:-127.0.0.1/32}
export EXCHANGE_SIGNING_UNIT=${EXCHANGE_SIGNING_UNIT:-000.00.00.H99}
export EXCHANGE_DESK_SUBSYSTEM=${EXCHANGE_DESK_SUBSYSTEM:-TINHSO/GOV/000.00.00.H99/MOTCUA}
export EXCHANGE_IOC_SUBSYSTEM=${EXCHANGE_IOC_SUBSYSTEM:-TINHSO/GOV/000.00.00.H99/IOC}
export POPULATION_SERVICE=${POPULATION_SERVICE:-TINHSO/GOV/000.00.50.H99/CSDLDANCU/population}
export PORTAL_SYNC_SERVICE=${PORTAL_SYNC_SERVICE:-TINHSO/GOV/000.00.00.G22/DVCQG/sync}
export DOCUMENTS_EXCHANGE_SUBSYSTEM=${DOCUMENTS_EXCHANGE_SUBSYSTEM:-TINHSO/GOV/000.00.00.H99/QLVB}

echo "==> Cơ sở dữ liệu: áp dụng các migration"
$PY manage.py migrate --no-input -v1 | grep -E "Applying|No migrations" | sed 's/^/    /' || true
echo "==> Dữ liệu demo"
$PY manage.py load_demo
# The background worker delivers SMS, e-mail and other queued tasks.
$PY manage.py task_worker --queue-name '*' --no-reload -v0 &
WORKER=$!
# The other members' systems, and the axis's workers: deliver queued messages, seal the log.
.venv/bin/gunicorn tinhso.exchange.demo_provider:app -b "127.0.0.1:$PROVIDER_PORT" -w 1 --log-level warning &
PROVIDER=$!
$PY manage.py deliver_exchange_messages --every 5 &
DELIVER=$!
$PY manage.py seal_exchange_log --every 10 &
SEAL=$!
# The commune radio (docs/loudspeakers.md): Icecast and Mosquitto on loopback, the
# scheduler, and the demo station's six loudspeakers played by the simulator — each
# with its own MQTT password (new ones each run, in var/radio/, readable by root only).
RADIO=""
if command -v icecast2 >/dev/null && command -v mosquitto >/dev/null; then
  RADIO_DIR=$(mktemp -d /tmp/tinhso-radio-XXXXXX)
  ICECAST_PORT=${ICECAST_PORT:-$((PORT + 2))}
  MQTT_PORT=${RADIO_MQTT_PORT:-$((PORT + 3))}
  export ICECAST_URL=http://127.0.0.1:$ICECAST_PORT
  export ICECAST_SOURCE_PASSWORD=$($PY -c "import secrets; print(secrets.token_urlsafe(16))")
  export BROADCAST_MQTT_URL="mqtt://tinhso-radio:$($PY -c "import secrets; print(secrets.token_urlsafe(16))")@127.0.0.1:$MQTT_PORT"
  $PY manage.py speaker_password --all-into var/radio/speakers.passwords >/dev/null
  $PY manage.py broadcast_broker_files "$RADIO_DIR" >/dev/null
  OWNER=""
  if [ "$(id -u)" -eq 0 ]; then chown icecast2 "$RADIO_DIR"; OWNER=icecast2; fi
  $PY - "$RADIO_DIR" "$ICECAST_PORT" "$OWNER" <<'PYEOF'
import os, secrets, sys
from pathlib import Path
from tinhso.broadcast.icecast import server_config
folder, port, owner = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] or None
(folder / "icecast.xml").write_text(server_config(
    port=port, source_password=os.environ["ICECAST_SOURCE_PASSWORD"],
    admin_password=secrets.token_urlsafe(16), folder=folder, user=owner))
(folder / "mosquitto.conf").write_text(
    f"listener {os.environ['BROADCAST_MQTT_URL'].rsplit(':', 1)[1]} 127.0.0.1\n"
    f"allow_anonymous false\npassword_file {folder}/speakers.passwd\nacl_file {folder}/speakers.acl\n"
    + ("user root\n" if os.geteuid() == 0 else ""))
PYEOF
  icecast2 -c "$RADIO_DIR/icecast.xml" >/dev/null 2>&1 &
  ICECAST=$!
  mosquitto -c "$RADIO_DIR/mosquitto.conf" >/dev/null 2>&1 &
  BROKER=$!
  sleep 1
  $PY manage.py run_broadcasts >/dev/null 2>&1 &
  SCHEDULER=$!
  $PY -m tinhso.broadcast.simulator --broker "mqtt://127.0.0.1:$MQTT_PORT" \
    --password-file var/radio/speakers.passwords >/dev/null 2>&1 &
  SPEAKERS=$!
  RADIO="$ICECAST $BROKER $SCHEDULER $SPEAKERS"
fi
$PY manage.py runserver "$HOST:$PORT" --noreload &
SERVER=$!
trap 'kill $WORKER $PROVIDER $DELIVER $SEAL $SERVER $RADIO 2>/dev/null || true' EXIT INT TERM
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
echo "  Trục liên thông:      $SITE_URL/console/exchange/  (hệ thống demo của cơ quan khác: $EXCHANGE_DEMO_PROVIDER_URL)"
[ -n "$RADIO" ] && echo "  Truyền thanh:         $SITE_URL/console/broadcast/  (luồng phát: $ICECAST_URL/xa-1, 6 loa mô phỏng)"
echo "Tin nhắn SMS (mã xác minh) in ra ở đây. Nhấn Ctrl+C để dừng."
echo
wait $SERVER
