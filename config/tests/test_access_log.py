"""The access log keeps no client address (none at all on survey pages), and responses keep the day only."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from gunicorn.config import Config

from config.gunicorn import AccessLogWithoutAddresses
from surveys import services
from surveys.models import Response, SafeguardingFlag
from surveys.tests.factories import DURING_SURVEYS, answers_for, survey_for
from surveys.window import UK


def log_line(path: str, monkeypatch, keep: str = "0") -> str:
    monkeypatch.setenv("ACCESS_LOG_CLIENT_ADDRESSES", keep)
    logger = AccessLogWithoutAddresses(Config())
    environ = {
        "REMOTE_ADDR": "203.0.113.7",
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": "Browser/1.0 (Phone 7)",
        "HTTP_REFERER": "https://inspect.example/s/abc/",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.9")])
    atoms = logger.atoms(
        SimpleNamespace(status="302 Found", sent=0, headers=[]), request, environ, dt.timedelta(milliseconds=12)
    )
    return logger.cfg.access_log_format % atoms


def test_no_access_log_line_has_a_client_address(monkeypatch):
    for path in ("/s/abc/check/", "/inspections/1/"):
        line = log_line(path, monkeypatch)
        assert "203.0.113.7" not in line and "198.51.100.9" not in line
        assert path in line


def test_survey_pages_never_log_an_address_or_browser_even_when_addresses_are_kept(monkeypatch):
    line = log_line("/s/abc/check/", monkeypatch, keep="1")
    assert "203.0.113.7" not in line and "Browser/1.0" not in line
    assert "203.0.113.7" in log_line("/inspections/1/", monkeypatch, keep="1")


@pytest.mark.django_db
def test_a_response_keeps_its_submission_day_not_its_time(inspection):
    survey = survey_for(inspection)
    answers = answers_for(survey.questions, text="Someone hurt me at school")
    with time_machine.travel(DURING_SURVEYS, tick=False):
        moment = dt.datetime(2026, 12, 15, 14, 23, 45, 123456, tzinfo=UK)
        services.submit_response(
            survey=survey,
            version=1,
            answers=answers,
            submission_token="6c4f6a1e-8b1f-4d0c-9a55-0e5d7d2b1a11",
            now=moment,
        )
    stored = Response.objects.get()
    assert stored.submitted_at == dt.datetime(2026, 12, 15, tzinfo=UK)
    assert stored.submitted_on == dt.date(2026, 12, 15)
    assert SafeguardingFlag.objects.exists()
    for flag in SafeguardingFlag.objects.all():
        assert flag.created_at == stored.submitted_at
