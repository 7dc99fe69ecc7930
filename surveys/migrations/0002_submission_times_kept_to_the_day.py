"""Responses (and the safeguarding flags raised with them) keep their submission time to the day only."""

from django.db import migrations

TO_THE_DAY = """
UPDATE surveys_response SET submitted_at = (submitted_on::timestamp AT TIME ZONE 'Europe/London');
UPDATE surveys_safeguardingflag f SET created_at = r.submitted_at
  FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
  WHERE a.id = f.answer_id;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TO_THE_DAY)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
