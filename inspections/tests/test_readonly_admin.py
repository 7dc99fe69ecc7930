"""Records kept as history can be looked at in the admin but not changed there."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from documents.models import ActivityEntry
from reports.models import FactualAccuracyComment, Report, ReportEvent, ReportPdf
from tracking.models import CaseList, CaseSample, TrackingSelection

pytestmark = pytest.mark.django_db

NEVER_DELETED = [ActivityEntry, Report, ReportPdf, ReportEvent, FactualAccuracyComment]
REMOVABLE_ON_REQUEST = [CaseList, CaseSample, TrackingSelection]


@pytest.fixture
def support_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser(email="support@ofsted.test", password="x")
    return request


@pytest.mark.parametrize("model", NEVER_DELETED + REMOVABLE_ON_REQUEST, ids=lambda m: m.__name__)
def test_support_staff_can_look_but_not_add_or_change(model, support_request):
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(support_request)
    assert not model_admin.has_add_permission(support_request)
    assert not model_admin.has_change_permission(support_request)


@pytest.mark.parametrize("model", NEVER_DELETED, ids=lambda m: m.__name__)
def test_history_is_never_deleted_in_the_admin(model, support_request):
    assert not admin.site._registry[model].has_delete_permission(support_request)


@pytest.mark.parametrize("model", REMOVABLE_ON_REQUEST, ids=lambda m: m.__name__)
def test_case_lists_and_selections_may_be_removed_on_request(model, support_request):
    assert admin.site._registry[model].has_delete_permission(support_request)
