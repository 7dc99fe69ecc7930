import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def count_existing_evidence(apps, schema_editor):
    """The counts of the evidence already recorded, as the services would have kept them."""
    from collections import Counter

    Evidence = apps.get_model("evaluation", "Evidence")
    EvidenceCount = apps.get_model("evaluation", "EvidenceCount")
    counts = Counter()
    rows = Evidence.objects.filter(withdrawn_at__isnull=True).values_list(
        "inspection_id", "criterion_numbers", "source_kind", "nature", "author_id", "author_organisation"
    )
    for inspection_id, numbers, source_kind, nature, author_id, organisation in rows.iterator():
        criteria = ",".join(str(n) for n in sorted(set(numbers)))
        counts[inspection_id, criteria, source_kind, nature, author_id, organisation] += 1
    EvidenceCount.objects.bulk_create(
        EvidenceCount(
            inspection_id=key[0],
            criteria=key[1],
            source_kind=key[2],
            nature=key[3],
            author_id=key[4],
            author_organisation=key[5],
            count=n,
        )
        for key, n in counts.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0007_edit_versions"),
        ("inspections", "0007_partnership_region"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EvidenceCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("criteria", models.CharField(max_length=40)),
                (
                    "source_kind",
                    models.CharField(
                        choices=[
                            ("survey", "Survey"),
                            ("tracking_meeting", "Tracking meeting"),
                            ("case_sample", "Case sample"),
                            ("provider_visit", "Provider visit"),
                            ("leaders_meeting", "Meeting with leaders"),
                            ("pcf_meeting", "Parent carer forum meeting"),
                            ("practitioner_meeting", "Practitioner meeting"),
                            ("focus_group", "Focus group"),
                            ("document", "Self-evaluation or document"),
                        ],
                        max_length=32,
                    ),
                ),
                (
                    "nature",
                    models.CharField(
                        choices=[("strength", "Strength"), ("weakness", "Weakness"), ("context", "Context")],
                        max_length=16,
                    ),
                ),
                ("author_organisation", models.CharField(max_length=20)),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="inspections.inspection"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("inspection", "criteria", "source_kind", "nature", "author", "author_organisation"),
                        name="evidence_count_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(count_existing_evidence, migrations.RunPython.noop),
    ]
