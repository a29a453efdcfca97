#!/usr/bin/env bash
# Run pytest; "no tests collected" (exit 5) is a failure, not a pass.
#
# Without arguments (make test, CI): the suite on every core (pytest-xdist; each
# worker has its own test database), then the tests marked `alone` — they restart
# PostgreSQL, which would break the other workers' tests mid-way — on their own.
# With arguments (a file, -k …): one plain pytest run, as asked.
set -uo pipefail
cd "$(dirname "$0")/.."

run() {
  .venv/bin/python -m pytest "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then
    echo "pytest collected no tests: failing on purpose" >&2
    return 1
  fi
  return $rc
}

if [ $# -gt 0 ]; then
  run "$@"
  exit $?
fi
run -n auto -m "not alone" --durations=15 || exit $?
run -m alone
