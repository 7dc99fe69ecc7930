"""Browser journeys: Playwright driving Debian's Chromium against the live test server."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe

from accounts.tests.factories import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Journeys take place on a known day: Tuesday 15 December 2026, the second day of the information
# request of an inspection notified on Monday 14 December (the factories' default). The clock keeps
# ticking so that the live server and the browser see time pass.
JOURNEY_DAY = datetime(2026, 12, 15, 9, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def journey_day():
    """Pin the clock (for the test and the live server thread) to JOURNEY_DAY."""
    with time_machine.travel(JOURNEY_DAY, tick=True):
        yield JOURNEY_DAY


@pytest.fixture
def before_the_announcement():
    """Pin the clock to Monday 7 December 2026, a week before the factories' notification date."""
    with time_machine.travel(datetime(2026, 12, 7, 9, 30, tzinfo=ZoneInfo("Europe/London")), tick=True):
        yield


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the real sign-in page with the keyboard."""

    def _sign_in(user, password: str = PASSWORD):
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_label("Password").press("Enter")
        page.wait_for_load_state()
        return page

    return _sign_in


_axe = Axe()

_MISSING_ERROR_TARGETS = """() => Array.from(document.querySelectorAll('.govuk-error-summary a'))
  .map(a => a.getAttribute('href') || '')
  .filter(href => !href.startsWith('#') || !document.getElementById(decodeURIComponent(href.slice(1))))"""


def check_error_summary_links(page) -> None:
    """Every link in an error summary must lead to an element on the same page."""
    missing = page.evaluate(_MISSING_ERROR_TARGETS)
    assert not missing, f"Error summary links on {page.url} lead nowhere: {', '.join(missing)}"


@pytest.fixture
def assert_error_links_resolve():
    """Check that each error summary link points at an element on the page."""
    return check_error_summary_links


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page; fail on any serious or critical violation or error link leading nowhere."""

    def _check(page):
        check_error_summary_links(page)
        results = _axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
        assert not bad, (
            "Accessibility violations on "
            + page.url
            + ":\n"
            + "\n".join(
                f"{v['id']} ({v['impact']}): {v['help']} – " + ", ".join(n["target"][0] for n in v["nodes"][:3])
                for v in bad
            )
        )
        return results

    return _check
