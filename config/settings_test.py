"""Test settings: the production module with plain-http transport and a fast password hasher.

Tests talk to the real PostgreSQL and Redis, but never to the data of a running `make run` app:
Redis database 15 (TEST_REDIS_DB) with its own cache key prefix, and Django's own test database
(TEST_DB_NAME to choose its name, so that two checkouts can run their suites side by side).
"""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 30)
os.environ.setdefault("SECURE_TRANSPORT", "0")
# E-mail stays in memory, in a worker a test starts too.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Set before the production settings are read, so the cache, the broker and any worker started by a
# test (which inherits this environment) all use the test database.
os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{os.environ.get('TEST_REDIS_DB', '15')}"
# A worker a test starts against a Redis of its own is given that broker as TEST_BROKER_URL.
os.environ["CELERY_BROKER_URL"] = os.environ.get("TEST_BROKER_URL") or os.environ["REDIS_URL"]
os.environ["CACHE_KEY_PREFIX"] = "asi-test"

from .clock_shift import start_from_environment
from .settings import *

start_from_environment()  # a Celery worker started by a shifted test run shares its clock

if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Static files come from the finders in tests; there is no collected STATIC_ROOT to serve.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
