"""Create the PostgreSQL database named by DATABASE_URL if it does not exist yet."""

import os
from urllib.parse import urlparse

import psycopg

url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/area_send_inspect"))
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"Created database {name}.")
