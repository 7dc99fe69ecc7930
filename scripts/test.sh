#!/usr/bin/env bash
# Run every test against PostgreSQL (and Redis for Celery), failing on any failed test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(scripts/services.sh)" != "yes" ]; then
  echo "PostgreSQL and Redis must be running on localhost for the tests (.ci/run starts them)." >&2
  exit 1
fi
export DJANGO_ALLOW_ASYNC_UNSAFE=true
exec .venv/bin/python -m pytest "$@"
