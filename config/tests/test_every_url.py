"""Every URL pattern: no response may be cached, and no path parameter can cause a server error."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from surveys.tests.factories import DURING_SURVEYS, survey_for

pytestmark = pytest.mark.django_db

_PARAM_RE = re.compile(r"<(?:(\w+):)?(\w+)>")
REFUSED = {400, 403, 404, 405}
HOSTILE = ["\x00", "a" * 5000, "9" * 400, "\u00fc\u6f22\u202e", "../", "..%2F..%2Fetc%2Fpasswd", "'; --", "%"]


def routes() -> list[str]:
    """The route of every pattern the project defines (Django's own admin excluded)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if not isinstance(entry.pattern, RoutePattern):
                continue
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if not route.startswith("admin/"):
                    walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


ROUTES = routes()
WITH_PARAMS = [r for r in ROUTES if _PARAM_RE.search(r)]


def fill(route: str, values: dict[str, str], hostile: tuple[str, str] | None = None) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(2)
        if hostile and name == hostile[0]:
            return quote(hostile[1], safe="%")
        return values.get(name, "1")

    return "/" + _PARAM_RE.sub(replace, route)


@pytest.fixture
def during():
    """Surveys open, and sessions started within the same pinned clock."""
    with time_machine.travel(DURING_SURVEYS, tick=False):
        yield


@pytest.fixture
def values(inspection):
    survey = survey_for(inspection)
    return {"inspection_pk": str(inspection.pk), "pk": str(inspection.partnership_id), "token": survey.token}


def test_the_route_list_covers_the_apps():
    assert len(ROUTES) > 40
    assert any(r.startswith("s/<str:token>") for r in ROUTES)


@pytest.mark.parametrize("route", ROUTES)
def test_no_response_may_be_cached(route, during, client_for, admin_user, lead_inspector, values, client):
    path = fill(route, values)
    for user in (admin_user, lead_inspector, None):
        if user is None:
            client.logout()
        else:
            client_for(user)
        response = client.get(path)
        assert response["Cache-Control"] == "private, no-store", (path, response.status_code)


@pytest.mark.parametrize("route", WITH_PARAMS)
def test_hostile_path_parameters_are_refused_never_a_server_error(
    route, during, client_for, admin_user, values, client
):
    names = [m.group(2) for m in _PARAM_RE.finditer(route)]
    for user in (admin_user, None):
        if user is None:
            client.logout()
        else:
            client_for(user)
        for name in names:
            for value in HOSTILE:
                path = fill(route, values, (name, value))
                response = client.get(path)
                posted = client.post(path)
                # 404 (or 400) for a value that is no object; 403 or 405 where the role or the method is
                # refused before the value is looked at; a sign-in redirect for anonymous visitors.
                assert response.status_code in REFUSED or (user is None and response.status_code == 302), (
                    route,
                    path[-80:],
                    response.status_code,
                    response.get("Location"),
                )
                assert posted.status_code < 500, (path[:120], posted.status_code)
