from django.db import migrations

CODES = ["clerical", "custodial", "food", "health", "paraeducators", "security", "trades",
         "technical", "transportation"]


def add_families(apps, schema_editor):
    JobFamily = apps.get_model("core", "JobFamily")
    JobFamily.objects.bulk_create([JobFamily(code=c) for c in CODES], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_families, migrations.RunPython.noop)]
