"""Turn the report's HTML into a PDF with WeasyPrint.

The one place that knows about WeasyPrint: the Celery task, the management command and the
benchmark all call `render_pdf`, so the file a partnership downloads is always made the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

# WeasyPrint reports each layout step at INFO level; the worker's log needs only problems.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

#: The accessible variant to ask for. WeasyPrint 60+ writes PDF/UA-1 (tagged, with the document
#: title shown); older versions only know plain tagging, which we fall back to.
PDF_UA_VARIANT = "pdf/ua-1"


def pdf_options() -> dict[str, object]:
    """The write options: PDF/UA where WeasyPrint supports it, else a tagged PDF."""
    from weasyprint.pdf import VARIANTS  # imported here: web processes never load WeasyPrint

    if PDF_UA_VARIANT in VARIANTS:
        return {"pdf_variant": PDF_UA_VARIANT}
    return {"pdf_tags": True}


def static_roots() -> list[Path]:
    """The folders WeasyPrint may read from: the project's own static files, nothing else."""
    from django.conf import settings

    roots = [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return roots


def allowed_url(url: str, roots: Iterable[Path]) -> bool:
    """Whether WeasyPrint may load ``url``: inline ``data:`` or a file inside one of ``roots``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file" or parts.netloc not in {"", "localhost"}:
        return False
    try:
        path = Path(unquote(parts.path)).resolve()
    except (OSError, ValueError):
        return False
    return any(path.is_relative_to(root.resolve()) for root in roots)


def static_only_fetcher(roots: Iterable[Path] | None = None):
    """A WeasyPrint URL fetcher that serves only the project's static files (and ``data:`` URLs).

    The report's HTML is built from escaped text, so it should ask for nothing else; this is the
    second line of defence if anything ever slipped through: no network, no other local file.
    """
    from weasyprint.urls import URLFetcher

    allowed_roots = list(roots) if roots is not None else static_roots()

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not allowed_url(url, allowed_roots):
                raise ValueError(f"Not loaded: {url[:80]}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def render_pdf(html: str, *, base_url: str) -> bytes:
    """Render a complete HTML document (with its own print CSS) to PDF bytes.

    `base_url` resolves relative links and images; the document carries its title, language and
    author in `<title>`, `<html lang>` and `<meta name="author">`, which WeasyPrint writes into the
    PDF metadata.
    """
    return render_pdf_with_page_count(html, base_url=base_url)[0]


def render_pdf_with_page_count(html: str, *, base_url: str) -> tuple[bytes, int]:
    """As `render_pdf`, also giving the number of pages laid out (stored with the file)."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=static_only_fetcher()).render()
    return document.write_pdf(**pdf_options()), len(document.pages)
