from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_evidence_number"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="number",
            field=models.PositiveIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.UniqueConstraint(
                fields=("inspection", "number"), name="evidence_number_unique_per_inspection"
            ),
        ),
    ]
