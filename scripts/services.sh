#!/usr/bin/env bash
# Print "yes" when PostgreSQL and Redis on localhost both answer, else "no".
HERE="$(cd "$(dirname "$0")/.." && pwd)"
"$HERE/.venv/bin/python" - <<'PY'
import os, socket
from urllib.parse import urlparse
def up(url, default_port):
    u = urlparse(url)
    try:
        socket.create_connection((u.hostname or "127.0.0.1", u.port or default_port), timeout=1).close()
        return True
    except OSError:
        return False
db = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/area_send_inspect")
redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
print("yes" if (not db.startswith("postgres") or up(db, 5432)) and up(redis, 6379) else "no")
PY
