"""Give each existing partnership its local authority and ICB as bodies, named as before."""

from django.db import migrations


def create_bodies(apps, schema_editor):
    Partnership = apps.get_model("inspections", "Partnership")
    PartnershipBody = apps.get_model("inspections", "PartnershipBody")
    for partnership in Partnership.objects.all():
        if partnership.local_authority:
            PartnershipBody.objects.get_or_create(
                partnership=partnership, name=partnership.local_authority, defaults={"kind": "local_authority"}
            )
        if partnership.integrated_care_board:
            PartnershipBody.objects.get_or_create(
                partnership=partnership, name=partnership.integrated_care_board, defaults={"kind": "icb"}
            )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_partnership_bodies_and_cqc_lead")]

    operations = [migrations.RunPython(create_bodies, migrations.RunPython.noop)]
