"""The PDF read back: what a reader of the file sees, and its metadata."""

import io
import re

from pypdf import PdfReader

from inspections.framework import OUTCOMES_BY_NUMBER
from reports import services
from reports.models import Stage

from .factories import PRIORITY_TEXT


def _pdf(row) -> PdfReader:
    with row.file.open("rb") as fh:
        return PdfReader(io.BytesIO(fh.read()))


def _text(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _flatten(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_draft_pdf_has_outcome_next_inspection_and_priority_actions(report):
    row = services.render_report_now(report=report)
    text = _text(_pdf(row))
    assert _flatten(OUTCOMES_BY_NUMBER[3].statement) in text
    assert "Outcome 3" not in text
    assert "The next full reinspection will be within approximately 3 years." in text
    assert "A monitoring inspection will be carried out within approximately 18 months." in text
    assert PRIORITY_TEXT in text
    assert "Most children and young people with SEND in Northshire get the help they need." in text


def test_every_page_of_a_draft_is_watermarked_and_headed_with_the_partnership(report):
    reader = _pdf(services.render_report_now(report=report))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert "DRAFT" in text
        assert f"Page {number} of {len(reader.pages)}" in text
        if number > 1:  # the running header (the cover has none)
            assert "Northshire Area SEND inspection report" in text


def test_final_and_published_pdfs_have_no_watermark(report, lead_inspector, local_area_lead):
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="The date is wrong.")
    services.mark_final(report=report, by=lead_inspector)
    final = services.render_report_now(report=report)
    assert final.stage == Stage.FINAL
    assert "DRAFT" not in _text(_pdf(final))
    published = services.publish_report(report=report, by=lead_inspector, enqueue=False)
    published = services.render_report_pdf_file(pdf_id=published.pk)
    text = _text(_pdf(published))
    assert "DRAFT" not in text
    assert "Published" in text


def test_pdf_metadata_title_author_language_and_accessibility(report):
    reader = _pdf(services.render_report_now(report=report))
    meta = reader.metadata
    assert meta.title == "Area SEND inspection of Northshire Local Area Partnership"
    assert meta.author == "Ofsted and Care Quality Commission"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp


def test_pages_are_a4(report):
    reader = _pdf(services.render_report_now(report=report))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_published_pdf_prints_no_follow_up_dates(report, lead_inspector, local_area_lead):
    from datetime import date

    import time_machine

    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="A figure is out of date.")
    services.mark_final(report=report, by=lead_inspector)
    with time_machine.travel(date(2027, 3, 1)):
        row = services.publish_report(report=report, by=lead_inspector, enqueue=False)
    text = _text(_pdf(services.render_report_pdf_file(pdf_id=row.pk)))
    assert "within approximately 3 years" in text and "Published" in text
    assert "2030" not in text and "2028" not in text  # the service keeps the follow-up dates; the report does not
