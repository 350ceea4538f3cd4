from django.db import migrations

from skutan.staff.rules import seed_marker_kinds


def seed(apps, schema_editor):
    seed_marker_kinds(apps.get_model("staff", "SafetyMarkerKind"))


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_safety_workload_qualifications")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
