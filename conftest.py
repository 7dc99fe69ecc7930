"""Shared fixtures: people in each role around one inspection, and test speed-ups."""

import os
from datetime import date

import pytest
from hypothesis import settings as hypothesis_settings

from accounts.tests.factories import AdministratorFactory, CqcInspectorFactory, InspectorFactory
from config import clock_shift
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection

NOTIFIED_ON = date(2026, 12, 14)

# Property tests check rules, not speed: on a busy machine a single example can take longer than
# Hypothesis's default 200 ms deadline, which would fail a correct rule.
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")


def pytest_addoption(parser):
    parser.addoption(
        "--clock-shift-days",
        type=int,
        default=int(os.environ.get(clock_shift.ENV_VAR) or 0),
        metavar="N",
        help="run every test as if today were N days from now (tests must pass on any date)",
    )


def pytest_configure(config):
    clock_shift.start(config.getoption("--clock-shift-days"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files and PDFs go to a temporary folder for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture(autouse=True)
def _own_rate_limits(settings):
    """Each test counts attempts afresh (the counters live in the shared test cache)."""
    import uuid

    settings.RATE_LIMIT_NAMESPACE = uuid.uuid4().hex


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Northshire")


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(name="Southvale")


@pytest.fixture
def admin_user(db):
    return AdministratorFactory()


@pytest.fixture
def lead_inspector(db):
    return InspectorFactory(first_name="Helen", last_name="Okafor", job_title="His Majesty's Inspector", is_hmi=True)


@pytest.fixture
def team_inspector(db):
    return InspectorFactory(first_name="Tom", last_name="Barnes")


@pytest.fixture
def cqc_inspector(db):
    return CqcInspectorFactory(first_name="Priya", last_name="Shah")


@pytest.fixture
def unassigned_inspector(db):
    return InspectorFactory(first_name="Una", last_name="Signed")


@pytest.fixture
def lana(db, partnership):
    """The partnership's local area nominated officer (LANO)."""
    return PartnershipLeadFactory(partnership=partnership, is_lano=True, user__first_name="Sam").user


@pytest.fixture
def local_area_lead(db, partnership):
    return PartnershipLeadFactory(partnership=partnership, user__first_name="Jordan").user


@pytest.fixture
def other_partnership_lead(db, other_partnership):
    return PartnershipLeadFactory(partnership=other_partnership, is_lano=True).user


@pytest.fixture
def inspection(db, partnership, lead_inspector, team_inspector, cqc_inspector):
    """A full inspection of ``partnership`` notified on Monday 14 December 2026."""
    return make_inspection(
        partnership=partnership, notified_on=NOTIFIED_ON, lead=lead_inspector, team=[team_inspector, cqc_inspector]
    )


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: ``client_for(user).get(url)``."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
