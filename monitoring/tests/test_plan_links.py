"""After a published outcome 3, the areas for priority action link to the priority action plan."""

from django.urls import reverse

from evaluation.models import OutcomeDecision


def test_the_outcome_page_links_each_area_to_the_plan(client_for, published, lead_inspector, lana):
    plan = reverse("followups:action_plan", args=[published.pk])
    for user in (lead_inspector, lana):
        page = client_for(user).get(reverse("evaluation:outcome", args=[published.pk])).content.decode()
        assert page.count(f'href="{plan}"') == 2  # one for each area for priority action
        assert 'Priority action plan<span class="govuk-visually-hidden"> for area for priority action 2' in page


def test_no_link_before_publication(client_for, published, lead_inspector):
    OutcomeDecision.objects.filter(inspection=published).update(published_on=None)
    page = client_for(lead_inspector).get(reverse("evaluation:outcome", args=[published.pk])).content.decode()
    assert reverse("followups:action_plan", args=[published.pk]) not in page


def test_the_plan_page_lists_the_areas(client_for, published, lana):
    page = client_for(lana).get(reverse("followups:action_plan", args=[published.pk])).content.decode()
    assert "Leaders should make sure that children waiting for therapy get help while they wait." in page


def test_the_monitoring_page_links_the_areas_to_the_plan(client_for, monitoring_inspection, published, lead_inspector):
    page = client_for(lead_inspector).get(reverse("monitoring:matrix", args=[monitoring_inspection.pk]))
    assert page.content.decode().count(reverse("followups:action_plan", args=[published.pk])) == 2
