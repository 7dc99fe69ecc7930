"""Turn the report's HTML into a PDF with WeasyPrint.

The one place that knows about WeasyPrint: the Celery task, the management command and the
benchmark all call `render_pdf`, so the file a partnership downloads is always made the same way.
"""

from __future__ import annotations

import logging

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

    document = weasyprint.HTML(string=html, base_url=base_url).render()
    return document.write_pdf(**pdf_options()), len(document.pages)
