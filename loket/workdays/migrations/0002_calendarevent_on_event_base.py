"""CalendarEvent on the shared event base (loket.events.EventBase): `detail` becomes `note`
(its text kept, the field widened to text), and the base's columns are added with their
defaults (visibility staff: the calendar's history is shown on staff pages only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="calendarevent", old_name="detail", new_name="note"),
        migrations.AlterField(
            model_name="calendarevent",
            name="note",
            field=models.TextField(blank=True, verbose_name="catatan"),
        ),
        migrations.AddField(
            model_name="calendarevent",
            name="data",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="calendarevent",
            name="from_status",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="calendarevent",
            name="to_status",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="calendarevent",
            name="visibility",
            field=models.CharField(
                choices=[("public", "Publik"), ("staff", "Staf"), ("internal", "Internal")],
                default="staff",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="calendarevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("day_added", "Hari ditambahkan"),
                    ("day_removed", "Hari dihapus"),
                    ("hours_changed", "Jam layanan diubah"),
                    ("schedule_added", "Jam layanan khusus ditambahkan"),
                    ("schedule_removed", "Jam layanan khusus dihapus"),
                ],
                max_length=30,
                verbose_name="tindakan",
            ),
        ),
        migrations.AlterField(
            model_name="calendarevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="oleh",
            ),
        ),
    ]
