"""Give the mandates already loaded their reporting quarters (later loads do it themselves).
The quarter arithmetic is frozen here so that this migration always means the same."""

import datetime

from django.db import migrations


def quarters(period_start, period_end):
    start = datetime.date(period_start.year, 3 * ((period_start.month - 1) // 3) + 1, 1)
    while start <= period_end:
        month = start.month + 3
        following = datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
        end = following - datetime.timedelta(days=1)
        yield start, end, end + datetime.timedelta(days=14)
        start = following


def create(apps, schema_editor):
    Mandate = apps.get_model("mandates", "Mandate")
    ReportingPeriod = apps.get_model("objectives", "ReportingPeriod")
    for mandate in Mandate.objects.all():
        for start, end, due in quarters(mandate.period_start, mandate.period_end):
            ReportingPeriod.objects.get_or_create(
                mandate=mandate, start=start, defaults={"end": end, "due": due}
            )


class Migration(migrations.Migration):
    dependencies = [("objectives", "0005_reporting_cycle"), ("mandates", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
