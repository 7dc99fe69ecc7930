"""gunicorn settings (``gunicorn -c python:config.gunicorn``): an access log that keeps no client
addresses, so a log line cannot be matched with a survey response.

``ACCESS_LOG_CLIENT_ADDRESSES=1`` keeps addresses on staff pages; the public survey pages (``/s/``)
never log an address, a browser description or a referring page.
"""

from __future__ import annotations

import os

from gunicorn.glogging import Logger

SURVEY_PREFIX = "/s/"
_IDENTIFYING_HEADERS = ("{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i", "{cf-connecting-ip}i")


def keep_addresses() -> bool:
    return os.environ.get("ACCESS_LOG_CLIENT_ADDRESSES", "0").strip().lower() in {"1", "true", "yes", "on"}


class AccessLogWithoutAddresses(Logger):
    """gunicorn's logger with the client address left out of every access log line."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        survey = (environ.get("PATH_INFO") or "").startswith(SURVEY_PREFIX)
        if survey or not keep_addresses():
            atoms["h"] = "-"
            for header in _IDENTIFYING_HEADERS:
                atoms.pop(header, None)
        if survey:
            atoms["a"] = "-"
            atoms["f"] = "-"
        return atoms


logger_class = AccessLogWithoutAddresses
