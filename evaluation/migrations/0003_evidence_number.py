from django.db import migrations, models


def number_within_each_inspection(apps, schema_editor):
    """Existing evidence is numbered 1, 2, ... within its inspection, oldest first."""
    Evidence = apps.get_model("evaluation", "Evidence")
    counters: dict[int, int] = {}
    for evidence in Evidence.objects.order_by("inspection_id", "created_at", "id").only("id", "inspection_id"):
        counters[evidence.inspection_id] = counters.get(evidence.inspection_id, 0) + 1
        Evidence.objects.filter(pk=evidence.pk).update(number=counters[evidence.inspection_id])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_evidence_version_draft_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="number",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.RunPython(number_within_each_inspection, migrations.RunPython.noop),
    ]
