"""Language choice that never declares a language the page's text is not written in."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def languages_with_catalogues() -> frozenset[str]:
    """The default language plus every language the project has its own catalogue for."""
    return _with_catalogues(
        tuple(str(p) for p in getattr(settings, "LOCALE_PATHS", [])),
        tuple(code for code, _name in settings.LANGUAGES),
        settings.LANGUAGE_CODE,
    )


@functools.lru_cache(maxsize=8)
def _with_catalogues(paths: tuple[str, ...], codes: tuple[str, ...], default: str) -> frozenset[str]:
    found = {default}
    for base in paths:
        for code in codes:
            if (Path(base) / translation.to_locale(code) / "LC_MESSAGES" / "django.mo").exists():
                found.add(code)
    return frozenset(found)


class ProjectLocaleMiddleware(LocaleMiddleware):
    """Django's locale middleware, limited to languages the project has translated.

    Django ships catalogues for its own strings in many languages; without this, a browser asking
    for Welsh would get Welsh form errors on an English page that declares ``lang="cy"``.
    """

    def process_request(self, request):
        super().process_request(request)
        if translation.get_language() not in languages_with_catalogues():
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
