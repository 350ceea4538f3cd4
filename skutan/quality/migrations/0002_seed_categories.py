from django.db import migrations

from skutan.quality.defaults import seed_categories


def seed(apps, schema_editor):
    seed_categories(apps.get_model("quality", "DeviationCategory"))


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_deviations_lex_sarah_risk")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
