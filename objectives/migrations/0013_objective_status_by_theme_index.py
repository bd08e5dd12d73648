"""An index for counting each theme's objectives by latest status and date
(Theme.objects.with_status_counts(), on the home, mandate and theme pages): it holds every
column the count reads, so PostgreSQL answers from the index alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mandates", "0002_reporting_periods_moved_here"),
        ("objectives", "0012_page_cache_removed_periods_and_reminders_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="objective",
            index=models.Index(
                fields=["theme", "latest_status", "latest_as_of", "id"],
                name="objective_status_by_theme",
            ),
        ),
    ]
