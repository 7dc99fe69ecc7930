"""Limits on every request: the size of its body, how often one client may try, and no caching.

Rate-limit counters live in the cache only, keyed on a keyed hash of the client's address and
expiring with their window; nothing about the client is ever stored with an answer.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

NO_STORE = "private, no-store"


@dataclass(frozen=True)
class Rate:
    """At most ``count`` attempts in ``seconds``; written "count/seconds" in settings."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, seconds = text.split("/", 1)
        return cls(int(count), int(seconds))


class RateLimited(Exception):
    """Raised by a view when a client is over a limit; answered with a 429 page."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"try again in {retry_after} seconds")
        self.retry_after = max(1, retry_after)


def rate(name: str) -> Rate:
    """The limit named in settings (``RATE_LIMITS[name]``)."""
    return Rate.parse(settings.RATE_LIMITS[name])


def client_address(request: HttpRequest) -> str:
    """The client's address: the proxy's last ``X-Forwarded-For`` entry only when ``BEHIND_PROXY``."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _key(scope: str, subject: str) -> str:
    namespace = getattr(settings, "RATE_LIMIT_NAMESPACE", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}\0{subject}".encode(), hashlib.sha256).hexdigest()
    return f"rate:{namespace}:{scope}:{digest[:32]}"


def _retry_after(key: str, limit: Rate) -> int:
    until = cache.get(key + ":until")
    return int(until - time.time()) if until else limit.seconds


def check(scope: str, subject: str, limit: Rate) -> None:
    """Raise RateLimited when ``subject`` has already used every attempt in the window."""
    key = _key(scope, subject)
    if (cache.get(key) or 0) >= limit.count:
        raise RateLimited(_retry_after(key, limit))


def hit(scope: str, subject: str, limit: Rate) -> None:
    """Count one attempt; raise RateLimited when it is over the limit (the window is fixed)."""
    key = _key(scope, subject)
    if cache.add(key, 0, timeout=limit.seconds):
        cache.set(key + ":until", time.time() + limit.seconds, timeout=limit.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.seconds)
        count = 1
    if count > limit.count:
        raise RateLimited(_retry_after(key, limit))


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The GOV.UK-styled 429 page, saying when to try again."""
    again = timezone.localtime() + timezone.timedelta(seconds=retry_after)
    minutes = max(1, -(-retry_after // 60))
    user = getattr(request, "user", None)
    context = {"again": again, "minutes": minutes, "public_page": not (user and user.is_authenticated)}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def request_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    size = f"{limit // (1024 * 1024)}MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
    return render(request, "413.html", {"limit": size}, status=413)


class GuardMiddleware:
    """Refuse an oversize body before it is read, answer RateLimited with 429, and mark every
    response ``Cache-Control: private, no-store`` (static files are served before this runs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "REQUEST_MAX_BODY_BYTES", 0))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            response = request_too_large(request, limit)
            response["Connection"] = "close"
        else:
            response = self.get_response(request)
        response["Cache-Control"] = NO_STORE
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many(request, exception.retry_after)
        return None
