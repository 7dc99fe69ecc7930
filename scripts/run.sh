#!/usr/bin/env bash
# Migrate, load demo data and serve the app with a Celery worker (honcho runs the Procfile).
# The demo runs as production does (DEBUG off, static files by WhiteNoise); DEBUG=1 make run for development.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-0}"
export DJANGO_SETTINGS_MODULE=config.settings
mkdir -p var
# A signing key made once on this machine and kept in var/ (never in the repository).
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    (umask 077; python3 -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key)
  fi
  SECRET_KEY="$(cat var/secret_key)"
  export SECRET_KEY
fi
# Served over plain http on this machine: no secure-only cookies or HTTPS redirect.
export SECURE_TRANSPORT="${SECURE_TRANSPORT:-0}"
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}"
if [ "$(scripts/services.sh)" = "yes" ]; then
  .venv/bin/python scripts/create_database.py
  echo "Using PostgreSQL and Redis on localhost."
  export PROCFILE=Procfile
else
  echo "PostgreSQL or Redis is not reachable on localhost:"
  echo "  falling back to SQLite (var/db.sqlite3) and running tasks in-process (no Celery worker)."
  export DATABASE_URL="sqlite:///$(pwd)/var/db.sqlite3"
  export CELERY_TASK_ALWAYS_EAGER=1 CACHE_BACKEND=locmem
  export PROCFILE=Procfile.fallback
fi
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py seed_demo | tee var/demo-sign-ins.txt
scripts/compile_bytecode.sh
echo
echo "Area SEND Inspect is starting on http://127.0.0.1:8000/ (press Ctrl+C to stop)"
# Say it again once the servers' start-up lines have scrolled past.
(sleep 10; echo; echo "Area SEND Inspect: http://127.0.0.1:8000/"; grep -A20 "Demo sign-ins" var/demo-sign-ins.txt; echo) &
exec .venv/bin/honcho -f "$PROCFILE" start
