#!/usr/bin/env bash
# `check --deploy` with production-style settings, so a security regression fails CI.
# security.W021 (HSTS preload) is silenced: submitting a domain to the browsers'
# preload list is the province's own decision (SECURE_HSTS_PRELOAD=1 turns it on).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
env -u DATABASE_URL \
  DEBUG=0 \
  SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  ALLOWED_HOSTS=tinhso.example.gov.vn \
  SECURE_SSL_REDIRECT=1 \
  SILENCED_SYSTEM_CHECKS=security.W021 \
  TINHSO_VAR_DIR="$tmp" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
