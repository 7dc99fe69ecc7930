from datetime import date

import factory

from accounts.tests.factories import AdministratorFactory, InspectorFactory, LocalAreaLeadFactory
from inspections.models import Partnership, PartnershipLead
from inspections.services import announce_inspection


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partnership {n}")
    local_authority = factory.LazyAttribute(lambda o: f"{o.name} Council")
    integrated_care_board = factory.LazyAttribute(lambda o: f"NHS {o.name} Integrated Care Board")
    pcf_name = factory.LazyAttribute(lambda o: f"{o.name} Parent Carer Forum")
    pcf_contact_name = "Dana Hughes"
    pcf_contact_email = "pcf@example.test"
    childrens_social_care_name = factory.LazyAttribute(lambda o: f"{o.name} children's services")
    childrens_social_care_phone = "0300 123 4567"


class PartnershipLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipLead

    user = factory.SubFactory(LocalAreaLeadFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    is_lano = False


def make_inspection(
    *,
    partnership=None,
    notified_on: date = date(2026, 12, 14),
    lead=None,
    team=(),
    override_reason: str = "",
    announced_by=None,
):
    """Announce an inspection through the real service (so milestones exist), as an administrator
    on its notification day."""
    partnership = partnership or PartnershipFactory()
    lead = lead or InspectorFactory()
    return announce_inspection(
        partnership=partnership,
        notified_on=notified_on,
        announced_by=announced_by or AdministratorFactory(),
        lead_inspector=lead,
        team=list(team),
        override_reason=override_reason,
        today=notified_on,
    )
