"""Reports written before section history: each section's text as it stands becomes its version 1."""

from django.db import migrations

SECTIONS = ("partnership_information", "child_experience", "effective", "better")


def existing_text_is_version_one(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    ReportSectionVersion = apps.get_model("reports", "ReportSectionVersion")
    rows = [
        ReportSectionVersion(
            report_id=report.pk,
            section=section,
            number=1,
            text=getattr(report, section),
            saved_by_id=report.updated_by_id,
            saved_at=report.updated_at,
        )
        for report in Report.objects.all().iterator()
        for section in SECTIONS
        if getattr(report, section)
    ]
    ReportSectionVersion.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_report_section_versions"),
    ]

    operations = [
        migrations.RunPython(existing_text_is_version_one, migrations.RunPython.noop),
    ]
