#!/usr/bin/env bash
# Debian packages the test suite uses: Chromium for browser tests, GNU gettext to
# check the catalogues, PostgreSQL, Mosquitto and Redis for the servers the tests start,
# Icecast for the commune radio's streams,
# the fonts synthetic licence plates are painted in, and the libraries OpenCV loads.
# Installed only when missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# The commune radio's streams (tinhso/broadcast/icecast.py): Icecast.
command -v icecast2 >/dev/null 2>&1 || need+=(icecast2)
# Text to speech offline (core/tts): the default backend, with its Vietnamese voices.
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf ] || need+=(fonts-dejavu-extra)
[ -f /usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf ] || need+=(fonts-liberation)
# OCR of scanned incoming documents (documents/ocr.py): Tesseract with its Vietnamese data.
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || [ -f /usr/share/tesseract-ocr/4.00/tessdata/vie.traineddata ] || need+=(tesseract-ocr-vie)
# Word drafts of outgoing documents to PDF (core/office.py): LibreOffice without its GUI.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# OpenCV (pulled in by the plate reader) loads libGL and GLib even without a screen.
ldconfig -p 2>/dev/null | grep -q 'libGL.so.1' || need+=(libgl1)
ldconfig -p 2>/dev/null | grep -q 'libgthread-2.0.so.0' || need+=(libglib2.0-0)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing Debian packages: ${need[*]}. Install them (as root: apt-get install ${need[*]})." >&2
  exit 1
fi
echo "Installing ${need[*]} …"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
