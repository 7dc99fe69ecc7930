from datetime import date

import factory

from accounts.tests.factories import AdministratorFactory, InspectorFactory, LocalAreaLeadFactory
from inspections.models import Partnership, PartnershipBody, PartnershipLead
from inspections.services import announce_inspection


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partnership {n}")
    local_authority = factory.LazyAttribute(lambda o: f"{o.name} Council")
    integrated_care_board = factory.LazyAttribute(lambda o: f"NHS {o.name} Integrated Care Board")
    pcf_name = factory.LazyAttribute(lambda o: f"{o.name} Parent Carer Forum")
    pcf_contact_name = "Dana Hughes"
    pcf_contact_email = "pcf@example.test"
    childrens_social_care_name = factory.LazyAttribute(lambda o: f"{o.name} children's services")
    childrens_social_care_phone = "0300 123 4567"

    @factory.post_generation
    def bodies(obj, create, extracted, **kwargs):
        """The local authority and one ICB, with the details the report prints."""
        if not create or extracted is False:
            return
        slug = obj.name.lower().replace(" ", "")
        PartnershipBody.objects.get_or_create(
            partnership=obj,
            kind=PartnershipBody.Kind.LOCAL_AUTHORITY,
            defaults={
                "name": obj.local_authority,
                "leader_name": "Alex Morgan",
                "website": f"https://www.{slug}.gov.uk",
                "address": f"County Hall\n{obj.name}\nNS1 1AA",
            },
        )
        PartnershipBody.objects.get_or_create(
            partnership=obj,
            name=obj.integrated_care_board,
            defaults={
                "kind": PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
                "leader_name": "Chris Patel",
                "website": f"https://www.{slug}.icb.nhs.uk",
                "address": f"ICB House\n{obj.name}\nNS2 2BB",
            },
        )


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
    cqc_lead=None,
    override_reason: str = "",
    announced_by=None,
):
    """Announce an inspection through the real service (so milestones exist), as an administrator
    on its notification day."""
    partnership = partnership or PartnershipFactory()
    lead = lead or InspectorFactory(is_hmi=True)
    if not lead.is_hmi:  # only an HMI may lead: any Ofsted inspector a test names as lead is one
        lead.is_hmi = True
        lead.save(update_fields=["is_hmi"])
    return announce_inspection(
        partnership=partnership,
        notified_on=notified_on,
        by=announced_by or AdministratorFactory(),
        lead_inspector=lead,
        team=list(team),
        cqc_lead=cqc_lead,
        override_reason=override_reason,
        today=notified_on,
    )
