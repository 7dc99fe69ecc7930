"""Test settings: the production module with plain-http transport and a fast password hasher.

Tests talk to the real PostgreSQL and Redis named by DATABASE_URL and REDIS_URL.
"""
import os
import warnings

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 30)
os.environ.setdefault("SECURE_TRANSPORT", "0")

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# Static files come from the finders in tests; there is no collected STATIC_ROOT to serve.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
