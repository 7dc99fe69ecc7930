"""WeasyPrint loads nothing but the project's own static files, whatever the HTML asks for."""

from pathlib import Path

import pytest
from django.conf import settings

from reports import pdf

STATIC = Path(settings.BASE_DIR) / "static"


def test_only_data_and_static_files_are_allowed():
    roots = [STATIC]
    some_static = next(p for p in STATIC.rglob("*.css"))
    assert pdf.allowed_url(some_static.as_uri(), roots)
    assert pdf.allowed_url("data:image/png;base64,iVBORw0KGgo=", roots)
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://attacker.example/x.png",
        "file:///etc/passwd",
        (STATIC / ".." / "config" / "settings.py").as_uri(),
        "file://remote-host/share/x.png",
        "ftp://example.org/x",
    ):
        assert not pdf.allowed_url(url, roots), url


def test_the_fetcher_refuses_other_urls_and_serves_static_files():
    fetcher = pdf.static_only_fetcher([STATIC])
    with pytest.raises(ValueError, match="Not loaded"):
        fetcher("file:///etc/passwd")
    with pytest.raises(ValueError, match="Not loaded"):
        fetcher("http://127.0.0.1:9/")
    some_static = next(p for p in STATIC.rglob("*.css"))
    response = fetcher(some_static.as_uri())
    try:
        assert response.read()
    finally:
        response.close()


def test_a_pdf_with_outside_references_renders_without_loading_them(monkeypatch):
    from weasyprint.urls import URLFetcher

    fetched: list[str] = []
    original = URLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    html = (
        '<html lang="en"><head><title>T</title><link rel="stylesheet" href="file:///etc/passwd"></head>'
        '<body><img src="http://127.0.0.1:9/x.png"><p>Text</p></body></html>'
    )
    data, pages = pdf.render_pdf_with_page_count(html, base_url=str(settings.BASE_DIR))
    assert data.startswith(b"%PDF") and pages == 1
    assert fetched == []  # refused before any fetch was attempted
