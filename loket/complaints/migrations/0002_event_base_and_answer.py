"""The complaint event table onto `loket.events.EventBase` (kind -> action, message -> note,
public -> visibility, existing rows converted), and `Response` renamed `Answer` (the verb
`answer` and the API's `answers`)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def public_to_visibility(apps, schema_editor):
    Event = apps.get_model("complaints", "Event")
    Event.objects.filter(public=True).update(visibility="public")
    Event.objects.filter(public=False, action="note").update(visibility="internal")
    Event.objects.filter(public=False).exclude(action="note").update(visibility="staff")


def visibility_to_public(apps, schema_editor):
    Event = apps.get_model("complaints", "Event")
    Event.objects.update(public=False)
    Event.objects.filter(visibility="public").update(public=True)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("event", "kind", "action"),
        migrations.RenameField("event", "message", "note"),
        migrations.AddField(
            model_name="event",
            name="visibility",
            field=models.CharField(
                choices=[("public", "Publik"), ("staff", "Staf"), ("internal", "Internal")],
                default="staff",
                max_length=10,
            ),
        ),
        migrations.RunPython(public_to_visibility, visibility_to_public),
        migrations.RemoveField("event", "public"),
        migrations.RemoveConstraint("rating", "rating_once_per_answer"),
        migrations.RenameModel("Response", "Answer"),
        migrations.RenameField("attachment", "response", "answer"),
        migrations.RenameField("rating", "response", "answer"),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.UniqueConstraint(fields=("answer",), name="rating_once_per_answer"),
        ),
        migrations.AlterField(
            model_name="answer",
            name="complaint",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="complaints.complaint",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(
                choices=[
                    ("received", "Pengaduan diterima"),
                    ("classified", "Diverifikasi dan diklasifikasi"),
                    ("reclassified", "Klasifikasi diubah"),
                    ("completion_requested", "Diminta melengkapi"),
                    ("completed", "Dilengkapi pengadu"),
                    ("assigned", "Ditugaskan"),
                    ("note", "Catatan internal"),
                    ("answered", "Dijawab"),
                    ("replied", "Tanggapan pengadu"),
                    ("reopened", "Dibuka kembali (pengadu tidak puas)"),
                    ("rated", "Dinilai pengadu"),
                    ("closed", "Ditutup"),
                    ("not_authority", "Bukan wewenang"),
                    ("forwarded", "Diteruskan ke instansi lain"),
                    ("forward_received", "Diterima dari instansi lain"),
                    ("duplicate", "Ditolak sebagai duplikat"),
                    ("deadline_changed", "Batas waktu dihitung ulang"),
                    ("due_soon", "Mendekati batas waktu"),
                    ("escalated", "Melewati batas waktu, dilaporkan ke kepala"),
                ],
                max_length=30,
                verbose_name="tindakan",
            ),
        ),
        migrations.AlterField(
            model_name="event",
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
        migrations.AlterField(
            model_name="event",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="waktu"),
        ),
        migrations.AlterField(
            model_name="event",
            name="note",
            field=models.TextField(blank=True, verbose_name="catatan"),
        ),
    ]
