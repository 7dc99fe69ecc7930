#!/usr/bin/env bash
# Migrate, load demo data and serve the app with a Celery worker (honcho runs the Procfile).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
export DJANGO_SETTINGS_MODULE=config.settings
mkdir -p var
if [ "$(scripts/services.sh)" = "yes" ]; then
  DB_NAME="$(.venv/bin/python -c "import os,urllib.parse as u; print(u.urlparse(os.environ.get('DATABASE_URL','postgres://postgres@127.0.0.1:5432/area_send_inspect')).path.lstrip('/'))")"
  if command -v psql >/dev/null && ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
    createdb -h 127.0.0.1 -U postgres "$DB_NAME"
  fi
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
.venv/bin/python manage.py seed_demo
echo
echo "Area SEND Inspect is starting on http://127.0.0.1:8000/ (press Ctrl+C to stop)"
exec .venv/bin/honcho -f "$PROCFILE" start
